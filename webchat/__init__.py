"""The web chat channel: the embeddable widget and its Socket.IO namespace (issue 4)."""

"""The video channel's HTTP side: Twilio Video's status callbacks (docs/video.md). Rooms, tokens
and signalling are `actions.video` and `reads.video`; video calls are joined over Socket.IO."""
from .webhooks import bp

__all__ = ["bp"]

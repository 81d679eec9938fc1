"""The advisor console: sign-in, the live console page, conversation pages (`views`), and its
Socket.IO namespace (`namespace`)."""
from .views import bp

__all__ = ["bp"]

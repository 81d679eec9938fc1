"""The advisor console: sign-in, the live console page, conversation pages (`views`), voicemails
played from Twilio (`voicemail`), and its Socket.IO namespace (`namespace`)."""
from . import voicemail  # noqa: F401  (its route, on the console's blueprint)
from .views import bp

__all__ = ["bp"]

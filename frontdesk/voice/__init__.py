"""The phone channel: Twilio Voice webhooks (`/voice/...`), documented in docs/voice.md."""
from flask import Blueprint

bp = Blueprint("voice", __name__, url_prefix="/voice")

from . import callback_calls, views  # noqa: E402,F401  (register the routes on bp)

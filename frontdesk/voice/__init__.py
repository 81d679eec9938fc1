"""The phone channel: Twilio Voice webhooks (`/voice/...`), documented in docs/voice.md. The
call's journey is `actions.phone`; these views only check, parse, run one step and answer."""
from . import callback_webhooks, webhooks

bp = webhooks.bp
__all__ = ["bp", "callback_webhooks"]

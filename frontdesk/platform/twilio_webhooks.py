"""What arrives from Twilio: checked signatures, and parameters made safe to use.

Everything Twilio sends is untrusted input. The signature proves a request came from
Twilio (or from our own phone simulator, which signs with the same token); the parameters
are then trimmed, limited and stripped of anything odd before the journey sees them.
The voice and video blueprints check every request with `signature_check`.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from flask import Request, current_app, request
from twilio.request_validator import RequestValidator, get_signature_algorithm

log = logging.getLogger(__name__)

MAX_SPEECH = 500
_DIGITS = re.compile(r"^[0-9*#]{1,32}$")
_SID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def webhook_url(path_with_query: str, root_url: str, public_url: str | None) -> str:
    """The URL Twilio signs for a path: under the configured public base URL when there is
    one (the app is behind a proxy), otherwise under the root URL the request came to."""
    return (public_url or root_url).rstrip("/") + path_with_query


def signature_valid(request: Request, auth_token: str, public_url: str | None) -> bool:
    """Whether the request carries a valid X-Twilio-Signature for `auth_token`."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not auth_token:
        return False
    path = request.path + (f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
    url = webhook_url(path, request.root_url, public_url)
    algorithm = get_signature_algorithm(request.headers.get("X-Twilio-Webhooks-Signature-Settings"))
    return RequestValidator(auth_token).validate(url, request.form, signature, algorithm)


def signature_check(kind: str) -> Callable[[], tuple[dict, int] | None]:
    """A before_request for a blueprint of Twilio webhooks (`kind`: "voice", "video"): None for a
    request Twilio signed, else a 403 answer (unless FRONTDESK_TWILIO_SKIP_SIGNATURE_CHECK is on,
    which is refused in production)."""
    def check() -> tuple[dict, int] | None:
        config = current_app.config
        if config.get("TWILIO_SKIP_SIGNATURE_CHECK"):
            return None
        if signature_valid(request, config.get("TWILIO_AUTH_TOKEN") or "", config.get("PUBLIC_URL")):
            return None
        log.warning("refused a %s webhook without a valid Twilio signature: %s %s from %s",
                    kind, request.method, request.path, request.remote_addr)
        return {"error": "this endpoint only answers requests signed by Twilio"}, 403
    return check


def sign(url: str, params: dict[str, str], auth_token: str) -> str:
    """The X-Twilio-Signature Twilio would send for a POST of `params` to `url`."""
    return RequestValidator(auth_token).compute_signature(url, params)


def clean_text(value: str | None, limit: int = MAX_SPEECH) -> str:
    """Speech or text from a caller: printable characters only, spaces collapsed, cut to `limit`."""
    text = unicodedata.normalize("NFC", value or "")
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())[:limit]


@dataclass(frozen=True)
class CallParams:
    """The parameters of one Twilio voice webhook, checked."""

    call_sid: str | None
    from_number: str
    to_number: str
    digits: str | None          # keys pressed; None when none or not keys at all
    speech: str                 # what speech recognition heard ("" when nothing)
    dial_status: str | None     # DialCallStatus of a <Dial> action
    dial_duration_s: int
    call_status: str | None
    call_duration_s: int
    recording_sid: str | None
    recording_url: str | None
    recording_duration_s: int

    @property
    def heard_anything(self) -> bool:
        return bool(self.digits or self.speech)


def _int(value: str | None) -> int:
    try:
        return max(0, min(int(str(value).strip()), 10 ** 6))
    except (TypeError, ValueError):
        return 0


def _token(value: str | None, allowed: tuple[str, ...]) -> str | None:
    value = (value or "").strip().lower()
    return value if value in allowed else None


def call_params(form) -> CallParams:
    """Read a webhook's form fields; never fails, whatever arrives."""
    sid = (form.get("CallSid") or "").strip()
    digits = (form.get("Digits") or "").strip()
    url = (form.get("RecordingUrl") or "").strip()
    return CallParams(
        call_sid=sid if _SID.match(sid) else None,
        from_number=clean_text(form.get("From"), 40),
        to_number=clean_text(form.get("To"), 40),
        digits=digits if _DIGITS.match(digits) else None,
        speech=clean_text(form.get("SpeechResult")),
        dial_status=_token(form.get("DialCallStatus"),
                           ("completed", "answered", "busy", "no-answer", "failed", "canceled")),
        dial_duration_s=_int(form.get("DialCallDuration")),
        call_status=_token(form.get("CallStatus"),
                           ("queued", "ringing", "in-progress", "completed", "busy", "failed",
                            "no-answer", "canceled")),
        call_duration_s=_int(form.get("CallDuration")),
        recording_sid=(form.get("RecordingSid") or "").strip()[:64] or None,
        recording_url=url[:300] if url.startswith("https://") or url.startswith("http://") else None,
        recording_duration_s=_int(form.get("RecordingDuration")),
    )

"""Playing a family's voicemail in the console: fetched from Twilio with the account's credentials
(recordings need not be public) for the staff who may see the callback request, and each playing
recorded in the audit log."""
from __future__ import annotations

import logging
from datetime import datetime

from requests import RequestException
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException

from ..models import StaffUser
from ..platform.refusals import ActionError, AuthError
from ..platform.twilio_client import Audio, recording_audio, twilio_client
from ..reads.access import find_callback
from ._audit_log import record_audit

log = logging.getLogger(__name__)
NOT_HERE = "the recording is not available here"


def do_play_voicemail(session: Session, user: StaffUser, callback_id: int, now: datetime) -> Audio:
    """The voicemail of callback request `callback_id`, for its service's advisors and for
    supervisors (anyone else: "not found", as for a request that does not exist), with the playing
    in the audit log. AuthError 404 when it has no voicemail or the recording cannot be had here
    (Twilio is not configured, as in the demo, or no longer has it); ActionError when Twilio could
    not send it. The audio is fetched before the entry is written, so only a voicemail actually
    sent is recorded as played (fetching changes nothing at Twilio)."""
    try:
        request = find_callback(session, user, callback_id)
    except ActionError:
        raise AuthError(404, "no such callback") from None
    client = twilio_client()
    if not request.recording_url or not request.recording_sid:
        raise AuthError(404, "this callback has no voicemail")
    if client is None:
        raise AuthError(404, NOT_HERE)
    try:
        audio = recording_audio(client, request.recording_sid)
    except LookupError:
        raise AuthError(404, NOT_HERE) from None
    except (TwilioException, RequestException) as exc:
        log.warning("the voicemail of callback %s could not be fetched from Twilio: %s", request.id, exc)
        raise ActionError("call_failed", "Twilio could not send the recording; try again in a moment") from None
    record_audit(session, "play_voicemail", user=user, target=f"callback:{request.id}", at=now)
    return audio

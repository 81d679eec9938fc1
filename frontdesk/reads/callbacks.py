"""Callback requests as the console shows them: the list of a service's (due now, oldest first,
then the later ones), each request, and the family's number for the advisor holding it."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from routing_rules.topics import topic_title

from ..contacts import phone_numbers
from ..directory.snapshot import area_name, current_snapshot
from ..directory.store import service_names
from ..models import CallbackRequest, StaffUser
from ..platform.refusals import ActionError
from ..platform.twilio_client import twilio_client
from .access import require_holder


class CallbackContext:
    """What every item of a list shares, looked up once per list."""

    def __init__(self, session: Session):
        self.places = current_snapshot(session).places
        self.names = service_names(session)
        self.twilio = twilio_client() is not None  # calls can be placed, and recordings fetched
        self.max_attempts = current_app.config["CALLBACK_ATTEMPTS"]


def _voicemail(request: CallbackRequest, twilio: bool) -> dict | None:
    """The voicemail, if one was left: where the console plays it (streamed from Twilio by
    console/voicemail.py, never Twilio's own link), or no `url` when Twilio is not configured
    here and there is no recording to play (the demo, the phone simulator)."""
    if not request.recording_url:
        return None
    return {"url": f"/console/callbacks/{request.id}/voicemail" if twilio else None,
            "duration_s": request.recording_duration_s}


def _masked_phone(request: CallbackRequest) -> str | None:
    return phone_numbers.masked(request.phone) or None


def callback_summary(request: CallbackRequest) -> dict:
    """A request in brief, as a contact's record in the API carries it (docs/api.md): who calls
    back and when, why, the family's number masked, and the voicemail as `message`."""
    return {"service": request.service_id, "due_at": request.due_at.isoformat(), "reason": request.reason,
            "phone": _masked_phone(request), "status": request.status,
            "message": _voicemail(request, twilio_client() is not None)}


def callback_json(session: Session, request: CallbackRequest, context: CallbackContext | None = None) -> dict:
    """One request as the console's callback list shows it (docs/callbacks.md): the family's number
    masked, as on every page; `message` is a written message, `recording` the voicemail."""
    context = context or CallbackContext(session)
    contact = request.contact
    return {
        "id": request.id, "service": request.service_id,
        "service_name": context.names.get(request.service_id, request.service_id),
        "channel": request.channel, "reason": request.reason, "created_at": request.created_at.isoformat(),
        "due_at": request.due_at.isoformat(), "area": area_name(session, request.contact, context.places),
        "topic_label": topic_title(contact.topic),
        "name": request.name, "phone": _masked_phone(request), "email": request.email,
        "message": request.message,
        "recording": _voicemail(request, context.twilio),
        "status": request.status,
        "claimed_by": {"id": request.claimed_by.id, "name": request.claimed_by.name} if request.claimed_by else None,
        "attempts": request.attempts, "max_attempts": context.max_attempts,
        "next_try_at": request.next_try_at.isoformat() if request.next_try_at else None,
        "outcome": request.outcome,
        "can_call": bool(request.phone) and context.twilio,
    }


def callbacks_json(session: Session, service_ids: list[str] | None, now: datetime) -> dict:
    """Open requests of some services (None: all): due now oldest first, then the later ones."""
    query = select(CallbackRequest).where(CallbackRequest.status != "done").options(
        selectinload(CallbackRequest.contact), selectinload(CallbackRequest.claimed_by))
    if service_ids is not None:
        query = query.where(CallbackRequest.service_id.in_(service_ids))
    due, later = [], []
    for request in session.scalars(query.order_by(CallbackRequest.created_at, CallbackRequest.id)):
        ready = max(request.due_at, request.next_try_at or request.due_at)
        (due if ready <= now else later).append((ready, request))
    later.sort(key=lambda item: item[0])
    context = CallbackContext(session)
    return {"due": [callback_json(session, r, context) for _, r in due],
            "later": [callback_json(session, r, context) for _, r in later]}


def number_to_call(user: StaffUser, request: CallbackRequest) -> str:
    """The family's full number, for the advisor holding the request only (elsewhere it is masked)."""
    require_holder(user, request, calling_too=True)
    if not request.phone:
        raise ActionError("no_family_phone", "this family left no phone number")
    return phone_numbers.display(request.phone)

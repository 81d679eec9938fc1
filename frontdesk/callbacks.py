"""Working callback requests: list, claim, call back through Twilio, record how it went.

Every change is a compare-and-set on `CallbackRequest.version`, so two advisors (on any
workers) can never both hold one request, and a retried Twilio webhook changes nothing twice.
Each step writes its handoff event on the family's contact in the same transaction and tells
the consoles after the commit. See docs/callbacks.md.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import phonenumbers
from flask import current_app, url_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from twilio.base.exceptions import TwilioException

from .action_error import ActionError

from .directory.snapshot import area_name, current_snapshot
from .display import masked_phone, topic_title
from .display import phone as display_phone
from .handoff import record_event
from .models import CallbackRequest, StaffUser
from .realtime import ALL_SERVICES, CONSOLE, emit_after_commit, service_room
from .twilio_rest import public_url, twilio_client

MANUAL_OUTCOMES = ("connected", "no_answer", "wrong_number", "emailed", "resolved")
_DIAL_OUTCOMES = {"completed": "connected", "answered": "connected", "busy": "no_answer",
                  "no-answer": "no_answer", "failed": "wrong_number"}
_EVENTS = {"connected": "answered", "no_answer": "no_answer", "wrong_number": "failed",
           "emailed": "completed", "resolved": "completed", "unreached": "completed"}


def _change(session: Session, request: CallbackRequest, **values) -> None:
    """Change `request` if nobody else has since it was read; else ActionError("taken")."""
    done = session.execute(update(CallbackRequest).where(CallbackRequest.id == request.id,
                                                         CallbackRequest.version == request.version)
                           .values(version=request.version + 1, **values))
    if done.rowcount != 1:
        session.expire(request)
        raise ActionError("taken", "someone else changed this callback just now; have another look")


def _log(session: Session, request: CallbackRequest, kind: str, now: datetime, key: str, **detail) -> None:
    contact = request.contact
    record_event(session, contact, kind, now, decision=contact.decisions[-1] if contact.decisions else None,
                 service_id=request.service_id, key=f"callback:{request.id}:{key}",
                 detail={"channel": "callback", **detail})


# --- what the console shows ----------------------------------------------------------------

class _Context:
    """What every item of a list shares, looked up once per list."""

    def __init__(self, session: Session):
        self.places = current_snapshot(session).places
        from .directory.store import service_names
        self.names = service_names(session)
        self.can_call = twilio_client() is not None
        self.max_attempts = current_app.config["CALLBACK_ATTEMPTS"]


def callback_json(session: Session, request: CallbackRequest, now: datetime, context: _Context | None = None) -> dict:
    context = context or _Context(session)
    contact = request.contact
    return {
        "id": request.id, "service": request.service_id,
        "service_name": context.names.get(request.service_id, request.service_id),
        "channel": request.channel, "reason": request.reason, "created_at": request.created_at.isoformat(),
        "due_at": request.due_at.isoformat(), "area": area_name(session, request.contact, context.places),
        "topic_label": topic_title(contact.topic),
        "name": request.name, "phone": masked_phone(request.phone) or None, "email": request.email,
        "message": request.message,
        "recording": {"url": request.recording_url, "duration_s": request.recording_duration_s}
        if request.recording_url else None,
        "status": request.status,
        "claimed_by": {"id": request.claimed_by.id, "name": request.claimed_by.name} if request.claimed_by else None,
        "attempts": request.attempts, "max_attempts": context.max_attempts,
        "next_try_at": request.next_try_at.isoformat() if request.next_try_at else None,
        "outcome": request.outcome,
        "can_call": bool(request.phone) and context.can_call,
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
    context = _Context(session)
    return {"due": [callback_json(session, r, now, context) for _, r in due],
            "later": [callback_json(session, r, now, context) for _, r in later]}


def notify_callbacks(session: Session, service_id: str, now: datetime) -> None:
    """After commit: the service's consoles (and the supervisors') get the new list."""
    emit_after_commit(session, "callbacks", callbacks_json(session, [service_id], now), to=service_room(service_id),
                      namespace=CONSOLE)
    emit_after_commit(session, "callbacks", callbacks_json(session, None, now), to=ALL_SERVICES, namespace=CONSOLE)


# --- an advisor working a request ------------------------------------------------------------

def find_callback(session: Session, user: StaffUser, callback_id: object) -> CallbackRequest:
    """The request, if it is for the user's service (or they supervise); otherwise "not found"."""
    request = session.get(CallbackRequest, callback_id) \
        if isinstance(callback_id, int) and not isinstance(callback_id, bool) else None
    if request is None or not (user.sees_all_services or request.service_id == user.service_id):
        raise ActionError("not_found", "no such callback")
    return request


def set_phone(user: StaffUser, text: object) -> str:
    """The advisor's own number, where "Call back" rings first (kept in E.164). Returns it as
    people write it."""
    try:
        number = phonenumbers.parse(text, "GB") if isinstance(text, str) and len(text) <= 30 else None
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ActionError("invalid", "that phone number doesn't look right", field="phone")
    user.phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return display_phone(user.phone)


def claim(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> None:
    if request.status != "open":
        holder = request.claimed_by.name if request.claimed_by else "another advisor"
        raise ActionError("taken", f"{holder} has this callback" if request.status != "done" else "this callback is done")
    _change(session, request, status="claimed", claimed_by_id=user.id, claimed_at=now)
    notify_callbacks(session, request.service_id, now)


def release(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> None:
    _held_by(user, request, calling_too=True)
    _change(session, request, status="open", claimed_by_id=None, claimed_at=None)
    notify_callbacks(session, request.service_id, now)


def _held_by(user: StaffUser, request: CallbackRequest, calling_too: bool = False) -> None:
    """The user holds the request (or is calling on it, where `calling_too`: so that a call whose
    webhooks never came can still be released or given an outcome by hand)."""
    statuses = ("claimed", "calling") if calling_too else ("claimed",)
    if request.status not in statuses or request.claimed_by_id != user.id:
        raise ActionError("not_claimed", "claim this callback first")


def number_to_call(user: StaffUser, request: CallbackRequest) -> str:
    """The family's full number, for the advisor holding the request only (elsewhere it is masked)."""
    _held_by(user, request, calling_too=True)
    if not request.phone:
        raise ActionError("no_family_phone", "this family left no phone number")
    return display_phone(request.phone)


def call_back(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> None:
    """Ask Twilio to ring the advisor's phone; when they answer, it dials the family."""
    _held_by(user, request)
    client = twilio_client()
    if client is None or not current_app.config.get("FREEPHONE_NUMBER"):
        raise ActionError("not_configured", "calls can't be placed from here (Twilio is not set up): call the family "
                        "from your own phone and record how it went")
    if not request.phone:
        raise ActionError("no_family_phone", "this family left no phone number")
    if not user.phone:
        raise ActionError("no_phone", "add your own phone number first: it rings you, then the family")
    attempt = request.attempts + 1
    _change(session, request, status="calling")
    try:
        call = client.calls.create(
            to=user.phone, from_=current_app.config["FREEPHONE_NUMBER"],
            url=public_url(url_for("voice.callback_advisor", callback_id=request.id, attempt=attempt)),
            status_callback=public_url(url_for("voice.callback_status", callback_id=request.id, attempt=attempt)),
            status_callback_event=["completed"], timeout=30)
    except TwilioException as exc:
        raise ActionError("call_failed", f"Twilio could not place the call: {exc}") from None
    request.call_sid = call.sid
    _log(session, request, "offered", now, f"{attempt}:offered", attempt=attempt, advisor=user.id)
    notify_callbacks(session, request.service_id, now)


def record_outcome(session: Session, user: StaffUser, request: CallbackRequest, outcome: object, note: object,
                   now: datetime) -> None:
    """An outcome the advisor records by hand (they called from their own phone, or wrote)."""
    _held_by(user, request, calling_too=True)
    if not isinstance(outcome, str) or outcome not in MANUAL_OUTCOMES:
        raise ActionError("invalid", "choose how it went")
    note = note.strip()[:1000] if isinstance(note, str) else ""
    _finish_attempt(session, request, outcome, now, counts=outcome in ("connected", "no_answer", "wrong_number"),
                    by=user.id, note=note)


def _finish_attempt(session: Session, request: CallbackRequest, outcome: str, now: datetime, counts: bool,
                    **detail) -> None:
    """Log one try and decide what happens next: done, another try later, or the final message."""
    attempt = request.attempts + (1 if counts else 0)
    _log(session, request, _EVENTS[outcome], now, f"{attempt}:{outcome}:{request.version}", attempt=attempt,
         outcome=outcome, **detail)
    if outcome == "no_answer" and attempt < current_app.config["CALLBACK_ATTEMPTS"]:
        retry = now + timedelta(minutes=current_app.config["CALLBACK_RETRY_MINUTES"])
        _change(session, request, status="open", attempts=attempt, outcome=outcome, next_try_at=retry,
                claimed_by_id=None, claimed_at=None, call_sid=None)
    elif outcome == "no_answer":
        _change(session, request, status="done", attempts=attempt, outcome="unreached", closed_at=now,
                call_sid=None, next_try_at=None)
        _final_message(session, request, now)
    else:
        _change(session, request, status="done", attempts=attempt, outcome=outcome, closed_at=now, call_sid=None,
                next_try_at=None)
    notify_callbacks(session, request.service_id, now)


def _final_message(session: Session, request: CallbackRequest, now: datetime) -> None:
    """After the last unanswered try: one call that tells the family (or their voicemail) we tried."""
    client = twilio_client()
    sent = False
    if client is not None and request.phone and current_app.config.get("FREEPHONE_NUMBER"):
        try:
            client.calls.create(to=request.phone, from_=current_app.config["FREEPHONE_NUMBER"],
                                url=public_url(url_for("voice.callback_final", callback_id=request.id)),
                                machine_detection="DetectMessageEnd", timeout=30)
            sent = True
        except TwilioException:
            sent = False
    _log(session, request, "completed", now, "final", outcome="unreached", final_message=sent)


# --- Twilio telling us how a call went -----------------------------------------------------------

def advisor_answered(request: CallbackRequest, attempt: int) -> bool:
    """Whether a webhook is about the current try (a late or repeated one is not)."""
    return request.status == "calling" and attempt == request.attempts + 1


def family_dialled(session: Session, request: CallbackRequest, attempt: int, dial_status: str | None,
                   now: datetime) -> str | None:
    """The family's leg ended: connected, no answer or wrong number. Returns the outcome, or
    None when this was not the current try (a retried webhook)."""
    if not advisor_answered(request, attempt):
        return None
    if dial_status == "canceled":  # the advisor hung up before the family answered: not the family's miss
        outcome, counts = "advisor_unreached", False
    else:
        outcome, counts = _DIAL_OUTCOMES.get(dial_status or "", "wrong_number"), True
    if counts:
        _finish_attempt(session, request, outcome, now, counts=True, call_sid=request.call_sid)
    else:
        _advisor_missed(session, request, now)
    return outcome


def advisor_leg_ended(session: Session, request: CallbackRequest, attempt: int, call_status: str | None,
                      now: datetime) -> None:
    """The advisor's call ended. If it never got to the family (they didn't answer their own
    phone), the request goes back to them, and nothing counts against the family."""
    if advisor_answered(request, attempt) and call_status in ("busy", "no-answer", "failed", "canceled", "completed"):
        _advisor_missed(session, request, now)


def _advisor_missed(session: Session, request: CallbackRequest, now: datetime) -> None:
    _log(session, request, "no_answer", now, f"{request.attempts + 1}:advisor:{request.version}",
         outcome="advisor_unreached")
    _change(session, request, status="claimed", outcome="advisor_unreached", call_sid=None)
    notify_callbacks(session, request.service_id, now)

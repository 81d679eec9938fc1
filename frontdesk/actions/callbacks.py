"""Working callback requests: claim, call back through Twilio, record how it went.

Every change is a compare-and-set on `CallbackRequest.version`, so two advisors (on any
workers) can never both hold one request, and a retried Twilio webhook changes nothing twice.
Each step writes its handoff event on the family's contact in the same transaction and tells
the consoles after the commit. Calls are placed through Twilio's REST API after the commit; what
Twilio answers is written by a follow-up transaction. See docs/callbacks.md.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from flask import current_app, url_for
from sqlalchemy import update
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException

from ..contacts import phone_numbers
from ..contacts.chat_forms import note_text
from ..models import CallbackRequest, StaffUser
from ..platform.outbox import call_after_commit
from ..platform.refusals import ActionError
from ..platform.transactions import in_new_transaction
from ..platform.twilio_client import public_url, twilio_client
from ..reads.access import require_holder
from ._handoff_log import event_key, record_event
from ._notify import notify_callbacks

MANUAL_OUTCOMES = ("connected", "no_answer", "wrong_number", "emailed", "resolved")
_DIAL_OUTCOMES = {"completed": "connected", "answered": "connected", "busy": "no_answer",
                  "no-answer": "no_answer", "failed": "wrong_number"}
_EVENTS = {"connected": "answered", "no_answer": "no_answer", "wrong_number": "failed",
           "emailed": "completed", "resolved": "completed", "unreached": "completed"}
RING_S = 30  # how long a call back rings each phone


def _change(session: Session, request: CallbackRequest, **values) -> None:
    """Change `request` if nobody else has since it was read; else ActionError("taken")."""
    done = session.execute(update(CallbackRequest).where(CallbackRequest.id == request.id,
                                                         CallbackRequest.version == request.version)
                           .values(version=request.version + 1, **values))
    if done.rowcount != 1:
        session.expire(request)
        raise ActionError("taken", "someone else changed this callback just now; have another look")


def _log(session: Session, request: CallbackRequest, kind: str, now: datetime, *key, **detail) -> None:
    contact = request.contact
    record_event(session, contact, kind, now, decision=contact.decisions[-1] if contact.decisions else None,
                 service_id=request.service_id, key=event_key("callback", request.id, *key),
                 detail={"channel": "callback", **detail})


# --- an advisor working a request ------------------------------------------------------------

def do_set_advisor_phone(user: StaffUser, text: object) -> str:
    """The advisor's own number, where "Call back" rings first (kept in E.164). Returns it as
    people write it."""
    user.phone = phone_numbers.typed_number(text)
    return phone_numbers.display(user.phone)


def do_claim_callback(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> None:
    """Hold a request: nobody else can call the family back while it is held."""
    if request.status != "open":
        holder = request.claimed_by.name if request.claimed_by else "another advisor"
        raise ActionError("taken", f"{holder} has this callback" if request.status != "done" else "this callback is done")
    _change(session, request, status="claimed", claimed_by_id=user.id, claimed_at=now)
    notify_callbacks(session, request.service_id, now)


def do_release_callback(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> None:
    """Put a held request back on the list for anyone to take."""
    require_holder(user, request, calling_too=True)
    _change(session, request, status="open", claimed_by_id=None, claimed_at=None)
    notify_callbacks(session, request.service_id, now)


def do_call_back(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> None:
    """Ask Twilio (after the commit) to ring the advisor's phone; when they answer, it dials the
    family. If Twilio refuses, the request is held again and the advisor is told ("call_failed")."""
    require_holder(user, request)
    client, freephone = twilio_client(), current_app.config.get("FREEPHONE_NUMBER")
    if client is None or not freephone:
        raise ActionError("not_configured", "calls can't be placed from here (Twilio is not set up): call the family "
                          "from your own phone and record how it went")
    if not request.phone:
        raise ActionError("no_family_phone", "this family left no phone number")
    if not user.phone:
        raise ActionError("no_phone", "add your own phone number first: it rings you, then the family")
    attempt = request.attempts + 1
    _change(session, request, status="calling")
    notify_callbacks(session, request.service_id, now)
    call = partial(client.calls.create, to=user.phone, from_=freephone, timeout=RING_S, status_callback_event=["completed"],
                   url=public_url(url_for("voice.callback_advisor", callback_id=request.id, attempt=attempt)),
                   status_callback=public_url(url_for("voice.callback_status", callback_id=request.id, attempt=attempt)))
    call_after_commit(session, partial(_ring_advisor, call, request.id, attempt, user.id, now))


def _ring_advisor(call, request_id: int, attempt: int, advisor_id: int, now: datetime) -> None:
    try:
        placed = call()
    except TwilioException as exc:
        in_new_transaction(_call_not_placed, request_id, attempt, now)
        raise ActionError("call_failed", f"Twilio could not place the call: {exc}") from None
    in_new_transaction(_call_placed, request_id, attempt, placed.sid, advisor_id, now)


def _current_try(session: Session, request_id: int, attempt: int) -> CallbackRequest | None:
    request = session.get(CallbackRequest, request_id)
    return request if request is not None and is_current_try(request, attempt) else None


def _call_placed(session: Session, request_id: int, attempt: int, call_sid: str, advisor_id: int,
                 now: datetime) -> None:
    request = _current_try(session, request_id, attempt)
    if request is not None:
        request.call_sid = call_sid
        _log(session, request, "offered", now, attempt, "offered", attempt=attempt, advisor=advisor_id)


def _call_not_placed(session: Session, request_id: int, attempt: int, now: datetime) -> None:
    request = _current_try(session, request_id, attempt)
    if request is not None:
        _change(session, request, status="claimed")
        notify_callbacks(session, request.service_id, now)


def do_record_callback_outcome(session: Session, user: StaffUser, request: CallbackRequest, outcome: object,
                               note: object, now: datetime) -> None:
    """An outcome the advisor records by hand (they called from their own phone, or wrote)."""
    require_holder(user, request, calling_too=True)
    if not isinstance(outcome, str) or outcome not in MANUAL_OUTCOMES:
        raise ActionError("invalid", "choose how it went")
    _finish_attempt(session, request, outcome, now, counts=outcome in ("connected", "no_answer", "wrong_number"),
                    by=user.id, note=note_text(note))


def _finish_attempt(session: Session, request: CallbackRequest, outcome: str, now: datetime, counts: bool,
                    **detail) -> None:
    """Log one try and decide what happens next: done, another try later, or the final message."""
    attempt = request.attempts + (1 if counts else 0)
    _log(session, request, _EVENTS[outcome], now, attempt, outcome, request.version, attempt=attempt,
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
    """After the last unanswered try: one call (after the commit) that tells the family, or their
    voicemail, that we tried. `final_message` in the log says whether it is placed; a call Twilio
    refuses is logged as failed."""
    client, freephone = twilio_client(), current_app.config.get("FREEPHONE_NUMBER")
    placing = client is not None and bool(request.phone) and bool(freephone)
    _log(session, request, "completed", now, "final", outcome="unreached", final_message=placing)
    if placing:
        call = partial(client.calls.create, to=request.phone, from_=freephone, timeout=RING_S,
                       url=public_url(url_for("voice.callback_final", callback_id=request.id)),
                       machine_detection="DetectMessageEnd")
        call_after_commit(session, partial(_ring_family_last_time, call, request.id, now))


def _ring_family_last_time(call, request_id: int, now: datetime) -> None:
    try:
        call()
    except TwilioException as exc:
        in_new_transaction(_final_message_failed, request_id, str(exc)[:200], now)


def _final_message_failed(session: Session, request_id: int, error: str, now: datetime) -> None:
    request = session.get(CallbackRequest, request_id)
    if request is not None:
        _log(session, request, "failed", now, "final", "failed", outcome="unreached", final_message=False, error=error)


# --- Twilio telling us how a call went -----------------------------------------------------------

def is_current_try(request: CallbackRequest, attempt: int) -> bool:
    """Whether a webhook is about the current try (a late or repeated one is not)."""
    return request.status == "calling" and attempt == request.attempts + 1


def do_callback_family_dialled(session: Session, request: CallbackRequest, attempt: int, dial_status: str | None,
                               now: datetime) -> str | None:
    """The family's leg ended: connected, no answer or wrong number. Returns the outcome, or
    None when this was not the current try (a retried webhook)."""
    if not is_current_try(request, attempt):
        return None
    if dial_status == "canceled":  # the advisor hung up before the family answered: not the family's miss
        _advisor_missed(session, request, now)
        return "advisor_unreached"
    outcome = _DIAL_OUTCOMES.get(dial_status or "", "wrong_number")
    _finish_attempt(session, request, outcome, now, counts=True, call_sid=request.call_sid)
    return outcome


def do_callback_advisor_leg_ended(session: Session, request: CallbackRequest, attempt: int, call_status: str | None,
                                  now: datetime) -> None:
    """The advisor's call ended. If it never got to the family (they didn't answer their own
    phone), the request goes back to them, and nothing counts against the family."""
    if is_current_try(request, attempt) and call_status in ("busy", "no-answer", "failed", "canceled", "completed"):
        _advisor_missed(session, request, now)


def _advisor_missed(session: Session, request: CallbackRequest, now: datetime) -> None:
    _log(session, request, "no_answer", now, request.attempts + 1, "advisor", request.version,
         outcome="advisor_unreached")
    _change(session, request, status="claimed", outcome="advisor_unreached", call_sid=None)
    notify_callbacks(session, request.service_id, now)

"""Running one step of a call: each Twilio webhook is handled once, in one transaction.

Every answer we give carries the number of the next step in its action URLs (`?n=4`).
Handling step n first moves the call's counter from n-1 to n with a compare-and-set
UPDATE; a retried request finds the counter already moved and gets the stored answer
back, so nothing is asked, logged or dialled twice — with one worker or several.

A new call only reads until its answer is ready, then writes the contact and the call in
one short transaction; a retried or concurrent first webhook meets the unique CallSid and
gets the answer the first one stored. Each action here runs its own transaction (begins it as
a writer, commits it) and returns the TwiML to answer with.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import VoiceResponse

from ...contacts.input import ContactInput
from ...contacts.phone_numbers import caller_hash, caller_number
from ...models import PhoneCall
from ...platform.transactions import begin_writing
from ...platform.twilio_webhooks import CallParams
from .._handoff_log import new_contact
from . import dialling, journey
from .step import Step, VoiceSettings
from .twiml import Reply

# The webhook steps of a call after the first, by the name of their endpoint (/voice/<name>).
STEPS: dict[str, Callable[[Step], None]] = {
    "location": journey.on_location, "area": journey.on_area, "topic": journey.on_topic,
    "dialled": dialling.on_dialled, "recorded": dialling.on_recorded,
}


def find_call(session: Session, call_sid: str) -> PhoneCall | None:
    return session.scalar(select(PhoneCall).where(PhoneCall.call_sid == call_sid)
                          .execution_options(populate_existing=True))


def _new_call(params: CallParams, now: datetime, secret: str) -> PhoneCall:
    """A call and its contact for a first webhook, not yet saved."""
    contact = new_contact(ContactInput(channel="phone", received_at=now), params.call_sid)
    return PhoneCall(call_sid=params.call_sid, contact=contact, started_at=now, stage="location", attempts=0,
                     location_asks=0, pending={}, step=0,
                     caller_hash=caller_hash(caller_number(params.from_number), secret))


def do_start_call(session: Session, params: CallParams, now: datetime, settings: VoiceSettings,
                  url_for: Callable[..., str]) -> str:
    """Answer a call's first webhook: work out the answer reading only, then save the call with
    its answer. A repeat of the first webhook gets the answer that was saved first."""
    step = Step(session, _new_call(params, now, settings.secret), params, now, settings, url_for)
    journey.start(step)
    answer = step.call.last_twiml = str(step.reply)
    session.rollback()  # end the reading: the writing below is short
    begin_writing(session)
    session.add(step.call)
    try:
        session.commit()
    except IntegrityError:  # this CallSid was saved already: Twilio retried, or another worker
        session.rollback()
        return find_call(session, step.call.call_sid).last_twiml
    return answer


def _claim_step(session: Session, call_sid: str, n: int) -> tuple[PhoneCall | None, bool]:
    """Move the call on to step `n` if it is at step n-1. Returns the call (None if unknown)
    and whether this request should handle the step (False: a repeat of a handled one)."""
    moved = session.execute(update(PhoneCall).where(PhoneCall.call_sid == call_sid, PhoneCall.step == n - 1)
                            .values(step=n)).rowcount
    return find_call(session, call_sid), moved == 1


def do_answer_step(session: Session, name: str, n: int, params: CallParams, now: datetime,
                   settings: VoiceSettings, url_for: Callable[..., str]) -> str:
    """Run step `n` of a known call with the handler `STEPS[name]`, keep its answer for repeats,
    and commit; a repeated request gets the answer it had, and a call we never saw begin is
    started properly."""
    begin_writing(session)
    call, fresh = _claim_step(session, params.call_sid, n)
    if call is None:
        session.rollback()
        return str(Reply(settings.voice).redirect(url_for("voice.incoming")))
    if not fresh:
        answered = call.last_twiml
        session.rollback()
        return answered or str(VoiceResponse())
    step = Step(session, call, params, now, settings, url_for)
    STEPS[name](step)
    answer = call.last_twiml = str(step.reply)
    session.commit()
    return answer


def _after_the_call(session: Session, params: CallParams, handle: Callable[[PhoneCall], None]) -> None:
    begin_writing(session)
    call = find_call(session, params.call_sid) if params.call_sid else None
    if call is not None:
        handle(call)
    session.commit()


def do_record_call_ended(session: Session, params: CallParams, now: datetime) -> None:
    """Twilio's call status callback: keep how long the call lasted and how it ended."""
    _after_the_call(session, params, lambda call: dialling.call_ended(session, call, params, now))


def do_record_recording(session: Session, params: CallParams, now: datetime) -> None:
    """Twilio's recording status callback: a message's audio is stored."""
    _after_the_call(session, params, lambda call: dialling.recording_stored(session, call, params, now))

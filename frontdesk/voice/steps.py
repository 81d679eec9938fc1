"""Running one step of a call: each Twilio webhook is handled once, in one transaction.

Every answer we give carries the number of the next step in its action URLs (`?n=4`).
Handling step n first moves the call's counter from n-1 to n with a compare-and-set
UPDATE; a retried request finds the counter already moved and gets the stored answer
back, so nothing is asked, logged or dialled twice — with one worker or several.

A new call only reads until its answer is ready, then writes the contact and the call in
one short transaction; a retried or concurrent first webhook meets the unique CallSid and
gets the answer the first one stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..contact_input import ContactInput
from ..directory.snapshot import Snapshot, current_snapshot
from ..handoff import new_contact
from ..logs import tag_contact
from ..models import PhoneCall
from ..sqlite import begin_writing
from .callers import caller_hash, caller_number
from .twilio_request import CallParams
from .twiml import Reply


@dataclass(frozen=True)
class VoiceSettings:
    helpline: str
    voice: str
    caller_id: str | None         # the Freephone number shown to the services we dial
    returning_caller_days: int
    voicemail_max_s: int
    secret: str                   # keys the caller hash


@dataclass
class Step:
    """Everything one step of the journey works with."""

    session: Session
    call: PhoneCall
    params: CallParams
    now: datetime
    settings: VoiceSettings
    url_for: Callable[..., str]    # endpoint name and arguments -> relative URL
    reply: Reply = field(init=False)

    def __post_init__(self) -> None:
        self.reply = Reply(self.settings.voice)
        tag_contact(self.call.contact_id or self.call.contact.id)  # a new call's contact is not flushed yet

    @cached_property
    def snapshot(self) -> Snapshot:
        """The directory as this step sees it (read once per step)."""
        return current_snapshot(self.session)

    def next_url(self, endpoint: str, **args) -> str:
        """The URL of the webhook that answers this step's question."""
        return self.url_for(f"voice.{endpoint}", n=self.call.step + 1, **args)

    def move(self, stage: str, pending: dict | None = None) -> None:
        """Go on to a new question: its own count of failed tries starts at nought."""
        if stage != self.call.stage:
            self.call.attempts = 0
        self.call.stage = stage
        self.call.pending = pending or {}


def find_call(session: Session, call_sid: str) -> PhoneCall | None:
    return session.scalar(select(PhoneCall).where(PhoneCall.call_sid == call_sid)
                          .execution_options(populate_existing=True))


def new_call(params: CallParams, now: datetime, secret: str) -> PhoneCall:
    """A call and its contact for a first webhook, not yet saved (see `start_call`)."""
    contact = new_contact(ContactInput(channel="phone", received_at=now), params.call_sid)
    return PhoneCall(call_sid=params.call_sid, contact=contact, started_at=now, stage="location", attempts=0,
                     location_asks=0, pending={}, step=0,
                     caller_hash=caller_hash(caller_number(params.from_number), secret))


def start_call(step: Step, handler: Callable[[Step], None]) -> str:
    """Answer a call's first webhook: work out the answer reading only, then save the call with
    its answer. A repeat of the first webhook gets the answer that was saved first."""
    handler(step)
    answer = step.call.last_twiml = str(step.reply)
    session = step.session
    session.rollback()  # end the reading: the writing below is short
    begin_writing(session)
    session.add(step.call)
    try:
        session.commit()
    except IntegrityError:  # this CallSid was saved already: Twilio retried, or another worker
        session.rollback()
        return find_call(session, step.call.call_sid).last_twiml
    return answer


def claim_step(session: Session, call_sid: str, n: int) -> tuple[PhoneCall | None, bool]:
    """Move the call on to step `n` if it is at step n-1. Returns the call (None if unknown)
    and whether this request should handle the step (False: a repeat of a handled one)."""
    moved = session.execute(update(PhoneCall).where(PhoneCall.call_sid == call_sid, PhoneCall.step == n - 1)
                            .values(step=n)).rowcount
    return find_call(session, call_sid), moved == 1


def run(step: Step, handler: Callable[[Step], None]) -> str:
    """Handle the step, keep its answer for repeats, and commit; returns the TwiML."""
    handler(step)
    answer = step.call.last_twiml = str(step.reply)
    step.session.commit()
    return answer

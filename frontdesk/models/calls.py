"""Phone calls: where each call is in the journey, and the callback requests calls leave behind."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .contacts import Contact, DecisionRecord
from .staff import StaffUser  # noqa: F401  (claimed_by)
from .types import UTCDateTime

CALL_STAGES = ("location", "confirm_area", "choose_area", "keypad_letter", "topic", "connecting",
               "voicemail", "finished")


class PhoneCall(Base):
    """One inbound call (a Twilio CallSid) and the state of its journey.

    The caller's number is never stored here: only a keyed hash of it, to recognise a
    returning caller. `step` counts the webhook requests handled so far; each answer's
    action URLs carry the next step number, so a retried request is recognised and gets
    the answer it got the first time (`last_twiml`) instead of being handled twice.
    """

    __tablename__ = "phone_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), index=True)
    caller_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    stage: Mapped[str] = mapped_column(String(20), default="location")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # failed tries at the current question
    location_asks: Mapped[int] = mapped_column(Integer, default=0)  # times asked where they live
    pending: Mapped[dict] = mapped_column(JSON, default=dict)  # what the current question offers
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    target_index: Mapped[int | None] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer, default=0)
    last_twiml: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(30))  # answered, message, no_message, abandoned

    contact: Mapped[Contact] = relationship()
    decision: Mapped[DecisionRecord | None] = relationship()


class CallbackRequest(Base):
    """A family waiting to be called back: the only place a caller's number is kept."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), unique=True)
    service_id: Mapped[str] = mapped_column(String(80), index=True)  # who calls back
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164; None when the number was withheld
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # when the service is next open
    reason: Mapped[str] = mapped_column(String(30))  # closed, no_answer
    recording_sid: Mapped[str | None] = mapped_column(String(64))
    recording_url: Mapped[str | None] = mapped_column(String(300))
    recording_duration_s: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="open")
    channel: Mapped[str] = mapped_column(String(10), default="phone")  # where it was left: phone, chat
    name: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)  # a written message (offline chat)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Working it (docs/callbacks.md): status open -> claimed -> calling -> claimed/open ... -> done.
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # calls that rang the family
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))  # the latest: connected, no_answer, ...
    call_sid: Mapped[str | None] = mapped_column(String(64))  # the advisor's leg of the current attempt
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=0)  # every change is a compare-and-set on it

    contact: Mapped[Contact] = relationship(back_populates="callback")
    claimed_by: Mapped["StaffUser | None"] = relationship()  # noqa: F821

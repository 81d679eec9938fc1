"""Contacts, the decisions made for them, and the append-only handoff log."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .types import UTCDateTime

EVENT_KINDS = ("offered", "answered", "busy", "no_answer", "failed", "transferred", "abandoned", "completed")


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("channel", "channel_ref"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    channel_ref: Mapped[str | None] = mapped_column(String(64))  # e.g. Twilio CallSid
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    given: Mapped[dict] = mapped_column(JSON, default=dict)  # what the family told us (personal data)
    authority_code: Mapped[str | None] = mapped_column(String(9), index=True)
    topic: Mapped[str] = mapped_column(String(30), default="other")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decisions: Mapped[list["DecisionRecord"]] = relationship(
        back_populates="contact", order_by="DecisionRecord.id")
    events: Mapped[list["HandoffEvent"]] = relationship(
        back_populates="contact", order_by="HandoffEvent.id")
    callback: Mapped["CallbackRequest | None"] = relationship(back_populates="contact")  # noqa: F821


class DecisionRecord(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), index=True)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    rule: Mapped[str] = mapped_column(String(80))
    rulebook_version: Mapped[str] = mapped_column(String(40), index=True)
    first_kind: Mapped[str] = mapped_column(String(20))
    first_service: Mapped[str] = mapped_column(String(80), index=True)
    payload: Mapped[dict] = mapped_column(JSON)  # the Decision JSON, trace included
    contact: Mapped[Contact] = relationship(back_populates="decisions")


class HandoffEvent(Base):
    """One step in carrying out a decision. Rows are never updated or deleted, with one exception:
    the retention schedule empties the advisor's `note` in `detail` when it is due, with a Core
    UPDATE of that column alone (actions/retention.py); everything the reports count stays."""

    __tablename__ = "handoff_events"
    __table_args__ = (CheckConstraint("kind IN ('" + "','".join(EVENT_KINDS) + "')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    kind: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[str | None] = mapped_column(String(80), index=True)
    target_index: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    contact: Mapped[Contact] = relationship(back_populates="events")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a handoff event."""


@event.listens_for(HandoffEvent, "before_update")
@event.listens_for(HandoffEvent, "before_delete")
def _refuse_change(mapper, connection, target):
    raise AppendOnlyError("handoff events are append-only")

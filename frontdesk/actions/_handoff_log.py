"""Writing the handoff log: open a contact with its decision, and append handoff events.

Each function writes in the caller's transaction (the step that caused it), so the step and
its log entries commit or fail together. Events are idempotent on a key built from the
channel's own id (e.g. Twilio's CallSid), so a retried webhook never writes twice.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routing_rules import Decision

from ..contacts.input import ContactInput
from ..models import EVENT_KINDS, Contact, DecisionRecord, HandoffEvent


KEY_LENGTH = 160  # HandoffEvent.idempotency_key


def event_key(*parts) -> str:
    """The idempotency key of one step: the channel's own ids and the step, joined by colons
    ("chat", chat id, hop, "offered"), so that a repeat of the step finds the event it wrote."""
    return ":".join(map(str, parts))[:KEY_LENGTH]


def new_contact(inp: ContactInput, channel_ref: str | None = None) -> Contact:
    """A contact for what arrived, not yet added to any session."""
    return Contact(id=uuid.uuid4().hex, channel=inp.channel, channel_ref=channel_ref, received_at=inp.received_at,
                   given=inp.given(), topic="other", urgent=False)


def open_contact(session: Session, inp: ContactInput, channel_ref: str | None = None) -> Contact:
    """The contact for `channel_ref` (e.g. a CallSid), created on first sight; never twice."""
    if channel_ref:
        found = session.scalar(select(Contact).where(Contact.channel == inp.channel,
                                                     Contact.channel_ref == channel_ref))
        if found:
            return found
    contact = new_contact(inp, channel_ref)
    try:
        with session.begin_nested():
            session.add(contact)
    except IntegrityError:  # another worker opened it first
        return session.scalar(select(Contact).where(Contact.channel == inp.channel,
                                                    Contact.channel_ref == channel_ref))
    return contact


def record_decision(session: Session, contact: Contact, decision: Decision) -> DecisionRecord:
    """Store a decision (with its rulebook version and trace) and the facts it resolved."""
    contact.authority_code = decision.contact.local_authority.code
    contact.topic = decision.contact.topic
    contact.urgent = decision.contact.urgent
    first = decision.targets[0]
    record = DecisionRecord(contact_id=contact.id, decided_at=decision.decided_at, rule=decision.rule,
                            rulebook_version=decision.rulebook_version, first_kind=first.kind,
                            first_service=first.service, payload=decision.to_json())
    session.add(record)
    session.flush()
    return record


def record_event(session: Session, contact: Contact, kind: str, at: datetime, *,
                 decision: DecisionRecord | None = None, service_id: str | None = None,
                 target_index: int | None = None, key: str | None = None,
                 detail: dict | None = None) -> HandoffEvent:
    """Append a handoff event; with `key`, a repeat of the same step returns the first event."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown handoff event '{kind}'; expected one of {', '.join(EVENT_KINDS)}")
    if key:
        found = session.scalar(select(HandoffEvent).where(HandoffEvent.idempotency_key == key))
        if found:
            return found
    event = HandoffEvent(contact_id=contact.id, decision_id=decision.id if decision else None, kind=kind,
                         service_id=service_id, target_index=target_index, at=at, idempotency_key=key,
                         detail=detail or {})
    try:
        with session.begin_nested():
            session.add(event)
    except IntegrityError:
        if not key:
            raise
        return session.scalar(select(HandoffEvent).where(HandoffEvent.idempotency_key == key))
    return event

"""The handoff log: contacts, decisions and append-only events, idempotent on the channel's id."""
import pytest
from sqlalchemy import func, select

from frontdesk.contacts.input import ContactInput
from frontdesk.platform.clock import parse_time
from frontdesk.actions._handoff_log import open_contact, record_decision, record_event
from frontdesk.models import AppendOnlyError, Contact, HandoffEvent
from frontdesk.rules.decide import decide


def _inp(when="2026-11-25T11:00:00Z", **kw):
    return ContactInput(channel="phone", received_at=parse_time(when), **kw)


def test_a_retried_webhook_neither_duplicates_the_contact_nor_its_events(db):
    inp = _inp(postcode="HG1 2AB")
    first = open_contact(db, inp, channel_ref="CA123")
    decision = record_decision(db, first, decide(db, inp))
    record_event(db, first, "offered", inp.received_at, decision=decision, service_id="north-yorkshire-iass",
                 target_index=0, key="CA123:offered:0")
    db.commit()
    again = open_contact(db, inp, channel_ref="CA123")          # Twilio retries
    event = record_event(db, again, "offered", inp.received_at, service_id="north-yorkshire-iass",
                         target_index=0, key="CA123:offered:0")
    db.commit()
    assert again.id == first.id
    assert db.scalar(select(func.count()).select_from(Contact)) == 1
    assert db.scalar(select(func.count()).select_from(HandoffEvent)) == 1
    assert event.decision_id == decision.id


def test_the_decision_is_stored_with_its_rulebook_version_and_trace(db):
    inp = _inp(place="Penzance", message="she has been excluded")
    contact = open_contact(db, inp)
    d = decide(db, inp)
    record = record_decision(db, contact, d)
    db.commit()
    assert contact.authority_code == "E06000052" and contact.topic == "exclusion"
    assert record.rulebook_version == d.rulebook_version and record.first_service == "cornwall-iass"
    assert record.payload["trace"][-1] == {"rule": "local-iass", "matched": True,
                                           "reason": "cornwall-iass then national-helpline then out-of-hours"}
    assert contact.given == {"place": "Penzance", "message": "she has been excluded"}


def test_handoff_events_cannot_be_changed_or_deleted(db):
    inp = _inp()
    contact = open_contact(db, inp)
    event = record_event(db, contact, "abandoned", inp.received_at)
    db.commit()
    event.kind = "answered"
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    db.delete(db.get(HandoffEvent, event.id))
    with pytest.raises(AppendOnlyError):
        db.flush()


def test_unknown_event_kinds_are_refused(db):
    inp = _inp()
    contact = open_contact(db, inp)
    with pytest.raises(ValueError, match="unknown handoff event 'rang'"):
        record_event(db, contact, "rang", inp.received_at)


def test_a_failed_step_leaves_nothing_half_written(db):
    inp = _inp()
    contact = open_contact(db, inp, channel_ref="CA999")
    record_event(db, contact, "offered", inp.received_at, key="CA999:offered:0")
    db.rollback()  # the step that caused them failed
    assert db.scalar(select(func.count()).select_from(Contact)) == 0
    assert db.scalar(select(func.count()).select_from(HandoffEvent)) == 0

"""The retention schedule (`frontdesk retention run`): when it is due, what a family told us and
what advisors wrote about them is wiped wherever it was copied, while what the reports count
stays; voicemails are deleted at Twilio, and a deletion Twilio did not confirm is tried again on
the next run."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import JSON, String, select

from frontdesk.actions.retention import RetentionRun, do_run_retention
from frontdesk.cli import main
from frontdesk.models import AuditEntry, Base, CallbackRequest, Chat, HandoffEvent
from tests.support import ACCOUNT, Phone

WORRY = "he keeps saying he wants to die"  # a risk phrase: the chat is urgent
TRANSFER_NOTE = "Mum says the school excluded him twice this term"
CLOSE_NOTE = "Sent her the IPSEA exclusions guide"
CALLBACK_NOTE = "Spoke to dad about the annual review of Arlo"
FAMILY_WORDS = ("wants to die", "excluded him twice", "IPSEA exclusions", "annual review of Arlo", "Priya")


def _retention(app, session, at) -> RetentionRun:
    """A run at `at` (the default 90 and 30 days), committed."""
    with app.app_context():
        run = do_run_retention(session, at, 90, 30)
    session.commit()
    return run


def _where(session, needles) -> set[str]:
    """Every table.column whose text (or JSON) holds one of `needles`."""
    found = set()
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, JSON))]
        for row in session.execute(select(*columns)) if columns else ():
            for column, value in zip(columns, row):
                text = value if isinstance(value, str) else json.dumps(value)
                if value is not None and any(n.lower() in text.lower() for n in needles):
                    found.add(f"{table.name}.{column.name}")
    return found


def _chat_with_notes(own_session, family, advisor, clock) -> str:
    """An urgent chat from Birmingham (a risk phrase, the child's age), taken by the supervisor on
    the urgent line, transferred with a note and closed with another; returns its id."""
    sam, nadia = advisor("sam"), advisor("nadia")
    tab = family()
    chat_id = tab.start(name="Priya", age=7, message=f"My son's EHC plan review is late and {WORRY}")[
        "conversation"]["id"]
    assert sam.emit("accept", {"chat": chat_id})["ok"]
    assert sam.emit("transfer", {"chat": chat_id, "service": "national-helpline", "note": TRANSFER_NOTE})["ok"]
    assert nadia.emit("accept", {"chat": chat_id})["ok"]
    assert nadia.emit("close", {"chat": chat_id, "outcome": "advice_given", "note": CLOSE_NOTE})["ok"]
    own_session.rollback()
    own_session.get(Chat, chat_id).created_at = clock.at  # (rows carry the wall-clock time they were made)
    own_session.commit()
    return chat_id


def test_advisors_notes_and_the_familys_words_in_decisions_are_wiped_when_due(app, own_session, family, advisor,
                                                                             clock):
    before = _where(own_session, FAMILY_WORDS)  # the directory's own words, if any
    chat_id = _chat_with_notes(own_session, family, advisor, clock)
    decision = own_session.get(Chat, chat_id).decision.payload["contact"]
    assert decision["risk_phrases"] == ["wants to die"] and decision["age"] == 7
    assert {"chats.transfer", "handoff_events.detail", "audit_log.detail", "decisions.payload"} <= _where(
        own_session, FAMILY_WORDS)

    assert _retention(app, own_session, clock.at + timedelta(days=89)).counts["notes"] == 0
    assert "handoff_events.detail" in _where(own_session, FAMILY_WORDS)  # not due yet: kept
    run = _retention(app, own_session, clock.at + timedelta(days=91))
    assert _where(own_session, FAMILY_WORDS) - before == set()
    assert (run.counts["notes"], run.counts["decisions"]) == (4, 1)  # two events, the chat, the audit entry
    contact = own_session.get(Chat, chat_id).decision.payload["contact"]
    assert (contact["risk_phrases"], contact["age"], contact["urgent"], contact["topic"]) == ([], None, True, "ehc_plan")
    assert contact["local_authority"]["code"] == "E08000025"  # what the reports and the replay read stays
    assert not [c for c in contact["local_authority"]["candidates"] if c.get("matched")]  # "Sutton Coldfield"
    # The anonymous log stays as it was: every event, its kind, service and time.
    kinds = [(e.kind, e.service_id) for e in own_session.scalars(
        select(HandoffEvent).where(HandoffEvent.contact_id == own_session.get(Chat, chat_id).contact_id)
        .order_by(HandoffEvent.id))]
    assert ("transferred", "national-helpline") in kinds and ("completed", "national-helpline") in kinds
    assert own_session.scalar(select(AuditEntry).where(AuditEntry.action == "transfer")).detail["to"] == \
        "national-helpline"
    again = _retention(app, own_session, clock.at + timedelta(days=92))
    assert (again.counts["notes"], again.counts["decisions"]) == (0, 0)  # nothing is wiped twice


def test_a_note_on_a_callback_outcome_is_wiped_too(app, own_session, family, advisor, clock, staff):
    clock.set("2026-11-28T23:30:00+00:00")
    tab = family()
    tab.start(name="Priya")
    tab.emit("offline_message", {"name": "Priya", "message": "Please ring me", "phone": "0121 496 0000"})
    clock.set("2026-11-30T09:05:00+00:00")
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    ben.emit("claim_callback", {"callback": callback})
    assert ben.emit("callback_outcome", {"callback": callback, "outcome": "connected", "note": CALLBACK_NOTE})["ok"]
    assert "handoff_events.detail" in _where(own_session, [CALLBACK_NOTE])
    _retention(app, own_session, clock.at + timedelta(days=91))
    assert _where(own_session, [CALLBACK_NOTE]) == set()


# --- voicemails at Twilio -------------------------------------------------------------------------

def _voicemails(app, own_session, clock, count: int) -> list[str]:
    """`count` Saturday-night callers who leave a message; returns the recordings' sids."""
    clock.set("2026-11-28T23:30:00+00:00")
    for n in range(count):
        Phone(app).call(f"+4477009001{n:02d}").do("say", "Sutton Coldfield").do("press", "1").do("message", "Ring me")
    own_session.rollback()
    return list(own_session.scalars(select(CallbackRequest.recording_sid).order_by(CallbackRequest.id)))


def _kept(own_session) -> list[tuple]:
    own_session.rollback()
    return list(own_session.execute(select(CallbackRequest.phone, CallbackRequest.recording_url,
                                           CallbackRequest.recording_sid).order_by(CallbackRequest.id)))


def test_a_twilio_failure_keeps_the_rest_of_the_run_and_the_recording_is_deleted_on_the_next_run(
        app, own_session, clock, twilio, runner):
    first, second = _voicemails(app, own_session, clock, 2)
    clock.set("2027-03-01T09:00:00+00:00")  # past the 90 days
    twilio.refusing = 1  # Twilio fails the first deletion (503)
    failed = runner.invoke(main, ["retention", "run"])
    assert failed.exit_code == 1
    assert "1 voicemail could not be deleted at Twilio" in failed.output and "next run" in failed.output
    deletes = [r["url"] for r in twilio.sent if r["method"] == "DELETE"]
    assert [url.rsplit("/", 1)[-1] for url in deletes] == [f"{first}.json", f"{second}.json"]  # both tried
    # The database's changes are committed: numbers and links gone; the undeleted recording's sid kept.
    assert _kept(own_session) == [(None, None, first), (None, None, None)]

    again = runner.invoke(main, ["retention", "run"])
    assert again.exit_code == 0, again.output
    assert "Deleted 1 voicemail at Twilio" in again.output
    assert [r["url"] for r in twilio.sent if r["method"] == "DELETE"][-1].endswith(f"/Recordings/{first}.json")
    assert _kept(own_session) == [(None, None, None), (None, None, None)]
    assert runner.invoke(main, ["retention", "run"]).exit_code == 0
    assert len([r for r in twilio.sent if r["method"] == "DELETE"]) == 3  # nothing left to delete


def test_a_recording_already_gone_at_twilio_counts_as_deleted(app, own_session, clock, twilio, runner):
    (sid,) = _voicemails(app, own_session, clock, 1)
    twilio.gone.add(sid)  # deleted at Twilio already (by hand, or by a run whose end was lost)
    clock.set("2027-03-01T09:00:00+00:00")
    result = runner.invoke(main, ["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 voicemail at Twilio" in result.output
    assert twilio.sent[-1]["url"] == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{sid}.json"
    assert _kept(own_session) == [(None, None, None)]


def test_without_twilio_the_recordings_are_kept_to_delete_and_the_run_says_so(app, own_session, clock, runner):
    (sid,) = _voicemails(app, own_session, clock, 1)
    clock.set("2027-03-01T09:00:00+00:00")
    dry = runner.invoke(main, ["retention", "run", "--dry-run"])
    assert dry.exit_code == 0 and "would delete 1 voicemail at Twilio" in dry.output
    result = runner.invoke(main, ["retention", "run"])
    assert result.exit_code == 1
    assert "1 voicemail could not be deleted at Twilio: Twilio is not configured here" in result.output
    assert _kept(own_session) == [(None, None, sid)]  # the family's number is gone; the sid waits


def test_retention_logs_what_it_could_not_do(app, own_session, clock, twilio, runner, caplog):
    (sid,) = _voicemails(app, own_session, clock, 1)
    clock.set("2027-03-01T09:00:00+00:00")
    twilio.refusing = 1
    runner.invoke(main, ["retention", "run"])
    assert any(sid in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


def test_the_address_a_chat_was_started_from_is_forgotten_after_a_day(app, family, own_session, clock):
    from datetime import timedelta

    from frontdesk.actions.retention import do_run_retention
    from frontdesk.models import Chat
    chat_id = family().start()["conversation"]["id"]
    assert own_session.get(Chat, chat_id).client_hash  # kept while it counts towards the start limits
    with app.app_context():
        run = do_run_retention(own_session, clock.at + timedelta(hours=23), 90, 30)
        assert run.counts["chat_addresses"] == 0
        run = do_run_retention(own_session, clock.at + timedelta(days=1, minutes=1), 90, 30)
        own_session.commit()
    assert run.counts["chat_addresses"] == 1 and own_session.get(Chat, chat_id).client_hash is None

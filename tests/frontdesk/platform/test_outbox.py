"""Real-time events and external calls go out only for what was committed."""
from __future__ import annotations

from unittest import mock

from sqlalchemy import text

from frontdesk.platform.outbox import call_after_commit, emit_after_commit
from frontdesk.platform.refusals import ActionError, refused_after_commit


def test_events_wait_for_the_commit_and_a_rolled_back_savepoint_takes_its_own_back(db):
    with mock.patch("frontdesk.platform.outbox.socketio") as socketio:
        db.execute(text("SELECT 1"))  # a step's transaction
        emit_after_commit(db, "kept", {}, to="room", namespace="/chat")
        try:
            with db.begin_nested():
                emit_after_commit(db, "undone", {}, to="room", namespace="/chat")
                raise RuntimeError("the step failed")
        except RuntimeError:
            pass
        with db.begin_nested():
            emit_after_commit(db, "also kept", {}, to="room", namespace="/chat")
        assert socketio.emit.call_count == 0  # nothing before the commit
        db.commit()
        assert [c.args[0] for c in socketio.emit.call_args_list] == ["kept", "also kept"]


def test_a_rolled_back_transaction_sends_nothing(db):
    with mock.patch("frontdesk.platform.outbox.socketio") as socketio:
        db.execute(text("SELECT 1"))
        emit_after_commit(db, "never", {}, to="room", namespace="/chat")
        db.rollback()
        db.commit()
        assert socketio.emit.call_count == 0


def test_an_external_call_waits_for_the_commit_and_a_rollback_calls_nothing(db):
    calls = []
    db.execute(text("SELECT 1"))
    call_after_commit(db, lambda: calls.append("rolled back"))
    db.rollback()
    db.execute(text("SELECT 1"))
    call_after_commit(db, lambda: calls.append("committed"))
    assert calls == []
    db.commit()
    assert calls == ["committed"]


def test_a_refusal_from_an_external_call_is_kept_for_the_answer_and_the_rest_still_run(db):
    calls = []

    def refuse():
        raise ActionError("call_failed", "Twilio could not place the call")
    db.execute(text("SELECT 1"))
    call_after_commit(db, refuse)
    call_after_commit(db, lambda: calls.append("after"))
    db.commit()
    assert calls == ["after"]
    assert refused_after_commit(db).code == "call_failed"
    assert refused_after_commit(db) is None  # taken once

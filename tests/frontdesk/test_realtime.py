"""Real-time events go out only for what was committed."""
from __future__ import annotations

from unittest import mock

from sqlalchemy import text

from frontdesk.platform.outbox import emit_after_commit


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

"""A chat's statuses and the one table of moves between them: a move the table does not allow
never reaches the database."""
import pytest

from frontdesk.actions._queue_moves import claim_move
from frontdesk.contacts.chat_status import FAMILY_IN, FINISHED, MOVES, ChatStatus, is_open, may_move
from frontdesk.models import Chat


def test_every_status_has_its_moves_and_an_ended_chat_never_returns_to_a_queue():
    assert set(MOVES) == set(ChatStatus)
    assert may_move("waiting", "active") and may_move("active", "waiting") and may_move("ended", "ended")
    for finished in FINISHED:
        assert not may_move(finished, "waiting") and not may_move(finished, "active")
    assert not may_move("left_message", "ended") and not may_move("offline", "active")
    assert is_open("offline") and not is_open("ended") and FAMILY_IN.isdisjoint(FINISHED)


def test_a_move_the_table_refuses_is_not_written(family, own_session):
    chat_id = family().start()["conversation"]["id"]
    chat = own_session.get(Chat, chat_id)
    claim_move(own_session, chat, status=ChatStatus.ENDED, family_ended=True)
    with pytest.raises(ValueError, match="a chat cannot go from ended to waiting"):
        claim_move(own_session, chat, status=ChatStatus.WAITING)
    own_session.commit()
    own_session.expire_all()
    assert own_session.get(Chat, chat_id).status == "ended"

"""The chat sweeper's actions: a chat that waited too long moves to the next open target (or
offline), and a chat whose advisor has gone goes back to the front of its queue."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..contacts.chat_status import ChatStatus
from ..models import Chat
from ..platform.refusals import MoveLost
from ..reads.chat_queues import advisor_gone, next_open_target
from ._handoff_log import record_event
from ._messages import system_message
from ._notify import notify_chat, notify_mine
from ._queue_moves import chat_key, enqueue, go_offline


def do_advance_chat(session: Session, chat_id: str, now: datetime) -> bool:
    """Move one overdue chat to the decision's next open target, or offline. False if it is no
    longer overdue (answered, or moved by another worker). Safe in several workers at once."""
    chat = session.get(Chat, chat_id)
    if chat is None or chat.status != ChatStatus.WAITING or chat.give_up_at is None or chat.give_up_at > now:
        return False
    try:
        with session.begin_nested():
            _advance(session, chat, now)
    except MoveLost:
        return False
    return True


def _advance(session: Session, chat: Chat, now: datetime) -> None:
    record_event(session, chat.contact, "no_answer", now, decision=chat.decision, service_id=chat.service_id,
                 target_index=chat.target_index, key=chat_key(chat, chat.hop, "no_answer"),
                 detail={"channel": "chat", "waited_s": int((now - chat.queued_at).total_seconds())})
    following = next_open_target(session, chat, now)
    if following is not None:
        target = chat.decision.payload["targets"][following]
        system_message(session, chat, f"Sorry for the wait. We are now trying {target['name']}.", now)
        enqueue(session, chat, target, following, now, target["timeout_s"])
    else:
        go_offline(session, chat, "no_answer", now)


def do_requeue_stranded(session: Session, chat_id: str, now: datetime) -> bool:
    """Put a chat whose advisor has gone back at the front of its service's queue, so the family
    is not left talking to nobody. False if it is no longer stranded."""
    chat = session.get(Chat, chat_id)
    if chat is None or chat.status != ChatStatus.ACTIVE or chat.advisor is None or not advisor_gone(chat.advisor, now):
        return False
    try:
        with session.begin_nested():
            record_event(session, chat.contact, "transferred", now, decision=chat.decision, service_id=chat.service_id,
                         key=chat_key(chat, chat.hop, "stranded"),
                         detail={"channel": "chat", "from": chat.service_id, "reason": "advisor_disconnected",
                                 "advisor": chat.advisor_id})
            system_message(session, chat, f"Sorry, {chat.advisor.first_name} has been disconnected. "
                           "We are finding another advisor for you.", now)
            gone = chat.advisor
            # Back in the same queue, keeping their place: they have waited already.
            enqueue(session, chat, {"service": chat.service_id}, chat.target_index, now, 0, queued_at=chat.queued_at)
            notify_chat(session, chat)  # the gone advisor's console, if it comes back, lets go of it
            notify_mine(session, gone)
    except MoveLost:
        return False
    return True

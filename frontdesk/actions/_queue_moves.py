"""Moving a chat: into a service's queue, offline, or on to anything else, once.

A chat's place is in the database (`Chat.status`, `service_id`, `hop`), never in a worker's
memory. Every move is a compare-and-set on `hop`, so when two workers try the same move (two
sweeps, a sweep and an accept) exactly one happens, and every move of status is one the table
in `contacts.chat_status` allows. Each move writes its handoff events in the same transaction
and queues its real-time events for after the commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..contacts.chat_status import ChatStatus, may_move
from ..models import Chat
from ..platform.outbox import empty_room_after_commit
from ..platform.refusals import MoveLost
from ..platform.rooms import CONSOLE, chat_room
from ..reads.chat_queues import advisors_online
from ._handoff_log import event_key, record_event
from ._messages import system_message
from ._notify import notify_family, notify_queue


def claim_move(session: Session, chat: Chat, **values) -> None:
    """Move `chat` on (status, service, advisor...) if nobody else has since it was read."""
    if "status" in values and not may_move(chat.status, values["status"]):
        raise ValueError(f"a chat cannot go from {chat.status} to {values['status']}")
    done = session.execute(update(Chat).where(Chat.id == chat.id, Chat.hop == chat.hop)
                           .values(hop=chat.hop + 1, **values))
    if done.rowcount != 1:
        session.expire(chat)
        raise MoveLost(chat.id)
    if "advisor_id" in values:
        session.expire(chat, ["advisor"])  # the UPDATE set the id; the loaded advisor is another one now


def chat_key(chat: Chat, *parts) -> str:
    """The idempotency key of a step of this chat."""
    return event_key("chat", chat.id, *parts)


def enqueue(session: Session, chat: Chat, service: dict, target_index: int | None, now: datetime,
            timeout_s: int, queued_at: datetime | None = None) -> None:
    """Put `chat` in `service`'s queue (a decision target, or a transfer) and log the offer.
    `queued_at` keeps an earlier place in the queue (the queue is oldest first). A decision's
    target with no advisor signed in and available is given up at once (the sweeper moves the chat
    on to the next target); a transfer waits its time, as the advisor who made it chose it."""
    wait = max(timeout_s, current_app.config["CHAT_MIN_WAIT_S"])
    if target_index is not None and advisors_online(session, service["service"], now) == 0:
        wait = 0
    old_service = chat.service_id
    claim_move(session, chat, status=ChatStatus.WAITING, service_id=service["service"], target_index=target_index,
               queued_at=queued_at or now, give_up_at=now + timedelta(seconds=wait), advisor_id=None,
               accepted_at=None)
    record_event(session, chat.contact, "offered", now, decision=chat.decision, service_id=service["service"],
                 target_index=target_index, key=chat_key(chat, chat.hop, "offered"), detail={"channel": "chat"})
    if old_service and old_service != chat.service_id:
        # The old service's advisors stop following the chat, on every worker.
        empty_room_after_commit(session, chat_room(chat.id), namespace=CONSOLE)
        notify_queue(session, old_service, now)
    notify_queue(session, chat.service_id, now)


def go_offline(session: Session, chat: Chat, reason: str, now: datetime) -> None:
    """Nobody can answer: the family is offered the offline message form (never a dead end)."""
    old_service = chat.service_id
    claim_move(session, chat, status=ChatStatus.OFFLINE, give_up_at=None, target_index=None)
    record_event(session, chat.contact, "offered", now, decision=chat.decision,
                 service_id=chat.decision.payload["when_none_answer"]["service"],
                 key=chat_key(chat, chat.hop, "offline"), detail={"channel": "message", "reason": reason})
    system_message(session, chat, "Sorry, nobody can answer the chat just now. You can leave a message "
                   "and an advisor will get back to you.", now)
    if old_service:
        empty_room_after_commit(session, chat_room(chat.id), namespace=CONSOLE)
        notify_queue(session, old_service, now)
    notify_family(session, chat, now)

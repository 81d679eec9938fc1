"""Chat queues: putting a chat in a service's queue, moving it along, and telling everyone.

A chat's place is in the database (`Chat.status`, `service_id`, `hop`), never in a worker's
memory. Every move is a compare-and-set on `hop`, so when two workers try the same move
(two sweeps, a sweep and an accept) exactly one happens. Each move writes its handoff events
in the same transaction and queues its real-time events for after the commit.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from frontdesk.directory.store import service_name
from frontdesk.handoff import record_event
from frontdesk.models import Chat, ChatMessage, StaffUser
from frontdesk.realtime import (ALL_SERVICES, CONSOLE, FAMILY, chat_room, emit_after_commit, empty_room_after_commit,
                                service_room, staff_room)

DEFAULT_WAIT_S = 120  # the wait estimate per place in the queue before a service has any history
ONLINE_WITHIN = timedelta(seconds=90)  # an advisor counts as online if their console beat this recently


class MoveLost(Exception):
    """Another worker moved the chat first; the caller's view of it is out of date."""


def claim_move(session: Session, chat: Chat, **values) -> None:
    """Move `chat` on (status, service, advisor...) if nobody else has since it was read."""
    done = session.execute(update(Chat).where(Chat.id == chat.id, Chat.hop == chat.hop)
                           .values(hop=chat.hop + 1, **values))
    if done.rowcount != 1:
        session.expire(chat)
        raise MoveLost(chat.id)


def _key(chat: Chat, *parts) -> str:
    return ":".join(["chat", chat.id, *map(str, parts)])


def system_message(session: Session, chat: Chat, text: str, now: datetime) -> ChatMessage:
    """A line from the front desk itself in the conversation ("Ben has joined the chat")."""
    message = ChatMessage(chat_id=chat.id, sender="system", name="Frontdesk", text=text, sent_at=now)
    session.add(message)
    session.flush()
    from .present import message_json
    emit_after_commit(session, "message", message_json(message), to=chat_room(chat.id), namespace=FAMILY)
    emit_after_commit(session, "message", {"chat": chat.id, **message_json(message)},
                      to=chat_room(chat.id), namespace=CONSOLE)
    return message


def enqueue(session: Session, chat: Chat, service: dict, target_index: int | None, now: datetime,
            timeout_s: int, queued_at: datetime | None = None) -> None:
    """Put `chat` in `service`'s queue (a decision target, or a transfer) and log the offer.
    `queued_at` keeps an earlier place in the queue (the queue is oldest first)."""
    wait = max(timeout_s, current_app.config["CHAT_MIN_WAIT_S"])
    old_service = chat.service_id
    claim_move(session, chat, status="waiting", service_id=service["service"], target_index=target_index,
               queued_at=queued_at or now, give_up_at=now + timedelta(seconds=wait), advisor_id=None,
               accepted_at=None)
    record_event(session, chat.contact, "offered", now, decision=chat.decision, service_id=service["service"],
                 target_index=target_index, key=_key(chat, chat.hop, "offered"), detail={"channel": "chat"})
    if old_service and old_service != chat.service_id:
        # The old service's advisors stop following the chat, on every worker.
        empty_room_after_commit(session, chat_room(chat.id), namespace=CONSOLE)
        notify_queue(session, old_service, now)
    notify_queue(session, chat.service_id, now)


def go_offline(session: Session, chat: Chat, reason: str, now: datetime) -> None:
    """Nobody can answer: the family is offered the offline message form (never a dead end)."""
    old_service = chat.service_id
    claim_move(session, chat, status="offline", give_up_at=None, target_index=None)
    record_event(session, chat.contact, "offered", now, decision=chat.decision,
                 service_id=chat.decision.payload["when_none_answer"]["service"],
                 key=_key(chat, chat.hop, "offline"), detail={"channel": "message", "reason": reason})
    system_message(session, chat, "Sorry, nobody can answer the chat just now. You can leave a message "
                   "and an advisor will get back to you.", now)
    if old_service:
        empty_room_after_commit(session, chat_room(chat.id), namespace=CONSOLE)
        notify_queue(session, old_service, now)
    notify_family(session, chat, now)


ADVISOR_GONE_AFTER = timedelta(minutes=2)  # four missed console heartbeats


def stranded_chats(session: Session, now: datetime) -> list[str]:
    """Ids of active chats whose advisor's console has stopped beating (closed, crashed, offline)."""
    return list(session.scalars(select(Chat.id).join(StaffUser, StaffUser.id == Chat.advisor_id).where(
        Chat.status == "active", (StaffUser.seen_at.is_(None)) | (StaffUser.seen_at < now - ADVISOR_GONE_AFTER))))


def requeue_stranded(session: Session, chat_id: str, now: datetime) -> bool:
    """Put a chat whose advisor has gone back at the front of its service's queue, so the family
    is not left talking to nobody. False if it is no longer stranded."""
    chat = session.get(Chat, chat_id)
    if chat is None or chat.status != "active" or chat.advisor is None or (
            chat.advisor.seen_at is not None and chat.advisor.seen_at >= now - ADVISOR_GONE_AFTER):
        return False
    try:
        with session.begin_nested():
            record_event(session, chat.contact, "transferred", now, decision=chat.decision, service_id=chat.service_id,
                         key=_key(chat, chat.hop, "stranded"),
                         detail={"channel": "chat", "from": chat.service_id, "reason": "advisor_disconnected",
                                 "advisor": chat.advisor_id})
            system_message(session, chat, f"Sorry, {chat.advisor.first_name} has been disconnected. "
                           "We are finding another advisor for you.", now)
            gone = chat.advisor
            # Back in the same queue, keeping their place: they have waited already.
            enqueue(session, chat, {"service": chat.service_id}, chat.target_index, now, 0, queued_at=chat.queued_at)
            from frontdesk.console.present import mine_json, notify_chat
            notify_chat(session, chat)  # the gone advisor's console, if it comes back, lets go of it
            emit_after_commit(session, "mine", mine_json(session, gone), to=staff_room(gone.id), namespace=CONSOLE)
    except MoveLost:
        return False
    return True


def overdue_chats(session: Session, now: datetime) -> list[str]:
    """Ids of the chats that have waited past their timeout, longest overdue first."""
    return list(session.scalars(select(Chat.id).where(Chat.status == "waiting", Chat.give_up_at <= now)
                                .order_by(Chat.give_up_at)))


def advance(session: Session, chat_id: str, now: datetime) -> bool:
    """Move one overdue chat to the decision's next open target, or offline. False if it is no
    longer overdue (answered, or moved by another worker). Safe in several workers at once."""
    chat = session.get(Chat, chat_id)
    if chat is None or chat.status != "waiting" or chat.give_up_at is None or chat.give_up_at > now:
        return False
    try:
        with session.begin_nested():
            _advance(session, chat, now)
    except MoveLost:
        return False
    return True


def _next_open_target(session: Session, chat: Chat, now: datetime) -> int | None:
    """The decision's next target after the current one that is still open and takes chats."""
    if chat.target_index is None:  # transferred off the decision's list
        return None
    from frontdesk.directory.snapshot import current_snapshot
    services = current_snapshot(session).directory.services
    targets = chat.decision.payload["targets"]
    for index in range(chat.target_index + 1, len(targets)):
        service = services.get(targets[index]["service"])
        if service is not None and service.chat and service.is_open(now):
            return index
    return None


def _advance(session: Session, chat: Chat, now: datetime) -> None:
    record_event(session, chat.contact, "no_answer", now, decision=chat.decision, service_id=chat.service_id,
                 target_index=chat.target_index, key=_key(chat, chat.hop, "no_answer"),
                 detail={"channel": "chat", "waited_s": int((now - chat.queued_at).total_seconds())})
    following = _next_open_target(session, chat, now)
    if following is not None:
        target = chat.decision.payload["targets"][following]
        system_message(session, chat, f"Sorry for the wait. We are now trying {target['name']}.", now)
        enqueue(session, chat, target, following, now, target["timeout_s"])
    else:
        go_offline(session, chat, "no_answer", now)


def waiting_chats(session: Session, service_ids: list[str] | None = None) -> list[Chat]:
    """Waiting chats in queue order (urgent first, then longest waiting), of some services or all."""
    query = select(Chat).where(Chat.status == "waiting").options(selectinload(Chat.contact))
    if service_ids is not None:
        query = query.where(Chat.service_id.in_(service_ids))
    return list(session.scalars(query.order_by(Chat.urgent.desc(), Chat.queued_at, Chat.id)))


def advisors_online(session: Session, service_id: str, now: datetime) -> int:
    """Advisors of a service whose console is open and who are available."""
    return session.scalar(select(func.count(StaffUser.id)).where(
        StaffUser.service_id == service_id, StaffUser.presence == "available",
        StaffUser.seen_at >= now - ONLINE_WITHIN)) or 0


def typical_wait_s(session: Session, service_id: str) -> float:
    """The mean wait of the service's last 20 answered chats (DEFAULT_WAIT_S before it has any)."""
    rows = session.execute(select(Chat.queued_at, Chat.accepted_at).where(
        Chat.service_id == service_id, Chat.accepted_at.is_not(None)).order_by(Chat.accepted_at.desc()).limit(20)).all()
    waits = [(accepted - queued).total_seconds() for queued, accepted in rows if accepted >= queued]
    return sum(waits) / len(waits) if waits else DEFAULT_WAIT_S


class WaitEstimate:
    """About how long a chat at each place in one service's queue will wait, in seconds: the
    service's typical wait for each round of its available advisors ahead of it."""

    def __init__(self, session: Session, service_id: str, now: datetime):
        self.service_name = service_name(session, service_id)
        self.online = max(1, advisors_online(session, service_id, now))
        self.per_round = typical_wait_s(session, service_id)

    def at(self, position: int) -> int:
        return int(round(self.per_round * math.ceil(position / self.online)))


def notify_family(session: Session, chat: Chat, now: datetime, position: int | None = None,
                  wait: WaitEstimate | None = None) -> None:
    """Send the family the conversation as it now is (after commit)."""
    from .present import conversation_json
    emit_after_commit(session, "conversation", conversation_json(session, chat, now, position, wait),
                      to=chat_room(chat.id), namespace=FAMILY)


def notify_queue(session: Session, service_id: str, now: datetime) -> None:
    """After a queue changes: its families learn their new places, and its advisors (and the
    supervisors) the new queue."""
    from frontdesk.console.present import queue_json
    waiting = waiting_chats(session, [service_id])
    wait = WaitEstimate(session, service_id, now) if waiting else None
    for position, chat in enumerate(waiting, start=1):
        notify_family(session, chat, now, position, wait)
    emit_after_commit(session, "queue", queue_json(session, waiting, now), to=service_room(service_id),
                      namespace=CONSOLE)
    emit_after_commit(session, "queue", queue_json(session, waiting_chats(session), now), to=ALL_SERVICES,
                      namespace=CONSOLE)

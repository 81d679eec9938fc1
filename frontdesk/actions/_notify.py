"""Telling families and consoles what changed, queued to go out after the commit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..models import Chat, ChatMessage, StaffUser
from ..platform.outbox import emit_after_commit
from ..platform.rooms import ALL_SERVICES, CONSOLE, FAMILY, chat_room, service_room, staff_room
from ..reads.callbacks import callbacks_json
from ..reads.chat_queues import WaitEstimate, waiting_chats
from ..reads.console import chat_details, mine_json, queue_json, sent_json
from ..reads.family_chat import conversation_json, message_json


def notify_message(session: Session, chat: Chat, message: ChatMessage) -> None:
    """A new message in the conversation, to the family's tabs and the advisors following it."""
    emit_after_commit(session, "message", message_json(message), to=chat_room(chat.id), namespace=FAMILY)
    emit_after_commit(session, "message", sent_json(chat, message), to=chat_room(chat.id), namespace=CONSOLE)


def notify_family(session: Session, chat: Chat, now: datetime, position: int | None = None,
                  wait: WaitEstimate | None = None) -> None:
    """Send the family the conversation as it now is."""
    emit_after_commit(session, "conversation", conversation_json(session, chat, now, position, wait),
                      to=chat_room(chat.id), namespace=FAMILY)


def notify_queue(session: Session, service_id: str, now: datetime) -> None:
    """After a queue changes: its families learn their new places, and its advisors (and the
    supervisors) the new queue."""
    waiting = waiting_chats(session, [service_id])
    wait = WaitEstimate(session, service_id, now) if waiting else None
    for position, chat in enumerate(waiting, start=1):
        notify_family(session, chat, now, position, wait)
    emit_after_commit(session, "queue", queue_json(session, waiting, now), to=service_room(service_id),
                      namespace=CONSOLE)
    emit_after_commit(session, "queue", queue_json(session, waiting_chats(session), now), to=ALL_SERVICES,
                      namespace=CONSOLE)


def notify_mine(session: Session, user: StaffUser) -> None:
    """An advisor's consoles get their own list of open chats."""
    emit_after_commit(session, "mine", mine_json(session, user), to=staff_room(user.id), namespace=CONSOLE)


def notify_chat(session: Session, chat: Chat) -> None:
    """The chat's new details to everyone watching it, and the advisor's own list."""
    emit_after_commit(session, "chat", chat_details(session, chat), to=chat_room(chat.id), namespace=CONSOLE)
    if chat.advisor_id:
        notify_mine(session, session.get(StaffUser, chat.advisor_id))


def notify_callbacks(session: Session, service_id: str, now: datetime) -> None:
    """The service's consoles (and the supervisors') get the new list of callback requests."""
    emit_after_commit(session, "callbacks", callbacks_json(session, [service_id], now), to=service_room(service_id),
                      namespace=CONSOLE)
    emit_after_commit(session, "callbacks", callbacks_json(session, None, now), to=ALL_SERVICES, namespace=CONSOLE)

"""Messages in a conversation: from the family or an advisor (kept once however often resent),
from the front desk itself, and how far each side has read."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..contacts.chat_forms import message_text
from ..models import Chat, ChatMessage
from ..platform.outbox import emit_after_commit
from ..platform.refusals import ActionError
from ..platform.rooms import CONSOLE, FAMILY, chat_room
from ._notify import notify_message

MAX_CLIENT_ID = 64


def _check_rate(session: Session, chat: Chat, sender: str, now: datetime) -> None:
    limit = current_app.config["CHAT_MESSAGES_PER_MINUTE"]
    recent = session.scalar(select(func.count(ChatMessage.id)).where(
        ChatMessage.chat_id == chat.id, ChatMessage.sender == sender,
        ChatMessage.sent_at > now - timedelta(minutes=1)))
    if recent >= limit:
        raise ActionError("too_fast", f"at most {limit} messages a minute; please wait a moment and send it again")


def add_message(session: Session, chat: Chat, sender: str, name: str, text: object, client_id: object,
                now: datetime, author_id: int | None = None) -> tuple[ChatMessage, bool]:
    """Store one message (once, however often the same `client_id` is sent) and send it to the
    conversation's room. Returns the message and whether it is new."""
    text = message_text(text)
    if client_id is not None and (not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID):
        raise ActionError("invalid", "client_id must be text of at most 64 characters")
    if client_id:
        found = session.scalar(select(ChatMessage).where(ChatMessage.chat_id == chat.id,
                                                         ChatMessage.client_id == client_id))
        if found:
            return found, False
    _check_rate(session, chat, sender, now)
    message = ChatMessage(chat_id=chat.id, sender=sender, name=name, text=text, client_id=client_id or None,
                          sent_at=now, author_id=author_id)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:  # the same message arrived through another worker at the same moment
        return session.scalar(select(ChatMessage).where(ChatMessage.chat_id == chat.id,
                                                        ChatMessage.client_id == client_id)), False
    notify_message(session, chat, message)
    return message, True


def system_message(session: Session, chat: Chat, text: str, now: datetime) -> ChatMessage:
    """A line from the front desk itself in the conversation ("Ben has joined the chat")."""
    message = ChatMessage(chat_id=chat.id, sender="system", name="Frontdesk", text=text, sent_at=now)
    session.add(message)
    session.flush()
    notify_message(session, chat, message)
    return message


def mark_read(session: Session, chat: Chat, side: str, upto: object) -> int:
    """Record that `side` (family or advisor) has read the other side's messages up to `upto`,
    and tell the other side (their messages now show "Read")."""
    if isinstance(upto, bool) or not isinstance(upto, int) or upto < 0:
        raise ActionError("invalid", "upto must be a message id")
    newest = session.scalar(select(func.max(ChatMessage.id)).where(ChatMessage.chat_id == chat.id)) or 0
    upto = min(upto, newest)
    attribute = "family_read_upto" if side == "family" else "advisor_read_upto"
    if upto > getattr(chat, attribute):
        setattr(chat, attribute, upto)
        if side == "family":
            emit_after_commit(session, "read", {"chat": chat.id, "upto": upto}, to=chat_room(chat.id), namespace=CONSOLE)
        else:
            emit_after_commit(session, "read", {"upto": upto}, to=chat_room(chat.id), namespace=FAMILY)
    return getattr(chat, attribute)

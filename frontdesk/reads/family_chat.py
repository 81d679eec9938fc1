"""What the family's widget is shown: the conversation, its messages, and opening times
(see docs/chat.md)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..contacts.chat_status import ChatStatus
from ..directory.opening_text import hours_summary, spoken_when
from ..directory.store import service_name
from ..models import Chat, ChatMessage, Service
from ..platform.clock import parse_time
from .chat_queues import WaitEstimate, queue_position


def message_json(message: ChatMessage) -> dict:
    return {"id": message.id, "client_id": message.client_id, "sender": message.sender, "name": message.name,
            "text": message.text, "at": message.sent_at.isoformat()}


def history_json(chat: Chat) -> dict:
    """Every message of the conversation, and how far the advisor has read the family's."""
    return {"messages": [message_json(m) for m in chat.messages], "read_upto": chat.advisor_read_upto}


def opening_json(session: Session, chat: Chat, now: datetime) -> dict:
    """Who answers an offline message and when they next open."""
    back = chat.decision.payload["when_none_answer"]
    opens = parse_time(back["opens_at"]) if back.get("opens_at") else None
    service = session.get(Service, back["service"])
    return {"service_name": back["name"], "opens_at": opens.isoformat() if opens else None,
            "opens_text": spoken_when(opens, now, "from"),
            "hours": hours_summary(service.hours) if service else None}


def conversation_json(session: Session, chat: Chat, now: datetime, position: int | None = None,
                      wait: WaitEstimate | None = None) -> dict:
    """The conversation as the family's widget shows it (see docs/chat.md). `position` and
    `wait` may be given when the caller has worked them out for the whole queue (whose
    service name `wait` then carries too)."""
    queue = None
    if chat.status == ChatStatus.WAITING:
        position = position or queue_position(session, chat)
        wait = wait or WaitEstimate(session, chat.service_id, now)
        queue = {"position": position, "wait_s": wait.at(position)}
    return {
        "id": chat.id, "status": chat.status,
        "service_name": wait.service_name if wait else service_name(session, chat.service_id),
        "queue": queue,
        "advisor": {"first_name": chat.advisor.first_name}
        if chat.advisor and chat.status != ChatStatus.WAITING else None,
        "urgent": chat.urgent,
        "video": chat.video,
        "signposting": chat.decision.payload.get("signposting") if chat.urgent else None,
        "opening": opening_json(session, chat, now)
        if chat.status in (ChatStatus.OFFLINE, ChatStatus.LEFT_MESSAGE) else None,
        "rated": chat.rating is not None,
    }


def started_json(session: Session, chat: Chat, now: datetime) -> dict:
    """What a family's `start` is answered with, besides the tokens: the conversation and its messages."""
    return {"conversation": conversation_json(session, chat, now),
            "messages": [message_json(m) for m in chat.messages]}

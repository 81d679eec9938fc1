"""What the family's widget is shown: the conversation, its messages, and opening times."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from frontdesk.contact_input import parse_time
from frontdesk.directory.store import service_name
from frontdesk.display import hours_summary
from frontdesk.models import Chat, ChatMessage, Service
from frontdesk.voice.words import spoken_when

from .queue import WaitEstimate, waiting_chats


def message_json(message: ChatMessage) -> dict:
    return {"id": message.id, "client_id": message.client_id, "sender": message.sender, "name": message.name,
            "text": message.text, "at": message.sent_at.isoformat()}


def opening_json(session: Session, chat: Chat, now: datetime) -> dict:
    """Who answers an offline message and when they next open."""
    back = chat.decision.payload["when_none_answer"]
    opens = parse_time(back["opens_at"]) if back.get("opens_at") else None
    service = session.get(Service, back["service"])
    return {"service_name": back["name"], "opens_at": opens.isoformat() if opens else None,
            "opens_text": spoken_when(opens, now, "from"),
            "hours": hours_summary(service.hours) if service else None}


def _position(session: Session, chat: Chat) -> int:
    ids = [c.id for c in waiting_chats(session, [chat.service_id])]
    return ids.index(chat.id) + 1 if chat.id in ids else 1


def conversation_json(session: Session, chat: Chat, now: datetime, position: int | None = None,
                      wait: WaitEstimate | None = None) -> dict:
    """The conversation as the family's widget shows it (see docs/chat.md). `position` and
    `wait` may be given when the caller has worked them out for the whole queue (whose
    service name `wait` then carries too)."""
    queue = None
    if chat.status == "waiting":
        position = position or _position(session, chat)
        wait = wait or WaitEstimate(session, chat.service_id, now)
        queue = {"position": position, "wait_s": wait.at(position)}
    return {
        "id": chat.id, "status": chat.status,
        "service_name": wait.service_name if wait else service_name(session, chat.service_id),
        "queue": queue,
        "advisor": {"first_name": chat.advisor.first_name} if chat.advisor and chat.status != "waiting" else None,
        "urgent": chat.urgent,
        "video": chat.video,
        "signposting": chat.decision.payload.get("signposting") if chat.urgent else None,
        "opening": opening_json(session, chat, now) if chat.status in ("offline", "left_message") else None,
        "rated": chat.rating is not None,
    }

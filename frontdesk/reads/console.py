"""What the console shows: queues, chat details, the advisor's own chats, and which rooms a
console joins (see docs/chat.md)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing_rules.topics import topic_title

from ..contacts.chat_status import OUTCOMES
from ..directory.snapshot import area_name, current_snapshot
from ..directory.store import service_names
from ..models import CannedResponse, Chat, ChatMessage, HandoffEvent, Service, StaffUser
from ..platform.rooms import ALL_SERVICES, chat_room, service_room, staff_room
from .access import handled_by, queue_services
from .chat_queues import open_chats, waiting_chats
from .family_chat import message_json


def _first_family_messages(session: Session, chat_ids: list[str]) -> dict[str, str]:
    first: dict[str, str] = {}
    rows = session.execute(select(ChatMessage.chat_id, ChatMessage.text).where(
        ChatMessage.chat_id.in_(chat_ids), ChatMessage.sender == "family").order_by(ChatMessage.id))
    for chat_id, text in rows:
        first.setdefault(chat_id, text)
    return first


def queue_json(session: Session, waiting: list[Chat], now: datetime) -> dict:
    """The waiting chats as queue items, with each one's place in its own service's queue."""
    if not waiting:
        return {"waiting": []}
    names = service_names(session)
    areas = current_snapshot(session).places
    firsts = _first_family_messages(session, [chat.id for chat in waiting])
    positions: dict[str, int] = {}
    items = []
    for chat in waiting:
        positions[chat.service_id] = positions.get(chat.service_id, 0) + 1
        items.append({
            "id": chat.id, "service": chat.service_id, "service_name": names.get(chat.service_id, chat.service_id),
            "area": area_name(session, chat.contact, areas), "topic": chat.contact.topic,
            "topic_label": topic_title(chat.contact.topic), "urgent": chat.urgent,
            "waiting_since": chat.queued_at.isoformat(), "position": positions[chat.service_id],
            "preview": firsts.get(chat.id, "")[:140], "transferred": chat.transfer, "video": chat.video,
        })
    return {"waiting": items}


def queue_for(session: Session, user: StaffUser, now: datetime) -> dict:
    """The waiting chats of the queues `user` works from."""
    return queue_json(session, waiting_chats(session, queue_services(user)), now)


def _reason(payload: dict) -> str:
    return next((step["reason"] for step in payload.get("trace", []) if step.get("matched")), "")


def _transfers(session: Session, chat: Chat, names: dict[str, str]) -> list[dict]:
    events = session.scalars(select(HandoffEvent).where(HandoffEvent.contact_id == chat.contact_id,
                                                        HandoffEvent.kind == "transferred").order_by(HandoffEvent.id))
    return [{"from": names.get(e.detail.get("from"), e.detail.get("from")), "to": names.get(e.service_id, e.service_id),
             "note": e.detail.get("note", ""), "by": e.detail.get("by", ""), "at": e.at.isoformat()} for e in events]


def _earlier(session: Session, chat: Chat, names: dict[str, str]) -> list[dict]:
    rows = session.scalars(select(Chat).where(Chat.family_key == chat.family_key, Chat.id != chat.id,
                                              Chat.created_at < chat.created_at)
                           .order_by(Chat.created_at.desc()).limit(10))
    # Everyone watching the chat works for its service (or supervises): show only what that service handled.
    return [{"id": c.id, "at": c.created_at.isoformat(), "channel": "chat",
             "service_name": names.get(c.service_id, c.service_id), "topic_label": topic_title(c.contact.topic),
             "outcome": c.outcome or c.status} for c in rows if handled_by(c, chat.service_id)]


def chat_details(session: Session, chat: Chat) -> dict:
    """One chat with the context an advisor needs: area, topic, the decision and why, transfers,
    and the family's earlier contacts."""
    names = service_names(session)
    payload = chat.decision.payload
    return {
        "id": chat.id, "status": chat.status, "service": chat.service_id,
        "service_name": names.get(chat.service_id, chat.service_id),
        "advisor": {"id": chat.advisor.id, "name": chat.advisor.name} if chat.advisor else None,
        "family_name": chat.family_name, "area": area_name(session, chat.contact), "topic": chat.contact.topic,
        "topic_label": topic_title(chat.contact.topic), "age": chat.contact.given.get("age"),
        "urgent": chat.urgent, "video": chat.video, "family_ended": chat.family_ended, "started_at": chat.contact.received_at.isoformat(),
        "decision": {"rule": payload["rule"], "reason": _reason(payload),
                     "targets": [{"name": t["name"], "kind": t["kind"]} for t in payload["targets"]]},
        "transfers": _transfers(session, chat, names),
        "earlier": _earlier(session, chat, names),
        "outcome": chat.outcome,
    }


def mine_json(session: Session, user: StaffUser) -> dict:
    return {"chats": [chat_details(session, c) for c in open_chats(session, user)]}


def hello_json(session: Session, user: StaffUser) -> dict:
    """Who is signed in, and what the console offers them."""
    names = service_names(session)
    services = session.execute(select(Service.id, Service.name).where(Service.chat.is_(True))
                               .order_by(Service.kind == "local_iass", Service.name)).all()
    canned = session.scalars(select(CannedResponse).where((CannedResponse.service_id.is_(None))
                                                          | (CannedResponse.service_id == user.service_id))
                             .order_by(CannedResponse.title))
    return {"user": {"id": user.id, "name": user.name, "role": user.role, "service": user.service_id, "phone": user.phone,
                     "service_name": names.get(user.service_id) if user.service_id else None},
            "presence": user.presence, "limit": user.max_chats,
            "services": [{"id": sid, "name": name} for sid, name in services],
            "outcomes": [{"code": code, "label": label} for code, label in OUTCOMES],
            "canned": [{"title": c.title, "text": c.text} for c in canned]}


def opened_json(session: Session, chat: Chat) -> dict:
    """A chat opened or accepted in the console: its details and every message."""
    return {"chat": chat_details(session, chat), "messages": [message_json(m) for m in chat.messages]}


def sent_json(chat: Chat, message: ChatMessage) -> dict:
    """A message as the console sees it: with the chat it belongs to."""
    return {"chat": chat.id, **message_json(message)}


def console_rooms(session: Session, user: StaffUser) -> list[str]:
    """The rooms a console joins when it connects: its staff member's own, the queues they work
    from (every service's, for supervisors), and each chat they have open."""
    services = queue_services(user)
    rooms = [staff_room(user.id)]
    rooms += [ALL_SERVICES] if services is None else [service_room(s) for s in services]
    return rooms + [chat_room(chat.id) for chat in open_chats(session, user)]

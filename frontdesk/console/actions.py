"""The advisor's side of a chat: presence, accept, write, transfer, close.

Each function checks who may do it, writes in the caller's transaction (with its handoff
events) and queues its real-time events for after the commit.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.directory.snapshot import current_snapshot
from frontdesk.handoff import record_event
from frontdesk.logs import tag_contact
from frontdesk.models import Chat, ChatMessage, StaffUser
from frontdesk.realtime import CONSOLE, emit_after_commit, staff_room
from frontdesk.video import close_room, open_room
from frontdesk import audit
from frontdesk.action_error import ActionError
from webchat.conversations import add_message
from webchat.queue import MoveLost, claim_move, enqueue, notify_family, notify_queue, system_message

from .access import may_work_on, may_write
from .present import OUTCOME_CODES, mine_json, notify_chat, open_chats

PRESENCE = ("available", "away")


def find_chat(session: Session, user: StaffUser, chat_id: object, *, write: bool = False) -> Chat:
    """The chat `user` asks for, if they may work on it (or write to it); otherwise "not found",
    exactly as for a chat that does not exist."""
    chat = session.get(Chat, chat_id) if isinstance(chat_id, str) and len(chat_id) <= 32 else None
    if chat is None or not (may_write(user, chat) if write else may_work_on(user, chat)):
        raise ActionError("not_found", "no such chat")
    tag_contact(chat.contact_id)
    return chat


def set_presence(user: StaffUser, status: object, now: datetime) -> None:
    if not isinstance(status, str) or status not in PRESENCE:
        raise ActionError("invalid", "presence is available or away")
    user.presence, user.seen_at = status, now


def accept(session: Session, user: StaffUser, chat: Chat, now: datetime) -> None:
    """Take a waiting chat. Exactly one advisor wins; the advisor's limit is kept."""
    if chat.status != "waiting":
        raise ActionError("taken", "another advisor has already accepted this chat")
    session.scalar(select(StaffUser).where(StaffUser.id == user.id).with_for_update())  # one accept at a time each
    if len(open_chats(session, user)) >= user.max_chats:
        raise ActionError("limit", f"you already have {user.max_chats} chats open; close one first")
    try:
        claim_move(session, chat, status="active", advisor_id=user.id, accepted_at=now, give_up_at=None)
    except MoveLost:
        raise ActionError("taken", "another advisor has already accepted this chat") from None
    if chat.video:
        open_room(chat)
    record_event(session, chat.contact, "answered", now, decision=chat.decision, service_id=chat.service_id,
                 target_index=chat.target_index, key=f"chat:{chat.id}:{chat.hop}:answered",
                 detail={"channel": "chat", "advisor": user.id, "waited_s": int((now - chat.queued_at).total_seconds())})
    system_message(session, chat, f"{user.first_name} has joined the chat.", now)
    notify_queue(session, chat.service_id, now)
    notify_family(session, chat, now)
    notify_chat(session, chat)


def advisor_says(session: Session, user: StaffUser, chat: Chat, text: object, client_id: object,
                 now: datetime) -> ChatMessage:
    if chat.status != "active":
        raise ActionError("closed", "the family has left this chat")
    message, _ = add_message(session, chat, "advisor", user.first_name, text, client_id, now, author_id=user.id)
    return message


def transfer(session: Session, user: StaffUser, chat: Chat, service_id: object, note: object,
             now: datetime) -> str:
    """A warm handoff: the chat joins another service's queue with a note for its next advisor.
    Returns the service's name."""
    if chat.status != "active":
        raise ActionError("closed", "only a chat the family is still in can be transferred")
    service = current_snapshot(session).directory.services.get(service_id) if isinstance(service_id, str) else None
    if service is None or not service.chat or service.id == chat.service_id:
        raise ActionError("invalid", "choose another service that takes chats")
    if not service.is_open(now):
        raise ActionError("closed", f"{service.name} is closed now")
    if not isinstance(note, str) or not note.strip():
        raise ActionError("invalid", "write a note for the next advisor")
    note = note.strip()[:1000]
    from_service = chat.service_id
    record_event(session, chat.contact, "transferred", now, decision=chat.decision, service_id=service.id,
                 key=f"chat:{chat.id}:{chat.hop}:transferred",
                 detail={"channel": "chat", "from": from_service, "note": note, "by": user.name, "by_id": user.id})
    audit.record(session, "transfer", user=user, target=f"chat:{chat.id}", at=now, to=service.id, note=note)
    chat.transfer = {"from": from_service, "from_name": _name(session, from_service), "note": note, "by": user.name}
    previous_advisor = chat.advisor_id
    enqueue(session, chat, {"service": service.id}, None, now, 0)
    system_message(session, chat, f"{user.first_name} has passed your chat to {service.name}. "
                   "An advisor there will join you soon.", now)
    notify_chat(session, chat)
    if previous_advisor:
        emit_after_commit(session, "mine", mine_json(session, session.get(StaffUser, previous_advisor)),
                          to=staff_room(previous_advisor), namespace=CONSOLE)
    return service.name


def _name(session: Session, service_id: str) -> str:
    from ..directory.store import service_name
    return service_name(session, service_id)


def close(session: Session, user: StaffUser, chat: Chat, outcome: object, note: object, now: datetime) -> None:
    """Close a chat with an outcome code (logged as completed). The family is told it has ended."""
    if not isinstance(outcome, str) or outcome not in OUTCOME_CODES:
        raise ActionError("invalid", "choose an outcome")
    note = note.strip()[:1000] if isinstance(note, str) else ""
    was_active = chat.status == "active"
    claim_move(session, chat, status="ended", outcome=outcome, ended_at=chat.ended_at or now)
    close_room(chat)
    record_event(session, chat.contact, "completed", now, decision=chat.decision, service_id=chat.service_id,
                 key=f"chat:{chat.id}:completed",
                 detail={"channel": "chat", "outcome": outcome, "note": note, "by": user.id})
    if was_active:
        system_message(session, chat, f"{user.first_name} has ended the chat. Thank you for getting in touch.", now)
        notify_family(session, chat, now)
    notify_chat(session, chat)


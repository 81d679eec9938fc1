"""The advisor's side of a chat: presence, accept, write, transfer, close, read, typing.

Each function checks who may do it, writes in the caller's transaction (with its handoff
events) and queues its real-time events for after the commit.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contacts.chat_forms import MAX_NOTE, note_text
from ..contacts.chat_status import OUTCOME_CODES, ChatStatus
from ..directory.snapshot import current_snapshot
from ..directory.store import service_name
from ..models import Chat, ChatMessage, StaffUser
from ..platform.outbox import send_now
from ..platform.refusals import ActionError, MoveLost
from ..platform.rooms import FAMILY, chat_room
from ..reads.chat_queues import open_chats
from ._audit_log import record_audit
from ._handoff_log import record_event
from ._messages import add_message, mark_read, system_message
from ._notify import notify_chat, notify_family, notify_mine, notify_queue
from ._queue_moves import chat_key, claim_move, enqueue
from .video import close_room, open_room

PRESENCE = ("available", "away")


def do_set_presence(user: StaffUser, status: object, now: datetime) -> None:
    """Available to take chats, or away."""
    if not isinstance(status, str) or status not in PRESENCE:
        raise ActionError("invalid", "presence is available or away")
    user.presence, user.seen_at = status, now


def do_heartbeat(user: StaffUser, now: datetime) -> None:
    """The console is still open: the advisor counts as online, and keeps their chats."""
    user.seen_at = now


def do_accept_chat(session: Session, user: StaffUser, chat: Chat, now: datetime) -> None:
    """Take a waiting chat. Exactly one advisor wins; the advisor's limit is kept."""
    if chat.status != ChatStatus.WAITING:
        raise ActionError("taken", "another advisor has already accepted this chat")
    session.scalar(select(StaffUser).where(StaffUser.id == user.id).with_for_update())  # one accept at a time each
    if len(open_chats(session, user)) >= user.max_chats:
        raise ActionError("limit", f"you already have {user.max_chats} chats open; close one first")
    try:
        claim_move(session, chat, status=ChatStatus.ACTIVE, advisor_id=user.id, accepted_at=now, give_up_at=None)
    except MoveLost:
        raise ActionError("taken", "another advisor has already accepted this chat") from None
    if chat.video:
        open_room(session, chat)
    record_event(session, chat.contact, "answered", now, decision=chat.decision, service_id=chat.service_id,
                 target_index=chat.target_index, key=chat_key(chat, chat.hop, "answered"),
                 detail={"channel": "chat", "advisor": user.id, "waited_s": int((now - chat.queued_at).total_seconds())})
    system_message(session, chat, f"{user.first_name} has joined the chat.", now)
    record_audit(session, "accept_chat", user=user, target=f"chat:{chat.id}", at=now)
    notify_queue(session, chat.service_id, now)
    notify_family(session, chat, now)
    notify_chat(session, chat)


def do_advisor_message(session: Session, user: StaffUser, chat: Chat, text: object, client_id: object,
                       now: datetime) -> ChatMessage:
    """A message from the advisor to the family."""
    if chat.status != ChatStatus.ACTIVE:
        raise ActionError("closed", "the family has left this chat")
    message, _ = add_message(session, chat, "advisor", user.first_name, text, client_id, now, author_id=user.id)
    return message


def do_transfer_chat(session: Session, user: StaffUser, chat: Chat, service_id: object, note: object,
                     now: datetime) -> str:
    """A warm handoff: the chat joins another service's queue with a note for its next advisor.
    Audited. Returns the service's name."""
    if chat.status != ChatStatus.ACTIVE:
        raise ActionError("closed", "only a chat the family is still in can be transferred")
    service = current_snapshot(session).directory.services.get(service_id) if isinstance(service_id, str) else None
    if service is None or not service.chat or service.id == chat.service_id:
        raise ActionError("invalid", "choose another service that takes chats")
    if not service.is_open(now):
        raise ActionError("closed", f"{service.name} is closed now")
    if not isinstance(note, str) or not note.strip():
        raise ActionError("invalid", "write a note for the next advisor")
    note = note.strip()[:MAX_NOTE]
    from_service = chat.service_id
    record_event(session, chat.contact, "transferred", now, decision=chat.decision, service_id=service.id,
                 key=chat_key(chat, chat.hop, "transferred"),
                 detail={"channel": "chat", "from": from_service, "note": note, "by": user.name, "by_id": user.id})
    record_audit(session, "transfer", user=user, target=f"chat:{chat.id}", at=now, to=service.id, note=note)
    chat.transfer = {"from": from_service, "from_name": service_name(session, from_service), "note": note,
                     "by": user.name}
    _end_video_room(session, chat)  # the next advisor gets a room of their own: nobody stays in this one
    previous_advisor = chat.advisor_id
    enqueue(session, chat, {"service": service.id}, None, now, 0)
    system_message(session, chat, f"{user.first_name} has passed your chat to {service.name}. "
                   "An advisor there will join you soon.", now)
    notify_chat(session, chat)
    if previous_advisor:
        notify_mine(session, session.get(StaffUser, previous_advisor))
    return service.name


def _end_video_room(session: Session, chat: Chat) -> None:
    """A video chat changing hands: its room ends (at Twilio too, after the commit), so a token or a
    connection the old advisor holds opens nothing; the next advisor's accept makes a new room."""
    if chat.video_room:
        close_room(session, chat)
        chat.video_room, chat.video_room_sid = None, None


def do_close_chat(session: Session, user: StaffUser, chat: Chat, outcome: object, note: object, now: datetime) -> None:
    """Close a chat with an outcome code (logged as completed). The family is told it has ended."""
    if not isinstance(outcome, str) or outcome not in OUTCOME_CODES:
        raise ActionError("invalid", "choose an outcome")
    note = note_text(note)
    was_active = chat.status == ChatStatus.ACTIVE
    claim_move(session, chat, status=ChatStatus.ENDED, outcome=outcome, ended_at=chat.ended_at or now)
    close_room(session, chat)
    record_event(session, chat.contact, "completed", now, decision=chat.decision, service_id=chat.service_id,
                 key=chat_key(chat, "completed"),
                 detail={"channel": "chat", "outcome": outcome, "note": note, "by": user.id})
    if was_active:
        system_message(session, chat, f"{user.first_name} has ended the chat. Thank you for getting in touch.", now)
        notify_family(session, chat, now)
    notify_chat(session, chat)


def do_mark_read_by_advisor(session: Session, chat: Chat, upto: object) -> int:
    """The advisor has read the family's messages up to `upto`; the family's widget shows "Read"."""
    return mark_read(session, chat, "advisor", upto)


def do_advisor_typing(user: StaffUser, chat: Chat, typing: bool) -> None:
    """The advisor is typing (or has stopped): the family sees it at once."""
    send_now("typing", {"typing": typing, "name": user.first_name}, to=chat_room(chat.id), namespace=FAMILY)

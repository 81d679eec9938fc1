"""A conversation's record for staff: details, every message and the handoff log."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from webchat.present import message_json

from ..directory.store import service_name

from .. import audit
from ..auth import AuthError
from ..models import Chat, StaffUser
from .access import may_read
from .present import chat_details


def read_transcript(session: Session, user: StaffUser, chat_id: str, now: datetime, via: str) -> dict:
    """The chat's record (details, messages, handoff log) if `user` may read it, with the view
    recorded in the audit log; otherwise "not found", exactly as for a chat that does not exist.
    The caller commits."""
    chat = session.get(Chat, chat_id)
    if chat is None or not may_read(user, chat):
        raise AuthError(404, "no such conversation")
    audit.record(session, "view_chat", user=user, target=f"chat:{chat_id}", at=now, via=via)
    return {
        **chat_details(session, chat),
        "messages": [message_json(m) for m in chat.messages],
        "events": [{"kind": e.kind, "at": e.at.isoformat(), "service": e.service_id,
                    "service_name": service_name(session, e.service_id) if e.service_id else "", "detail": e.detail}
                   for e in chat.contact.events],
    }

"""A conversation's record for staff: details, every message and the handoff log."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webchat.present import message_json, service_name

from ..auth import AuthError
from ..contact_input import parse_time
from ..display import london_time
from ..models import Chat, StaffUser
from .access import may_read
from .present import chat_details




def transcript(session: Session, user: StaffUser, chat_id: str) -> dict:
    """The chat's record if `user` may read it; otherwise "not found", exactly as for a chat
    that does not exist."""
    chat = session.get(Chat, chat_id)
    if chat is None or not may_read(user, chat):
        raise AuthError(404, "no such conversation")
    details = chat_details(session, chat)
    for earlier in details["earlier"]:
        earlier["at_local"] = london_time(parse_time(earlier["at"]))
    return {
        "chat": details,
        "messages": [{**message_json(m), "at_local": london_time(m.sent_at)} for m in chat.messages],
        "events": [{"kind": e.kind, "at": e.at.isoformat(), "at_local": london_time(e.at),
                    "service": e.service_id, "service_name": service_name(session, e.service_id) if e.service_id else "",
                    "detail": e.detail} for e in chat.contact.events],
    }

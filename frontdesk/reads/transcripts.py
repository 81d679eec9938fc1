"""A conversation's record for staff: details, every message and the handoff log (reading it is
audited: `actions.records.do_view_transcript`)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..directory.store import service_name
from ..models import Chat
from .console import chat_details
from .family_chat import message_json


def transcript_json(session: Session, chat: Chat) -> dict:
    return {
        **chat_details(session, chat),
        "messages": [message_json(m) for m in chat.messages],
        "events": [{"kind": e.kind, "at": e.at.isoformat(), "service": e.service_id,
                    "service_name": service_name(session, e.service_id) if e.service_id else "", "detail": e.detail}
                   for e in chat.contact.events],
    }

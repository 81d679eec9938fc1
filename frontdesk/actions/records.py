"""Staff looking at what families told us, and taking data away: each look and each download is
recorded in the audit log, in the same transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..models import CallbackRequest, Chat, Contact, StaffUser
from ..platform.refusals import AuthError
from ..reads.access import may_read, may_see_contact
from ..reads.callbacks import number_to_call
from ..reads.contacts import contact_json
from ..reads.transcripts import transcript_json
from ._audit_log import record_audit


def do_view_contact(session: Session, user: StaffUser, contact_id: str, now: datetime, via: str) -> dict:
    """A contact's record if `user` may see it, with the view recorded in the audit log; otherwise
    "not found", exactly as for a contact that does not exist."""
    contact = session.get(Contact, contact_id)
    # An advisor asking for another service's contact learns nothing more than "not found".
    if contact is None or not may_see_contact(user, contact):
        raise AuthError(404, "no such contact")
    record_audit(session, "view_contact", user=user, target=f"contact:{contact_id}", at=now, via=via)
    return contact_json(contact)


def do_view_transcript(session: Session, user: StaffUser, chat_id: str, now: datetime, via: str) -> dict:
    """The chat's record (details, messages, handoff log) if `user` may read it, with the view
    recorded in the audit log; otherwise "not found", exactly as for a chat that does not exist."""
    chat = session.get(Chat, chat_id)
    if chat is None or not may_read(user, chat):
        raise AuthError(404, "no such conversation")
    record_audit(session, "view_chat", user=user, target=f"chat:{chat_id}", at=now, via=via)
    return transcript_json(session, chat)


def do_open_chat(session: Session, user: StaffUser, chat: Chat, now: datetime) -> None:
    """An advisor opening a chat in the console (`chat` found with `reads.access.find_chat`), in
    the audit log."""
    record_audit(session, "open_chat", user=user, target=f"chat:{chat.id}", at=now, via="console")


def do_show_number(session: Session, user: StaffUser, request: CallbackRequest, now: datetime) -> str:
    """A family's full number, for the advisor holding their callback request only (ActionError
    otherwise), with the showing in the audit log."""
    number = number_to_call(user, request)
    record_audit(session, "show_number", user=user, target=f"callback:{request.id}", at=now)
    return number


def do_record_export(session: Session, target: str, *, user: StaffUser | None = None, actor: str | None = None,
                     **detail) -> None:
    """A download or export of data (a report, the scorecard, the directory), in the audit log."""
    record_audit(session, "export", user=user, actor=actor, target=target, **detail)

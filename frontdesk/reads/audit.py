"""Reading the audit log back (admins only). Writing it is `actions._audit_log`."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditEntry

ACTIONS = {
    "sign_in": "Signed in", "sign_in_failed": "Sign-in refused", "sign_out": "Signed out",
    "view_contact": "Viewed a contact", "view_chat": "Viewed a conversation", "transfer": "Transferred a chat",
    "export": "Exported data", "publish_rulebook": "Published a rulebook",
    "open_chat": "Opened a chat", "accept_chat": "Accepted a chat", "show_number": "Showed a family's full number",
    "play_voicemail": "Played a voicemail",
}


def entries(session: Session, action: str | None = None, actor: str | None = None, before: int | None = None,
            limit: int = 100) -> list[AuditEntry]:
    """The newest entries first, optionally of one action or actor, older than entry `before`."""
    query = select(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor.strip().lower())
    if before:
        query = query.where(AuditEntry.id < before)
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))


def entry_json(entry: AuditEntry) -> dict:
    return {"id": entry.id, "at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action,
            "target": entry.target, "detail": entry.detail}

"""The audit log's actions: record what a staff member did, and read the log back (admins only).

`record` writes in the caller's transaction, so an action and its audit entry commit together.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry, StaffUser
from .models.base import utcnow

ACTIONS = {
    "sign_in": "Signed in", "sign_in_failed": "Sign-in refused", "sign_out": "Signed out",
    "view_contact": "Viewed a contact", "view_chat": "Viewed a conversation", "transfer": "Transferred a chat",
    "export": "Exported data", "publish_rulebook": "Published a rulebook",
}


def record(session: Session, action: str, *, user: StaffUser | None = None, actor: str | None = None,
           target: str | None = None, at: datetime | None = None, **detail) -> AuditEntry:
    """Add an entry: who (`user`, or `actor` for the command line or a failed sign-in), what, on what."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action '{action}'")
    entry = AuditEntry(at=at or utcnow(), staff_id=user.id if user else None,
                       actor=(user.email if user else actor or "unknown")[:200], action=action,
                       target=target[:120] if target else None, detail=detail)
    session.add(entry)
    return entry


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

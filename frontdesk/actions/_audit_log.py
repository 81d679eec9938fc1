"""Writing the audit log: what a staff member (or the command line) did, in the caller's
transaction, so an action and its audit entry commit together."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..models import AuditEntry, StaffUser
from ..platform.clock import now
from ..reads.audit import ACTIONS


def record_audit(session: Session, action: str, *, user: StaffUser | None = None, actor: str | None = None,
                 target: str | None = None, at: datetime | None = None, **detail) -> AuditEntry:
    """Add an entry: who (`user`, or `actor` for the command line or a failed sign-in), what, on what,
    and when (`at`, else now by the app's clock, as every other time the desk keeps)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action '{action}'")
    entry = AuditEntry(at=at or now(), staff_id=user.id if user else None,
                       actor=(user.email if user else actor or "unknown")[:200], action=action,
                       target=target[:120] if target else None, detail=detail)
    session.add(entry)
    return entry

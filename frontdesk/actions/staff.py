"""Staff accounts: create one, sign in and out (audited), issue an API token."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ROLES, ApiToken, StaffUser
from ..platform.auth import token_hash
from ..platform.passwords import MIN_LENGTH, check_password, hash_password
from ._audit_log import record_audit


def do_create_staff(session: Session, email: str, name: str, role: str, password: str,
                    service_id: str | None = None) -> StaffUser:
    """Add a staff account. Advisors must belong to a service; passwords need 10+ characters."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if role == "advisor" and not service_id:
        raise ValueError("an advisor belongs to one service")
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    user = StaffUser(email=email.strip().lower(), name=name, role=role, service_id=service_id,
                     password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def do_set_password(user: StaffUser, password: str) -> None:
    """Give an account a new password."""
    user.password_hash = hash_password(password)


def do_sign_in(session: Session, email: str, password: str, now: datetime, ip: str | None) -> StaffUser | None:
    """The active staff member with this email and password, or None; either way the attempt goes
    in the audit log. Staff start away: they choose when they are ready to take chats. Caller commits."""
    user = session.scalar(select(StaffUser).where(StaffUser.email == email)) if email else None
    if user is None or not user.active or not check_password(user, password):
        record_audit(session, "sign_in_failed", actor=email or "(no email)", at=now, ip=ip)
        return None
    user.presence = "away"
    record_audit(session, "sign_in", user=user, at=now, ip=ip)
    return user


def do_sign_out(session: Session, user: StaffUser, now: datetime) -> None:
    """Signing out: the user's open consoles are cut off at their next beat. Caller commits."""
    user.signed_out_at, user.presence = now, "away"
    record_audit(session, "sign_out", user=user, at=now)


def do_issue_token(session: Session, user: StaffUser, label: str = "") -> str:
    """A new bearer token for `user`; only its hash is stored, so show it once."""
    token = "fd_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), label=label))
    return token

"""Staff identity: argon2 passwords, Flask-Login sessions, bearer tokens for scripts, roles."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .extensions import csrf, db, login
from .models import ROLES, ApiToken, StaffUser

_hasher = PasswordHasher()


class AuthError(Exception):
    """Raised to answer 401 (not signed in) or 403 (not allowed)."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: StaffUser, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_staff(session: Session, email: str, name: str, role: str, password: str,
                 service_id: str | None = None) -> StaffUser:
    """Add a staff account. Advisors must belong to a service; passwords need 10+ characters."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if role == "advisor" and not service_id:
        raise ValueError("an advisor belongs to one service")
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    user = StaffUser(email=email.strip().lower(), name=name, role=role, service_id=service_id,
                     password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def sign_in(session: Session, email: str, password: str, now: datetime, ip: str | None) -> StaffUser | None:
    """The active staff member with this email and password, or None; either way the attempt goes
    in the audit log. Staff start away: they choose when they are ready to take chats. Caller commits."""
    user = session.scalar(select(StaffUser).where(StaffUser.email == email)) if email else None
    if user is None or not user.active or not check_password(user, password):
        audit.record(session, "sign_in_failed", actor=email or "(no email)", at=now, ip=ip)
        return None
    user.presence = "away"
    audit.record(session, "sign_in", user=user, at=now, ip=ip)
    return user


def sign_out(session: Session, user: StaffUser, now: datetime) -> None:
    """Signing out: the user's open consoles are cut off at their next beat. Caller commits."""
    user.signed_out_at, user.presence = now, "away"
    audit.record(session, "sign_out", user=user, at=now)


def issue_token(session: Session, user: StaffUser, label: str = "") -> str:
    """A new bearer token for `user`; only its hash is stored, so show it once."""
    token = "fd_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest(), label=label))
    return token


def _user_from_token(header: str) -> StaffUser | None:
    if not header.startswith("Bearer "):
        return None
    digest = hashlib.sha256(header[7:].strip().encode()).hexdigest()
    user = db.session.scalar(select(StaffUser).join(ApiToken).where(ApiToken.token_hash == digest))
    return user if user and user.active else None


def staff_user() -> StaffUser | None:
    """The signed-in staff member for this request (bearer token or session), if any."""
    key = "frontdesk.staff"
    if key not in request.environ:
        header = request.headers.get("Authorization", "")
        request.environ[key] = _user_from_token(header) if header else (
            current_user if current_user.is_authenticated else None)
    return request.environ[key]


def require_staff(*roles: str):
    """Decorate a view so only signed-in staff (with one of `roles`, if given) reach it."""
    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            user = staff_user()
            if user is None:
                raise AuthError(401, "sign in or send an API token (Authorization: Bearer ...)")
            if roles and user.role not in roles:
                raise AuthError(403, f"this needs the {' or '.join(roles)} role")
            return view(*args, **kwargs)
        return inner
    return wrap


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # protect_forms below decides, for every blueprint

    @login.user_loader
    def load_user(user_id: str) -> StaffUser | None:
        user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
        return user if user and user.active else None  # a switched-off account is signed out everywhere

    @app.before_request
    def protect_forms():
        # Changes made with the session cookie need a CSRF token. Bearer-token calls carry no
        # cookie, an anonymous API call has no session to abuse (it gets 401), and blueprints
        # that authenticate otherwise (signed Twilio webhooks) list themselves as exempt.
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return
        if request.headers.get("Authorization", "").startswith("Bearer "):
            return
        if request.blueprint in app.config.get("CSRF_EXEMPT_BLUEPRINTS", ()):
            return
        if request.blueprint == "api" and not current_user.is_authenticated:
            return
        csrf.protect()

"""Who a request comes from: Flask-Login sessions, bearer tokens for scripts, roles, and the
CSRF rule for changes made with the session cookie."""
from __future__ import annotations

import hashlib
from functools import wraps

from flask import Flask, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import csrf, db, login
from ..models import ApiToken, StaffUser
from .refusals import AuthError

__all__ = ["AuthError", "init_app", "require_staff", "staff_user", "token_hash"]


def token_hash(token: str) -> str:
    """What is stored of an API token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def _user_from_token(header: str) -> StaffUser | None:
    if not header.startswith("Bearer "):
        return None
    user = db.session.scalar(select(StaffUser).join(ApiToken).where(ApiToken.token_hash == token_hash(header[7:].strip())))
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

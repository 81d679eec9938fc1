"""The conversation token the widget keeps: signed by the server, so nobody can guess or forge one."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE_S = 30 * 24 * 3600  # a conversation can be resumed for 30 days


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="frontdesk.chat-token")


def make_token(chat_id: str, family_key: str) -> str:
    return _serializer().dumps({"c": chat_id, "f": family_key})


def read_token(token: object) -> tuple[str, str] | None:
    """(chat id, family key) from a token, or None if it is not one of ours or too old."""
    if not isinstance(token, str) or len(token) > 400:
        return None
    try:
        data = _serializer().loads(token, max_age=MAX_AGE_S)
    except BadSignature:
        return None
    return (data["c"], data["f"]) if isinstance(data, dict) and "c" in data and "f" in data else None


def make_family_token(family_key: str) -> str:
    """A token for the browser to keep between conversations, so advisors see earlier contacts."""
    return _serializer().dumps({"f": family_key}, salt="frontdesk.family-token")


def read_family_token(token: object) -> str | None:
    if not isinstance(token, str) or len(token) > 400:
        return None
    try:
        data = _serializer().loads(token, salt="frontdesk.family-token", max_age=365 * 24 * 3600)
    except BadSignature:
        return None
    return data.get("f") if isinstance(data, dict) and isinstance(data.get("f"), str) else None

"""Twilio's REST API through the official SDK: one client, made from the settings.

Tests (and anyone without network) give the SDK another HTTP client through the
TWILIO_HTTP_CLIENT setting; the SDK builds exactly the requests it would send to Twilio.
"""
from __future__ import annotations

from flask import current_app, request
from twilio.rest import Client


def twilio_client() -> Client | None:
    """A REST client when an account is configured (API key and secret preferred), else None."""
    config = current_app.config
    sid = config.get("TWILIO_ACCOUNT_SID")
    if not sid:
        return None
    http_client = config.get("TWILIO_HTTP_CLIENT")
    if config.get("TWILIO_API_KEY") and config.get("TWILIO_API_SECRET"):
        return Client(config["TWILIO_API_KEY"], config["TWILIO_API_SECRET"], sid, http_client=http_client)
    if not config.get("TWILIO_AUTH_TOKEN"):
        return None
    return Client(sid, config["TWILIO_AUTH_TOKEN"], http_client=http_client)


def public_url(path_with_query: str) -> str:
    """The absolute URL Twilio should call back on (FRONTDESK_PUBLIC_URL behind a proxy)."""
    root = request.root_url if request else "http://localhost/"
    return (current_app.config.get("PUBLIC_URL") or root).rstrip("/") + path_with_query

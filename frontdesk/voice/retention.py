"""Forgetting callers: numbers and messages are kept only as long as they are needed.

A callback request's number and message link are wiped once it is older than the
retention period; a call's caller hash once it is too old to offer a returning caller their
last area. The contact, its decision and its handoff log stay, without anyone's number.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from ..models import CallbackRequest, PhoneCall


def purge_caller_data(session: Session, now: datetime, keep_days: int, returning_days: int) -> dict[str, int]:
    """Wipe numbers and messages older than `keep_days`, and caller hashes older than
    `returning_days`. Runs in the caller's transaction; returns how many rows changed."""
    old_requests = session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.created_at < now - timedelta(days=keep_days),
               or_(CallbackRequest.phone.is_not(None), CallbackRequest.recording_url.is_not(None)))
        .values(phone=None, recording_url=None, recording_sid=None)).rowcount
    old_hashes = session.execute(
        update(PhoneCall)
        .where(PhoneCall.started_at < now - timedelta(days=returning_days), PhoneCall.caller_hash.is_not(None))
        .values(caller_hash=None)).rowcount
    return {"callback_requests": old_requests, "calls": old_hashes}

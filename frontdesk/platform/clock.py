"""The app's clock, and times as people in England read them.

Tests replace the clock through the FRONTDESK_CLOCK setting; FRONTDESK_CLOCK_SHIFT_S moves a whole
server's clock (outside production), to try it as if it were another day and hour. Times are stored
in UTC and shown in Europe/London.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app

from routing_rules.hours import LONDON

from ..models.base import utcnow

__all__ = ["LONDON", "london_time", "now", "parse_time"]


def now() -> datetime:
    """The current moment as an aware UTC datetime, from the configured clock."""
    if not current_app:
        return utcnow()
    clock = current_app.config.get("FRONTDESK_CLOCK")
    if clock:
        return clock()
    shift = current_app.config.get("CLOCK_SHIFT_S") or 0
    return utcnow() + timedelta(seconds=shift) if shift else utcnow()


def parse_time(value: str) -> datetime:
    """An ISO 8601 moment; a time without an offset is taken as UTC. Raises ValueError."""
    at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def london_time(at) -> str:
    """A UTC moment (a datetime, or ISO 8601 text as in our JSON) as people in England read it:
    "26 Nov 2026 08:31:05"."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at.astimezone(LONDON).strftime("%d %b %Y %H:%M:%S")

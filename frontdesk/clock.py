"""The app's clock. Tests replace it through the FRONTDESK_CLOCK setting; FRONTDESK_CLOCK_SHIFT_S
moves a whole server's clock (outside production), to try it as if it were another day and hour."""
from datetime import datetime, timedelta

from flask import current_app

from .models.base import utcnow


def now() -> datetime:
    """The current moment as an aware UTC datetime, from the configured clock."""
    if not current_app:
        return utcnow()
    clock = current_app.config.get("FRONTDESK_CLOCK")
    if clock:
        return clock()
    shift = current_app.config.get("CLOCK_SHIFT_S") or 0
    return utcnow() + timedelta(seconds=shift) if shift else utcnow()

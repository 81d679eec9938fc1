"""The app's clock. Tests replace it through the FRONTDESK_CLOCK setting."""
from datetime import datetime

from flask import current_app

from .models.base import utcnow


def now() -> datetime:
    """The current moment as an aware UTC datetime, from the configured clock."""
    clock = current_app.config.get("FRONTDESK_CLOCK") if current_app else None
    return clock() if clock else utcnow()

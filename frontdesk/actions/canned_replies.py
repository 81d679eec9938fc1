"""Ready-made replies advisors can insert in a chat."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CannedResponse


def do_add_canned_replies(session: Session, replies: list[tuple[str, str]], service_id: str | None = None) -> int:
    """Add (title, text) replies for one service (None: every service), skipping titles it has
    already; returns how many were added."""
    have = set(session.scalars(select(CannedResponse.title).where(
        CannedResponse.service_id.is_(None) if service_id is None else CannedResponse.service_id == service_id)))
    new = [CannedResponse(title=t, text=x, service_id=service_id) for t, x in replies if t not in have]
    session.add_all(new)
    return len(new)

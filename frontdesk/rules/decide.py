"""Routing a contact: resolve what the family said, then evaluate the active rulebook."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from routing_rules import Decision, evaluate

from ..contacts.input import ContactInput
from ..directory.snapshot import current_snapshot, full_postcode_lookup
from ..resolve import resolve_contact
from .store import active_rulebook


def decide(session: Session, inp: ContactInput, at: datetime | None = None) -> Decision:
    """The decision for one contact under the active rulebook and current directory. Logs nothing."""
    snapshot = current_snapshot(session)
    resolved = resolve_contact(inp, snapshot.places, full_postcode_lookup(session))
    return evaluate(active_rulebook(session), resolved, snapshot.directory, at or inp.received_at)

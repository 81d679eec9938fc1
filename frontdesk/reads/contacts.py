"""A logged contact for staff: what the family gave, its decisions, its handoff events and its
callback request (reading it is audited: `actions.records.do_view_contact`)."""
from __future__ import annotations

from ..models import Contact
from .callbacks import callback_summary


def contact_json(contact: Contact) -> dict:
    """A contact with its decisions and handoff events, for staff."""
    return {
        "id": contact.id, "channel": contact.channel, "received_at": contact.received_at.isoformat(),
        "local_authority": contact.authority_code, "topic": contact.topic, "urgent": contact.urgent,
        "given": contact.given,
        "decisions": [{"id": d.id, "decided_at": d.decided_at.isoformat(), "rule": d.rule,
                       "rulebook_version": d.rulebook_version, "decision": d.payload}
                      for d in contact.decisions],
        "events": [{"id": e.id, "kind": e.kind, "at": e.at.isoformat(), "service": e.service_id,
                    "target_index": e.target_index, "decision_id": e.decision_id, "detail": e.detail}
                   for e in contact.events],
        "callback": callback_summary(contact.callback) if contact.callback else None,
    }

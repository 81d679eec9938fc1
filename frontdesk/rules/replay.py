"""Replaying a draft rulebook over the contacts of a period: where would they have gone instead?

Each contact is replayed with the facts its first decision was made on (its local authority,
topic and urgency as resolved then, its channel and the moment it arrived), against today's
directory. So replaying the rulebook that made those decisions changes nothing, unless the
directory (opening hours, services) has changed since; a draft that differs shows exactly
the contacts its differences move. Contacts are read in batches, never all at once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routing_rules import Rulebook, evaluate

from ..contacts.input import ContactInput
from ..directory.snapshot import current_snapshot
from ..models import Contact, DecisionRecord
from ..reports.scope import first_decisions
from ..resolve import resolve_contact

BATCH = 2000
EXAMPLES_PER_MOVE = 5


@dataclass
class ReplayResult:
    """How many contacts were replayed, how many would have gone elsewhere, and where."""

    total: int = 0
    changed: int = 0
    moves: Counter = field(default_factory=Counter)  # (was, would be) -> contacts
    examples: dict = field(default_factory=dict)  # (was, would be) -> [{contact, received_at, was_rule, rule}]

    def to_json(self) -> dict:
        return {"total": self.total, "changed": self.changed,
                "moves": [{"from": was, "to": now, "contacts": count, "examples": self.examples[(was, now)]}
                          for (was, now), count in self.moves.most_common()]}


def _first_decisions(since: datetime, until: datetime):
    first = first_decisions(Contact.received_at >= since, Contact.received_at < until)
    facts = DecisionRecord.payload["contact"]
    return (select(Contact.id, Contact.channel, Contact.received_at, Contact.given, DecisionRecord.rule,
                   DecisionRecord.first_service, facts["local_authority"]["code"].as_string(),
                   facts["topic"].as_string(), facts["urgent"].as_boolean())
            .join(first, first.c.id == DecisionRecord.id)
            .join(Contact, Contact.id == DecisionRecord.contact_id)
            .order_by(Contact.received_at, Contact.id))


def count_contacts(session: Session, since: datetime, until: datetime) -> int:
    return session.scalar(select(func.count()).select_from(_first_decisions(since, until).subquery())) or 0


def replay(session: Session, rulebook: Rulebook, since: datetime, until: datetime,
           progress: Callable[[int], None] | None = None) -> ReplayResult:
    """Decide again, with `rulebook`, every contact received in [since, until)."""
    snapshot = current_snapshot(session)
    result = ReplayResult()
    rows = session.execute(_first_decisions(since, until).execution_options(yield_per=BATCH))
    for batch in rows.partitions():
        for contact_id, channel, received_at, given, was_rule, was_service, code, topic, urgent in batch:
            inp = ContactInput(channel=channel, received_at=received_at, local_authority=code, topic=topic,
                               urgent=bool(urgent), age=given.get("age"), language=given.get("language"))
            decision = evaluate(rulebook, resolve_contact(inp, snapshot.places), snapshot.directory, received_at)
            result.total += 1
            now_service = decision.targets[0].service
            if now_service != was_service:
                result.changed += 1
                move = (was_service, now_service)
                result.moves[move] += 1
                examples = result.examples.setdefault(move, [])
                if len(examples) < EXAMPLES_PER_MOVE:
                    examples.append({"contact": contact_id, "received_at": received_at.isoformat(),
                                     "was_rule": was_rule, "rule": decision.rule})
        if progress:
            progress(len(batch))
    return result

"""A made-up history for the demo, so the reports and the scorecard have something to show.

Contacts over the last N days at a helpline's rhythm (busy weekday mornings, quieter evenings
and weekends), each decided by the rulebook in force against the demo directory, then carried
out as the channels would log it: offers, answers with their waits, no-answers, fallbacks,
abandoned contacts, callback requests and the calls back, chats and their ratings. Each service
has its own answer rate, pace and feedback, so the league has leaders and laggards. Marked by
channel_ref "demo-history-...", never written twice. Not for production databases: like test
fixtures, these made-up rows are inserted directly, in bulk, not through the actions layer.
"""
from __future__ import annotations

import random
import uuid
import zlib
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing_rules import TOPICS, evaluate

from ..contacts.chat_status import ChatStatus
from ..contacts.input import ContactInput
from ..directory.snapshot import current_snapshot
from ..models import CallbackRequest, Chat, Contact, DecisionRecord, HandoffEvent
from ..resolve import resolve_contact
from ..rules.store import active_rulebook
from .demo_data import install_demo_chat

MARK = "demo-history-"
# Contacts per hour of a weekday (London), 0-23; weekends get a third.
HOURLY = [1, 0, 0, 0, 0, 0, 1, 2, 6, 12, 13, 12, 10, 11, 11, 10, 8, 6, 5, 4, 3, 2, 2, 1]


class _Temper:
    """A service's character in the demo: how often it answers, how fast, how families rate it."""

    def __init__(self, service_id: str):
        rng = random.Random(zlib.crc32(service_id.encode()))
        self.answers = rng.uniform(0.62, 0.97)
        self.wait_s = rng.uniform(25, 170)
        self.callback_days = rng.choice([0.3, 0.5, 0.8, 1.2, 2.5])
        self.rating = rng.uniform(3.2, 4.8)


def has_history(session: Session) -> bool:
    return session.scalar(select(Contact.id).where(Contact.channel_ref.like(f"{MARK}%")).limit(1)) is not None


def load_history(session: Session, now: datetime, days: int, per_day: int = 120, seed: int = 26) -> int:
    """Write `days` of made-up contacts ending at `now` (about `per_day` a weekday); returns how
    many. Does nothing if the demo history is there already. The caller commits."""
    if days <= 0 or has_history(session):
        return 0
    snapshot = current_snapshot(session)
    rulebook = active_rulebook(session)
    site = install_demo_chat(session)  # the chats came through the demo partner page
    codes = sorted(snapshot.directory.local_iass)  # areas with a local IASS in the directory
    rng = random.Random(seed)
    tempers: dict[str, _Temper] = {}
    rows: dict[str, list] = {"contacts": [], "decisions": [], "events": [], "callbacks": [], "chats": []}
    count = 0
    start = (now - timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    hour = start
    while hour < now:
        rate = HOURLY[hour.hour] * per_day / sum(HOURLY) * (1 if hour.weekday() < 5 else 0.33)
        for _ in range(_poisson(rng, rate)):
            at = hour + timedelta(seconds=rng.randrange(3600))
            if at < now:
                _one(rows, rng, tempers, snapshot, rulebook, site, codes, at, now, count)
                count += 1
        hour += timedelta(hours=1)
    _insert(session, rows)
    return count


def _poisson(rng: random.Random, mean: float) -> int:
    n, total = 0, rng.expovariate(1.0) if mean > 0 else float("inf")
    while total < mean:
        n += 1
        total += rng.expovariate(1.0)
    return n


def _one(rows, rng, tempers, snapshot, rulebook, site, codes, at, now, n) -> None:
    channel = rng.choices(["phone", "chat", "video"], [60, 35, 5])[0]
    inp = ContactInput(channel=channel, received_at=at, local_authority=rng.choice(codes) if rng.random() < 0.9 else None,
                       topic=rng.choice(TOPICS), urgent=rng.random() < 0.01)
    decision = evaluate(rulebook, resolve_contact(inp, snapshot.places), snapshot.directory, at)
    contact_id = uuid.uuid4().hex
    rows["contacts"].append({"id": contact_id, "channel": channel, "channel_ref": f"{MARK}{n}", "received_at": at,
                             "given": {}, "authority_code": decision.contact.local_authority.code,
                             "topic": decision.contact.topic, "urgent": decision.contact.urgent, "created_at": at})
    first = decision.targets[0]
    decision_id = len(rows["decisions"]) + 1  # replaced by the real id on insert
    rows["decisions"].append({"contact_id": contact_id, "decided_at": at, "rule": decision.rule,
                              "rulebook_version": decision.rulebook_version, "first_kind": first.kind,
                              "first_service": first.service, "payload": decision.to_json()})
    live = "phone" if channel == "phone" else "chat"

    def event(kind, service, when, index=None, **detail):
        rows["events"].append({"contact_id": contact_id, "decision_ref": decision_id, "kind": kind,
                               "service_id": service, "target_index": index, "at": when, "detail": detail})

    when, answered_by = at + timedelta(seconds=rng.randint(20, 90)), None
    if not decision.is_callback:
        for index, target in enumerate(decision.targets):
            temper = tempers.setdefault(target.service, _Temper(target.service))
            event("offered", target.service, when, index, channel=live)
            waited = int(rng.expovariate(1 / temper.wait_s))
            if rng.random() < temper.answers and waited <= max(target.timeout_s, 120) * 2:
                when += timedelta(seconds=waited)
                event("answered", target.service, when, index, channel=live, waited_s=waited)
                answered_by = target.service
                break
            if rng.random() < 0.06:
                event("abandoned", target.service, when + timedelta(seconds=rng.randint(10, 60)), None,
                      channel=live, stage=ChatStatus.WAITING)
                _chat(rows, contact_id, decision_id, site, channel, target.service, at, None)
                return
            when += timedelta(seconds=target.timeout_s or 30)
            event("no_answer", target.service, when, index, channel=live, waited_s=target.timeout_s or 30)
    if answered_by:
        event("completed", answered_by, when + timedelta(minutes=rng.randint(4, 30)), None, outcome="answered")
        temper = tempers[answered_by]
        rating = min(5, max(1, round(rng.gauss(temper.rating, 0.9)))) if rng.random() < 0.45 else None
        _chat(rows, contact_id, decision_id, site, channel, answered_by, at, rating)
        return
    back = decision.when_none_answer
    reason = "closed" if decision.is_callback else "no_answer"
    event("offered", back.service, when, None, channel="voicemail" if channel == "phone" else "message", reason=reason)
    _chat(rows, contact_id, decision_id, site, channel, back.service, at, None)
    due = back.opens_at or when
    temper = tempers.setdefault(back.service, _Temper(back.service))
    tried = max(due, when) + timedelta(days=rng.expovariate(1 / temper.callback_days))
    rows["callbacks"].append({"contact_id": contact_id, "service_id": back.service, "due_at": due, "reason": reason,
                              "channel": "phone" if channel == "phone" else "chat", "created_at": when,
                              "tried": tried if tried < now else None})
    if tried < now:
        event("offered", back.service, tried, None, channel="callback", attempt=1)
        event("answered", back.service, tried + timedelta(seconds=25), None, channel="callback", attempt=1,
              outcome="connected")


def _chat(rows, contact_id, decision_ref, site, channel, service, at, rating) -> None:
    if channel == "phone":
        return
    rows["chats"].append({"id": uuid.uuid4().hex, "contact_id": contact_id, "site_key": site, "family_key": "demo",
                          "status": ChatStatus.ENDED, "service_id": service, "decision_ref": decision_ref,
                          "video": channel == "video", "queued_at": at, "ended_at": at, "rating": rating,
                          "outcome": "advice_given" if rating else None, "created_at": at})


def _insert(session: Session, rows: dict) -> None:
    """Bulk inserts; the decisions' real ids replace the references the events and chats hold."""
    if rows["contacts"]:
        session.execute(Contact.__table__.insert(), rows["contacts"])
    if not rows["decisions"]:
        return
    session.execute(DecisionRecord.__table__.insert(), rows["decisions"])
    by_contact = dict(session.execute(select(DecisionRecord.contact_id, DecisionRecord.id).join(
        Contact, Contact.id == DecisionRecord.contact_id).where(Contact.channel_ref.like(f"{MARK}%"))).all())
    ids = {ref: by_contact[decision["contact_id"]] for ref, decision in enumerate(rows["decisions"], 1)}
    for event in rows["events"]:
        event["decision_id"] = ids[event.pop("decision_ref")]
    for chat in rows["chats"]:
        chat["decision_id"] = ids[chat.pop("decision_ref")]
    if rows["events"]:
        session.execute(HandoffEvent.__table__.insert(), rows["events"])
    if rows["chats"]:
        session.execute(Chat.__table__.insert(), rows["chats"])
    callbacks = []
    for request in rows["callbacks"]:
        tried = request.pop("tried")
        callbacks.append({**request, "status": "done" if tried else "open", "outcome": "connected" if tried else None,
                          "attempts": 1 if tried else 0, "closed_at": tried, "version": 0})
    if callbacks:
        session.execute(CallbackRequest.__table__.insert(), callbacks)

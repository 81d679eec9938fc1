"""The reports dashboard: one table per chart, each counted in SQL over the contacts in scope."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from routing_rules.contact import CONTACT_CHANNELS

from ..directory.store import service_names
from ..models import Contact, DecisionRecord, HandoffEvent
from .measures import MESSAGE_CHANNELS, answer_counts, event_channel, live, median_waits, satisfaction
from .scope import Scope, first_decisions
from .table import Chart, Column, Table, percent

ROUTED_KINDS = {"local_iass": "Local IASS", "specialist": "Specialist helpline", "national": "National helpline",
                "out_of_hours": "Out-of-hours team", "callback": "Callback (all closed)",
                "urgent": "Urgent duty line"}
OUT_OF_HOURS_KINDS = ("out_of_hours", "callback")
TOP = 15  # services drawn in a per-service chart (the busiest); their tables list every one
CHANNEL_TITLES = {"phone": "Phone", "chat": "Web chat", "video": "Video"}


def _days(scope: Scope) -> list[str]:
    return [(scope.first_day + timedelta(days=n)).isoformat() for n in range((scope.last_day - scope.first_day).days + 1)]


def _by_day(session: Session, scope: Scope, *columns, joins=()) -> dict[str, tuple]:
    """day -> the `columns` aggregated over the contacts in scope that arrived that day (London)."""
    day = scope.day_of(session, Contact.received_at)
    query = select(day, *columns).select_from(Contact)
    for target, on in joins:
        query = query.join(target, on)
    query = query.where(*scope.contact_filters()).group_by(day)
    return {day: tuple(rest) for day, *rest in session.execute(query)}


def contacts_by_day(session: Session, scope: Scope) -> Table:
    counts = [func.sum(case((Contact.channel == channel, 1), else_=0)) for channel in CONTACT_CHANNELS]
    found = _by_day(session, scope, func.count(), *counts)
    rows = []
    for day in _days(scope):
        total, *per_channel = found.get(day, (0,) * (len(CONTACT_CHANNELS) + 1))
        rows.append({"day": day, "total": total, **{c: int(n or 0) for c, n in zip(CONTACT_CHANNELS, per_channel)}})
    return Table("contacts", "Contacts per day by channel",
                 "Contacts that arrived each day (London time), by the channel they came on.",
                 [Column("day", "Day", "text"), *(Column(c, CHANNEL_TITLES[c]) for c in CONTACT_CHANNELS),
                  Column("total", "All channels")], rows,
                 Chart("bar", "day", list(CONTACT_CHANNELS), stacked=True))


def routed(session: Session, scope: Scope) -> Table:
    first = first_decisions(*scope.contact_filters())
    query = (select(DecisionRecord.first_kind, func.count()).join(first, first.c.id == DecisionRecord.id)
             .group_by(DecisionRecord.first_kind))
    found = dict(session.execute(query).all())
    total = sum(found.values())
    rows = [{"kind": title, "contacts": found.get(kind, 0), "share": percent(found.get(kind, 0), total)}
            for kind, title in ROUTED_KINDS.items()]
    return Table("routed", "Where contacts were routed",
                 "Where the rules engine first sent each contact (the first target of its first decision).",
                 [Column("kind", "Routed to", "text"), Column("contacts", "Contacts"), Column("share", "Share", "percent")],
                 rows, Chart("bar", "kind", ["contacts"], horizontal=True))


def out_of_hours(session: Session, scope: Scope) -> Table:
    first = first_decisions(*scope.contact_filters())
    ooh = func.sum(case((DecisionRecord.first_kind.in_(OUT_OF_HOURS_KINDS), 1), else_=0))
    joins = [(DecisionRecord, DecisionRecord.contact_id == Contact.id), (first, first.c.id == DecisionRecord.id)]
    found = {day: (total, int(n or 0)) for day, (total, n) in _by_day(session, scope, func.count(), ooh,
                                                                      joins=joins).items()}
    rows = []
    for day in _days(scope):
        total, n = found.get(day, (0, 0))
        rows.append({"day": day, "contacts": total, "out_of_hours": n, "share": percent(n, total)})
    return Table("out-of-hours", "Out-of-hours share",
                 "Contacts that arrived while daytime services were closed: routed to the out-of-hours team, "
                 "or to a callback because everyone was closed.",
                 [Column("day", "Day", "text"), Column("contacts", "Contacts"),
                  Column("out_of_hours", "Out of hours"), Column("share", "Share", "percent")],
                 rows, Chart("line", "day", ["share"]))


def answers(session: Session, scope: Scope) -> Table:
    where = scope.contact_filters()
    counts = answer_counts(session, where)
    waits = median_waits(session, where)
    names = service_names(session)
    rows = []
    for (_, service), (offered, answered) in counts.items():
        if scope.service and service != scope.service:
            continue
        wait = waits.get((None, service))
        rows.append({"service": names.get(service, service), "offered": offered, "answered": answered,
                     "answer_rate": percent(answered, offered), "median_wait_s": round(wait) if wait is not None else None})
    rows.sort(key=lambda r: (-r["offered"], r["service"]))
    return Table("answers", "Answer rate and median wait by service",
                 "Contacts put through to each service live (phone or chat), how many an advisor answered, and "
                 "the median time families waited before they were answered.",
                 [Column("service", "Service", "text"), Column("offered", "Offered"), Column("answered", "Answered"),
                  Column("answer_rate", "Answer rate", "percent"), Column("median_wait_s", "Median wait", "seconds")],
                 rows, Chart("bar", "service", ["answer_rate"], horizontal=True, top=TOP))


def fallbacks(session: Session, scope: Scope) -> Table:
    channel = event_channel()
    to_message = channel.in_(MESSAGE_CHANNELS)
    next_target = and_(HandoffEvent.target_index >= 1, live())
    gave_up = and_(to_message, HandoffEvent.detail["reason"].as_string() == "no_answer")
    kind = case((to_message, "message"), else_="next")
    picked = (select(HandoffEvent.service_id.label("service"), kind.label("kind"), HandoffEvent.contact_id)
              .join(Contact, Contact.id == HandoffEvent.contact_id)
              .where(*scope.contact_filters(), HandoffEvent.kind == "offered", next_target | gave_up)
              .distinct().subquery())
    query = select(picked.c.service, picked.c.kind, func.count()).group_by(picked.c.service, picked.c.kind)
    names = service_names(session)
    found: dict[str, dict] = {}
    for service, how, count in session.execute(query):
        row = found.setdefault(service, {"service": names.get(service, service), "next": 0, "message": 0, "total": 0})
        row[how] = count
        row["total"] += count
    rows = sorted(found.values(), key=lambda r: (-r["total"], r["service"]))
    return Table("fallbacks", "Fallbacks used",
                 "Contacts the first choice could not answer, by the service that caught them: put through to "
                 "the decision's next target, or offered a message or callback after nobody answered.",
                 [Column("service", "Caught by", "text"), Column("next", "Next target tried"),
                  Column("message", "Message or callback"), Column("total", "All fallbacks")],
                 rows, Chart("bar", "service", ["next", "message"], stacked=True, horizontal=True, top=TOP))


def abandoned(session: Session, scope: Scope) -> Table:
    gone = select(HandoffEvent.contact_id).where(HandoffEvent.kind == "abandoned")
    found = _by_day(session, scope, func.count(), func.sum(case((Contact.id.in_(gone), 1), else_=0)))
    rows = []
    for day in _days(scope):
        total, n = found.get(day, (0, 0))
        rows.append({"day": day, "contacts": total, "abandoned": int(n or 0), "rate": percent(int(n or 0), total)})
    return Table("abandoned", "Abandoned contacts",
                 "Contacts where the family hung up or left the chat before anyone answered.",
                 [Column("day", "Day", "text"), Column("contacts", "Contacts"), Column("abandoned", "Abandoned"),
                  Column("rate", "Abandoned share", "percent")], rows, Chart("bar", "day", ["abandoned"]))


def satisfaction_scores(session: Session, scope: Scope) -> Table:
    names = service_names(session)
    rows = []
    for (_, service), found in satisfaction(session, scope.contact_filters()).items():
        if scope.service and service != scope.service:
            continue
        rows.append({"service": names.get(service, service), "ratings": found["ratings"],
                     "average": round(found["average"], 2),
                     **{f"s{n}": count for n, count in enumerate(found["scores"], 1)}})
    rows.sort(key=lambda r: (-r["ratings"], r["service"]))
    return Table("satisfaction", "Satisfaction scores",
                 "Scores families gave after a chat (1 not helpful to 5 very helpful), by the service that had the chat.",
                 [Column("service", "Service", "text"), *(Column(f"s{n}", f"Scored {n}") for n in range(1, 6)),
                  Column("ratings", "Ratings"), Column("average", "Average", "score")],
                 rows, Chart("bar", "service", [f"s{n}" for n in range(1, 6)], stacked=True, horizontal=True,
                             top=TOP, palette="scores"))


REPORTS = {"contacts": contacts_by_day, "routed": routed, "out-of-hours": out_of_hours, "answers": answers,
           "fallbacks": fallbacks, "abandoned": abandoned, "satisfaction": satisfaction_scores}


def build(session: Session, scope: Scope, names: list[str] | None = None) -> list[Table]:
    """The dashboard's tables (or the named ones), in the dashboard's order."""
    return [REPORTS[name](session, scope) for name in (names or REPORTS)]


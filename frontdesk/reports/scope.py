"""Which contacts a report covers: a date range in London, and optionally one channel, one
service (contacts routed or handed to it) and one local authority."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from routing_rules.contact import CONTACT_CHANNELS

from ..models import Contact, DecisionRecord, HandoffEvent
from .periods import FIRST_YEAR, LAST_YEAR, london_day, london_midnight

MAX_DAYS = 366
DEFAULT_DAYS = 28


@dataclass(frozen=True)
class Scope:
    first_day: date  # London days, both included
    last_day: date
    channel: str | None = None
    service: str | None = None
    authority: str | None = None

    @property
    def since(self):
        return london_midnight(self.first_day)

    @property
    def until(self):
        return london_midnight(self.last_day + timedelta(days=1))

    def day_of(self, session, at):
        """SQL for the London day ("2026-10-06") of the UTC time `at` within the scope."""
        return london_day(session, at, self.first_day, self.last_day)

    def args(self) -> dict:
        """The scope as query-string arguments (for links to CSV and other pages)."""
        out = {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        out.update({k: v for k, v in (("channel", self.channel), ("service", self.service),
                                      ("authority", self.authority)) if v})
        return out

    def contact_filters(self) -> list:
        """WHERE clauses on `Contact` for the contacts in scope."""
        where = [Contact.received_at >= self.since, Contact.received_at < self.until]
        if self.channel:
            where.append(Contact.channel == self.channel)
        if self.authority:
            where.append(Contact.authority_code == self.authority)
        if self.service:
            # Correlated on Contact only: the report's own query may select from the same tables.
            where.append(or_(
                select(HandoffEvent.id).where(HandoffEvent.contact_id == Contact.id,
                                              HandoffEvent.service_id == self.service).correlate(Contact).exists(),
                select(DecisionRecord.id).where(DecisionRecord.contact_id == Contact.id,
                                                DecisionRecord.first_service == self.service).correlate(Contact).exists()))
        return where

    def contact_ids(self):
        """SELECT of the ids of the contacts in scope."""
        return select(Contact.id).where(*self.contact_filters())


class ScopeError(ValueError):
    """A filter that cannot be used, with a message for the person who chose it."""


def _day(text: str | None, name: str, default: date) -> date:
    if not text:
        return default
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ScopeError(f"'{text}' is not a date for '{name}'; write it as YYYY-MM-DD") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ScopeError(f"choose a date between {FIRST_YEAR} and {LAST_YEAR}")
    return day


def parse_scope(args, today: date, services: set[str], authorities: set[str]) -> Scope:
    """The scope the query string asks for (default: the last four weeks to today);
    ScopeError with a plain message for anything that cannot be used."""
    last = _day(args.get("to"), "to", today)
    first = _day(args.get("from"), "from", last - timedelta(days=DEFAULT_DAYS - 1))
    if first > last:
        raise ScopeError("the start date is after the end date")
    if (last - first).days >= MAX_DAYS:
        raise ScopeError(f"choose at most {MAX_DAYS} days")
    channel = args.get("channel") or None
    if channel and channel not in CONTACT_CHANNELS:
        raise ScopeError(f"unknown channel '{channel}'; choose {', '.join(CONTACT_CHANNELS)}")
    service = args.get("service") or None
    if service and service not in services:
        raise ScopeError(f"unknown service '{service}'")
    authority = args.get("authority") or None
    if authority and authority not in authorities:
        raise ScopeError(f"unknown local authority '{authority}'")
    return Scope(first, last, channel, service, authority)


def first_decisions(*where):
    """Subquery (column `id`): the first decision of each contact matching `where` (clauses on
    `Contact`): where the family was first routed."""
    return (select(func.min(DecisionRecord.id).label("id")).join(Contact, Contact.id == DecisionRecord.contact_id)
            .where(*where).group_by(DecisionRecord.contact_id).subquery())

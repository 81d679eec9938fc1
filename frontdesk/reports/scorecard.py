"""The minimum-standards scorecard: each local service, each month, each standard met or not,
with the figures behind it, its trend over recent months, and a league across services."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..platform.clock import LONDON
from ..models import Contact, LocalAuthority, Service
from . import measures
from .periods import london_midnight, month_days, month_label, months_back
from .standards import Standard
from .table import Chart, Column, Table, percent

TREND_MONTHS = 6


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: nothing to measure this month
    basis: int  # how many contacts, requests or ratings the figure rests on
    met: bool | None


@dataclass
class Card:
    """One service's figures, by month label ("2026-10") and measure."""

    service: str
    name: str
    area: str
    months: dict[str, dict[str, Figure]] = field(default_factory=dict)

    def met(self, month: str) -> int:
        return sum(1 for f in self.months[month].values() if f.met)

    def measured(self, month: str) -> int:
        return sum(1 for f in self.months[month].values() if f.met is not None)


@dataclass
class Scorecards:
    month: str  # the month the league is for
    months: list[str]  # the trend: oldest first, ending with `month`
    standards: list[Standard]
    cards: list[Card]

    @property
    def previous(self) -> str | None:
        return self.months[-2] if len(self.months) > 1 else None

    def league(self) -> list[Card]:
        """Services in order: most standards met, then most measured, then best satisfaction."""
        def key(card: Card):
            satisfaction = card.months[self.month].get("satisfaction")
            return (-card.met(self.month), -card.measured(self.month),
                    -(satisfaction.value if satisfaction and satisfaction.value is not None else 0), card.name)
        return sorted(self.cards, key=key)

    def trend_table(self, card: Card) -> Table:
        """One service's figures month by month: a row per month, a column per standard."""
        rows = [{"month": label, **{s.measure: card.months[label][s.measure].value for s in self.standards}}
                for label in self.months]
        percents = [s.measure for s in self.standards if s.unit == "percent"]
        return Table("trend", f"{card.name}: the last {len(self.months)} months",
                     "Each month's figures; a blank means there was nothing to measure that month.",
                     [Column("month", "Month", "text"), *(Column(s.measure, s.title, s.unit) for s in self.standards)],
                     rows, Chart("line", "month", percents) if percents else None)

    def csv_text(self) -> str:
        """One row per service and standard for the month, with last month's figure for the trend."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["month", "service", "service_name", "local_area", "standard", "target", "figure",
                         "met", "based_on", "previous_month_figure"])
        for card in self.league():
            for standard in self.standards:
                now = card.months[self.month][standard.measure]
                before = card.months[self.previous][standard.measure] if self.previous else None
                writer.writerow([self.month, card.service, card.name, card.area, standard.title,
                                 f"{standard.comparison}{standard.target:g}", _cell(now.value),
                                 {True: "yes", False: "no", None: "no data"}[now.met], now.basis,
                                 _cell(before.value) if before else ""])
        return out.getvalue()


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def default_month(now: datetime) -> date:
    """Last month: the latest whole month."""
    return months_back(now.astimezone(LONDON).date(), 2)[0]


def local_services(session: Session) -> list[tuple[str, str, str]]:
    """(id, name, area) of every local IASS, by name."""
    query = (select(Service.id, Service.name, LocalAuthority.name)
             .outerjoin(LocalAuthority, LocalAuthority.code == Service.authority_code)
             .where(Service.kind == "local_iass").order_by(Service.name))
    return [(sid, name, area or "") for sid, name, area in session.execute(query)]


def build_scorecards(session: Session, month: date, standards: list[Standard], now: datetime,
                     trend_months: int = TREND_MONTHS) -> Scorecards:
    """Every local service's scorecard for `month` and the `trend_months` - 1 months before it."""
    months = months_back(month, trend_months)
    span = (months[0], month_days(month)[1])
    arrived = [Contact.received_at >= london_midnight(span[0]),
               Contact.received_at < london_midnight(span[1] + timedelta(days=1))]
    counts = measures.answer_counts(session, arrived, span)
    waits = measures.median_waits(session, arrived, span)
    callbacks = measures.callbacks_in_time(session, [], span, now)
    scores = measures.satisfaction(session, arrived, span)
    labels = [month_label(m) for m in months]
    cards = []
    for service, name, area in local_services(session):
        card = Card(service, name, area)
        for label in labels:
            offered, answered = counts.get((label, service), (0, 0))
            due, in_time = callbacks.get((label, service), (0, 0))
            rated = scores.get((label, service))
            wait = waits.get((label, service))
            figures = {"answer_rate": (percent(answered, offered), offered),
                       "median_wait_s": (round(wait) if wait is not None else None, answered),
                       "callbacks_in_time": (percent(in_time, due), due),
                       "satisfaction": ((round(rated["average"], 2), rated["ratings"]) if rated else (None, 0))}
            card.months[label] = {s.measure: Figure(figures[s.measure][0], figures[s.measure][1],
                                                    s.met_by(figures[s.measure][0])) for s in standards}
        cards.append(card)
    return Scorecards(labels[-1], labels, standards, cards)

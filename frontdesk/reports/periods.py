"""Days and months as people in England count them, as a small table SQL can join on.

Contacts are stored in UTC; a report's "day" is a day in London. Rather than ask each
database to convert time zones (SQLite cannot), the day boundaries are worked out here and
sent as a VALUES table: one row per London day with its start and end in UTC, its month, and
when the next working day after it ends (for "called back within one working day").
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import String, column, values

from routing_rules.hours import is_bank_holiday

from ..display import LONDON
from ..models.types import UTCDateTime


def london_midnight(day: date) -> datetime:
    """The moment (UTC) a London day starts."""
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(timezone.utc)


def is_working_day(day: date) -> bool:
    """Monday to Friday, not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    following = day + timedelta(days=1)
    while not is_working_day(following):
        following += timedelta(days=1)
    return following


def month_days(month: date) -> tuple[date, date]:
    """The first and last day of the month `month` is in."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_name(label: str) -> str:
    """"2026-10" -> "October 2026"."""
    return parse_month(label).strftime("%B %Y")


def parse_month(text: str) -> date:
    """"2026-10" -> 1 October 2026; ValueError with a plain message otherwise."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except (ValueError, AttributeError):
        raise ValueError(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2026-10") from None


def months_back(month: date, count: int) -> list[date]:
    """`count` months ending with `month`, oldest first."""
    out, first = [], month.replace(day=1)
    for _ in range(count):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def day_table(first: date, last: date, name: str = "days"):
    """One row per London day from `first` to `last` inclusive: day ("2026-10-01"), month
    ("2026-10"), start and end (UTC), and reply_by: the end of the next working day."""
    rows, day = [], first
    while day <= last:
        reply_by = london_midnight(next_working_day(day) + timedelta(days=1))
        rows.append((day.isoformat(), month_label(day), london_midnight(day),
                     london_midnight(day + timedelta(days=1)), reply_by))
        day += timedelta(days=1)
    return values(column("day", String), column("month", String), column("start", UTCDateTime),
                  column("end", UTCDateTime), column("reply_by", UTCDateTime), name=name).data(rows).cte(name)

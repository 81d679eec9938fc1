"""Days and months as people in England count them, in SQL.

Contacts are stored in UTC; a report's "day" is a day in London. PostgreSQL converts time
zones itself; SQLite cannot, so there the day is the UTC time shifted by an hour inside the
British Summer Time spans, which are worked out here from the time zone database. A VALUES
table of days carries what SQL cannot work out: when the next working day after each day ends
(for "called back within one working day").
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from sqlalchemy import String, and_, case, column, func, literal_column, values
from sqlalchemy.orm import Session

from routing_rules.hours import is_bank_holiday

from ..platform.clock import LONDON
from ..models.types import UTCDateTime


FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a report may ask about


def london_midnight(day: date) -> datetime:
    """The moment (UTC) a London day starts."""
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(timezone.utc)


def summer_spans(first: date, last: date) -> list[tuple[datetime, datetime]]:
    """The spans (UTC) in which London is an hour ahead of UTC, in the years of first..last."""
    return [span for year in range(first.year, last.year + 1) for span in _summer_spans(year)]


@lru_cache(maxsize=None)
def _summer_spans(year: int) -> tuple[tuple[datetime, datetime], ...]:
    """One year's, worked out once: hour by hour through the year, by way of whole days until the
    offset changes. (A year holds one span while the rules stay as they are.)"""
    spans = []
    moment, end = datetime(year, 1, 1, tzinfo=timezone.utc), datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    start = None
    while moment < end:
        ahead = bool(moment.astimezone(LONDON).utcoffset())
        if ahead and start is None:
            start = moment
        elif not ahead and start is not None:
            spans.append((start, moment))
            start = None
        step = timedelta(days=1)
        if bool((moment + step).astimezone(LONDON).utcoffset()) != ahead:
            step = timedelta(hours=1)
        moment += step
    if start is not None:
        spans.append((start, end))
    return tuple(spans)


def london_day(session: Session, at, first: date, last: date):
    """SQL for the London day ("2026-10-06") of the UTC time `at`, for times in the years of first..last."""
    # Constants are written into the SQL, not bound, so that GROUP BY repeats the very same expression.
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(literal_column("'Europe/London'"), at), literal_column("'YYYY-MM-DD'"))
    spans = summer_spans(first, last)
    if not spans:
        return func.date(at)
    stored = "'%Y-%m-%d %H:%M:%S.%f'"  # how SQLite keeps our times (UTC text), so they compare as text
    return func.date(at, case(*[(and_(at >= literal_column(start.strftime(stored)), at < literal_column(end.strftime(stored))),
                                 literal_column("'+1 hours'")) for start, end in spans], else_=literal_column("'+0 hours'")))


def london_month(session: Session, at, first: date, last: date):
    """SQL for the London month ("2026-10") of the UTC time `at`."""
    return func.substr(london_day(session, at, first, last), literal_column("1"), literal_column("7"))


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
        month = datetime.strptime(text.strip(), "%Y-%m").date()
    except (ValueError, AttributeError):
        raise ValueError(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2026-10") from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise ValueError(f"choose a month between {FIRST_YEAR} and {LAST_YEAR}")
    return month


def months_back(month: date, count: int) -> list[date]:
    """`count` months ending with `month`, oldest first."""
    out, first = [], month.replace(day=1)
    for _ in range(count):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def reply_by_table(first: date, last: date, name: str = "reply_by"):
    """One row per London day from `first` to `last` inclusive: the day ("2026-10-01") and when
    a callback request left that day is due: the end of the next working day (UTC)."""
    rows, day = [], first
    while day <= last:
        rows.append((day.isoformat(), london_midnight(next_working_day(day) + timedelta(days=1))))
        day += timedelta(days=1)
    return values(column("day", String), column("due", UTCDateTime), name=name).data(rows).cte(name)

"""Opening hours in Europe/London, with bank holidays and listed closures.

Everything here is pure: callers pass the moment they care about (an aware datetime);
nothing reads the clock.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
_UTC = ZoneInfo("UTC")
_ONE_DAY = timedelta(days=1)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class HoursError(ValueError):
    """An opening-hours text that cannot be understood."""


@dataclass(frozen=True, slots=True)
class Interval:
    """Open from `start` to `end` minutes after local midnight; `end` may pass 24:00."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end % 1440 if self.end > 1440 else self.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_intervals(text: str) -> tuple[Interval, ...]:
    """Parse "09:00-17:00" or "09:00-12:30, 13:30-17:00"; "closed" or "" means no hours.

    "00:00-24:00" is the whole day; "22:00-02:00" runs past midnight into the next day.
    """
    text = (text or "").strip().lower()
    if text in ("", "closed"):
        return ()
    out = []
    for part in text.split(","):
        m = _INTERVAL.match(part)
        if not m:
            raise HoursError(f"'{part.strip()}' is not a time range like 09:00-17:00")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
            raise HoursError(f"'{part.strip()}' has an impossible time")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == start:
            raise HoursError(f"'{part.strip()}' opens and closes at the same time")
        if end < start:
            end += 1440
        out.append(Interval(start, end))
    return tuple(sorted(out, key=lambda i: i.start))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """True on an England and Wales bank holiday (including substitute days)."""
    return day in _bank_holidays(day.year)


class LocalMoment(NamedTuple):
    """A moment as clocks in London show it, worked out once and asked of many services' hours."""

    at: datetime        # the aware moment itself
    day: date           # the London date
    minute: int         # minutes after London midnight; seconds are ignored
    bank_holiday: bool  # `day` is an England and Wales bank holiday

    @classmethod
    def of(cls, at: datetime | LocalMoment) -> LocalMoment:
        """The London view of the aware moment `at` (returned as is when it already is one)."""
        if isinstance(at, cls):
            return at
        local = at.astimezone(LONDON)
        day = local.date()
        return tuple.__new__(cls, (at, day, local.hour * 60 + local.minute, is_bank_holiday(day)))


@dataclass(frozen=True)
class OpeningHours:
    """Weekly hours (Monday = 0) plus the days a service is shut."""

    weekly: tuple[tuple[Interval, ...], ...] = field(default_factory=lambda: ((),) * 7)
    closed_on_bank_holidays: bool = True
    closed_dates: frozenset[date] = frozenset()

    @classmethod
    def from_texts(cls, days: dict[str, str], closed_on_bank_holidays: bool = True,
                   closed_dates: frozenset[date] = frozenset()) -> "OpeningHours":
        """Build from {"mon": "09:00-17:00", ...}; missing days are closed."""
        unknown = set(days) - set(WEEKDAYS)
        if unknown:
            raise HoursError(f"unknown weekday {sorted(unknown)[0]!r}; use {', '.join(WEEKDAYS)}")
        weekly = tuple(parse_intervals(days.get(d, "")) for d in WEEKDAYS)
        return cls(weekly, closed_on_bank_holidays, frozenset(closed_dates))

    @classmethod
    def always(cls) -> "OpeningHours":
        return cls(tuple((Interval(0, 1440),) for _ in WEEKDAYS), False, frozenset())

    def texts(self) -> dict[str, str]:
        """The weekly hours as {"mon": "09:00-17:00", ...}, "closed" where shut."""
        return {d: (", ".join(str(i) for i in iv) or "closed") for d, iv in zip(WEEKDAYS, self.weekly)}

    def __post_init__(self) -> None:
        overnight = any(i.end > 1440 for day in self.weekly for i in day)
        object.__setattr__(self, "_overnight", overnight)

    def _shut_on(self, day: date, bank_holiday: bool | None = None) -> bool:
        if day in self.closed_dates:
            return True
        if not self.closed_on_bank_holidays:
            return False
        return is_bank_holiday(day) if bank_holiday is None else bank_holiday

    def _intervals_on(self, day: date) -> tuple[Interval, ...]:
        intervals = self.weekly[day.weekday()]
        return () if intervals and self._shut_on(day) else intervals

    def is_open(self, at: datetime | LocalMoment) -> bool:
        """Whether the service is open at the aware moment `at` (or its `LocalMoment`)."""
        now = at if isinstance(at, LocalMoment) else LocalMoment.of(at)
        minute = now.minute
        # Hours first, closures only when the hours say open: most checks stop at the first step.
        for i in self.weekly[now.day.weekday()]:
            if i.start <= minute < i.end:
                if not self._shut_on(now.day, now.bank_holiday):
                    return True
                break
        if not self._overnight:
            return False
        return any(i.end > 1440 and minute < i.end - 1440 for i in self._intervals_on(now.day - _ONE_DAY))

    def next_opening(self, at: datetime | LocalMoment, horizon_days: int = 21) -> datetime | None:
        """The next moment after `at` when the service opens (UTC), or None within the horizon."""
        now = at if isinstance(at, LocalMoment) else LocalMoment.of(at)
        today = now.day.toordinal()
        for ordinal in range(today, today + horizon_days + 1):
            intervals = self.weekly[(ordinal - 1) % 7]  # day 1 (1 January of year 1) was a Monday
            if not intervals:
                continue
            day = now.day if ordinal == today else date.fromordinal(ordinal)
            if self._shut_on(day, now.bank_holiday if ordinal == today else None):
                continue
            for i in intervals:
                if ordinal > today or i.start > now.minute:  # any time on a later day
                    start = datetime.combine(day, time(i.start // 60, i.start % 60), LONDON)
                    return start.astimezone(_UTC)
        return None

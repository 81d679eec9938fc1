"""When services are open, in words: weekly hours in a line for pages, and when something happens
as said to a family on the phone or in a chat ("at 9 a.m. tomorrow")."""
from __future__ import annotations

from datetime import datetime, timedelta

from routing_rules.hours import LONDON, WEEKDAYS

_DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")))


def hours_summary(texts: dict[str, str]) -> str:
    """Weekly hours in a line: "Mon–Fri 09:00–17:00; Sat 10:00–14:00", "24 hours, every day"."""
    runs: list[tuple[str, str, str]] = []  # (first day, last day, hours)
    for day in WEEKDAYS:
        text = texts.get(day, "closed")
        if runs and runs[-1][2] == text:
            runs[-1] = (runs[-1][0], day, text)
        else:
            runs.append((day, day, text))
    if len(runs) == 1 and runs[0][2] == "00:00-24:00":
        return "24 hours, every day"
    parts = []
    for first, last, text in runs:
        if text == "closed":
            continue
        days = "Every day" if (first, last) == ("mon", "sun") else _DAY_NAMES[first] if first == last \
            else f"{_DAY_NAMES[first]}–{_DAY_NAMES[last]}"
        parts.append(f"{days} {text.replace('-', '–')}")
    return "; ".join(parts) or "Closed"


def clock_time(local: datetime) -> str:
    """"9 a.m.", "9:30 a.m.", "12 noon", "5 p.m."."""
    if (local.hour, local.minute) == (12, 0):
        return "12 noon"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes} {'a.m.' if local.hour < 12 else 'p.m.'}"


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def spoken_when(at: datetime | None, now: datetime, word: str = "at") -> str:
    """When something happens, as said to a caller: "at 9 a.m. tomorrow", "from 9 a.m. on Monday
    the 30th of November" (`word` is "at" or "from"); "as soon as an advisor is free" when
    `at` is None or already past (the service is open now)."""
    if at is None or at <= now:
        return "as soon as an advisor is free"
    local, today = at.astimezone(LONDON), now.astimezone(LONDON).date()
    when = f"{word} {clock_time(local)}"
    if local.date() == today:
        return f"{when} today"
    if local.date() == today + timedelta(days=1):
        return f"{when} tomorrow"
    return f"{when} on {local:%A} the {_ordinal(local.day)} of {local:%B}"


def local_service_closed(name: str, when: str | None) -> str:
    """"Birmingham SENDIASS is closed at the moment; it opens at 9 a.m. tomorrow."."""
    return f"{name} is closed at the moment" + (f"; it opens {when}." if when else ".")

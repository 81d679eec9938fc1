"""How things are shown to people: phone numbers, masked numbers, opening hours."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import phonenumbers

from routing_rules.hours import WEEKDAYS

TOPIC_TITLES = {
    "ehc_plan": "EHC plans and needs assessments", "school_support": "Support at school",
    "exclusion": "Exclusion or suspension", "tribunal": "Tribunals and appeals",
    "transport": "School transport", "mental_health": "Mental health or anxiety",
    "autism": "Autism", "other": "Something else",
}
LONDON = ZoneInfo("Europe/London")
_DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")))


def phone(e164: str | None) -> str:
    """A number as people write it: "+441214960025" -> "0121 496 0025"."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44 else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def masked_phone(e164: str | None) -> str:
    """A caller's number with all but the last three digits hidden: "07••• ••• 123"."""
    if not e164:
        return ""
    shown = phone(e164)
    digits = sum(c.isdigit() for c in shown)
    out, seen = [], 0
    for c in shown:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= 2 or seen > digits - 3 else "•")
        else:
            out.append(c)
    return "".join(out)


def london_time(at) -> str:
    """A UTC moment (a datetime, or ISO 8601 text as in our JSON) as people in England read it:
    "26 Nov 2026 08:31:05"."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at.astimezone(LONDON).strftime("%d %b %Y %H:%M:%S")


def topic_title(topic: str | None) -> str:
    """A topic as a heading or menu item: "ehc_plan" -> "EHC plans and needs assessments"."""
    return TOPIC_TITLES.get(topic or "other", TOPIC_TITLES["other"])


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

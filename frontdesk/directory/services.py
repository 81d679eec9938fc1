"""Checking service records (from CSV, YAML or code) before they reach the database."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from routing_rules.directory import SERVICE_KINDS
from routing_rules.hours import WEEKDAYS, HoursError, parse_intervals

from ..contacts.phone_numbers import to_e164

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
_GSS = re.compile(r"^E(06|08|09|10)\d{6}$")
FIELDS = ("id", "name", "kind", "local_authority", "phone", "chat", "video", "capacity",
          *WEEKDAYS, "closed_on_bank_holidays", "closures")


@dataclass
class Problem:
    """One bad field: where it is (`row` is the file's line), which field, and what is wrong."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.row}, {self.field}: {self.message}"


class DirectoryError(ValueError):
    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


@dataclass
class ServiceRecord:
    id: str
    name: str
    kind: str
    local_authority: str | None
    phone: str | None
    chat: bool
    video: bool
    capacity: int
    hours: dict[str, str]
    closed_on_bank_holidays: bool
    closures: list[date] = field(default_factory=list)


def _flag(value, name: str, problems: list[Problem], row: int, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1", "y"):
        return True
    if text in ("no", "false", "0", "n"):
        return False
    problems.append(Problem(row, name, f"'{value}' should be yes or no"))
    return default


def check_service(raw: dict, row: int, authorities: set[str], problems: list[Problem]) -> ServiceRecord | None:
    """Validate one service's fields; add a Problem per bad field and return None if any."""
    before = len(problems)
    unknown = [k for k in raw if k not in FIELDS and k != "hours"]
    for key in unknown:
        problems.append(Problem(row, key, f"unknown field; expected {', '.join(FIELDS)}"))
    sid = str(raw.get("id") or "").strip()
    if not _SLUG.match(sid):
        problems.append(Problem(row, "id", "needs lower-case letters, digits and hyphens, e.g. birmingham-iass"))
    name = str(raw.get("name") or "").strip()
    if not name:
        problems.append(Problem(row, "name", "is required"))
    kind = str(raw.get("kind") or "").strip()
    if kind not in SERVICE_KINDS:
        problems.append(Problem(row, "kind", f"'{kind}' is not one of {', '.join(SERVICE_KINDS)}"))
    la = str(raw.get("local_authority") or "").strip() or None
    if la and not _GSS.match(la):
        problems.append(Problem(row, "local_authority", f"'{la}' is not a GSS code like E08000025"))
    elif la and la not in authorities:
        problems.append(Problem(row, "local_authority", f"'{la}' is not an authority in the directory"))
    if kind == "local_iass" and not la:
        problems.append(Problem(row, "local_authority", "a local IASS must name its local authority"))
    phone = None
    if raw.get("phone"):
        try:
            phone = to_e164(str(raw["phone"]))
        except ValueError as exc:
            problems.append(Problem(row, "phone", str(exc)))
    chat = _flag(raw.get("chat"), "chat", problems, row, False)
    video = _flag(raw.get("video"), "video", problems, row, False)
    if not (phone or chat or video):
        problems.append(Problem(row, "phone", "a service needs a phone number, chat or video"))
    capacity = 1
    try:
        capacity = int(raw.get("capacity") or 1)
        if not 1 <= capacity <= 1000:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem(row, "capacity", "must be a whole number from 1 to 1000"))
    hours_in = raw.get("hours") if isinstance(raw.get("hours"), dict) else {d: raw.get(d) for d in WEEKDAYS}
    hours = {}
    for day in WEEKDAYS:
        text = str(hours_in.get(day) or "closed").strip()
        try:
            parse_intervals(text)
            hours[day] = text
        except HoursError as exc:
            problems.append(Problem(row, day, str(exc)))
    bank = _flag(raw.get("closed_on_bank_holidays"), "closed_on_bank_holidays", problems, row, True)
    closures = []
    listed = raw.get("closures") or []
    if isinstance(listed, str):
        listed = [p for p in re.split(r"[;\s]+", listed) if p]
    for item in listed:
        try:
            closures.append(item if isinstance(item, date) else date.fromisoformat(str(item)))
        except ValueError:
            problems.append(Problem(row, "closures", f"'{item}' is not a date like 2026-12-24"))
    if len(problems) > before:
        return None
    return ServiceRecord(sid, name, kind, la, phone, chat, video, capacity, hours, bank, sorted(set(closures)))


def check_services(rows, source: str, authorities: set[str]) -> list[ServiceRecord]:
    """Check (line, fields) rows of services from `source`; DirectoryError lists every problem,
    a repeated id included."""
    problems: list[Problem] = []
    records: list[ServiceRecord] = []
    first_line: dict[str, int] = {}
    for line, raw in rows:
        record = check_service(raw, line, authorities, problems)
        if record is None:
            continue
        if record.id in first_line:
            problems.append(Problem(line, "id", f"'{record.id}' is already used on line {first_line[record.id]}"))
            continue
        first_line[record.id] = line
        records.append(record)
    if problems:
        raise DirectoryError(source, problems)
    return records

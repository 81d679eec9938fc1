"""The built-in directory data: England's 153 local authorities with SEND duties and their aliases,
and the demo services (using only Ofcom's drama-reserved numbers)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class AuthorityData:
    code: str
    name: str
    short_name: str | None
    region: str
    aliases: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@lru_cache(maxsize=1)
def authorities() -> tuple[AuthorityData, ...]:
    """The built-in authorities, in the order of the data file."""
    text = resources.files(__package__).joinpath("data", "local_authorities.yaml").read_text(encoding="utf-8")
    return tuple(AuthorityData(a["code"], a["name"], a.get("short_name"), a["region"],
                               tuple(a.get("aliases") or ())) for a in yaml.safe_load(text))


WEEKDAY_HOURS = {d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")}

# National services in the demo directory. Numbers are Ofcom drama numbers (020 7946 0xxx).
NATIONAL_SERVICES = [
    {"id": "urgent-duty-line", "name": "Urgent and safeguarding duty line", "kind": "urgent",
     "phone": "020 7946 0999", "chat": True, "video": True, "capacity": 4,
     "hours": {d: "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
     "closed_on_bank_holidays": False},
    {"id": "tribunal-legal-line", "name": "SEND tribunal and legal advice line", "kind": "specialist",
     "phone": "020 7946 0100", "chat": True, "video": True, "capacity": 4,
     "hours": {d: "10:00-16:00" for d in ("mon", "tue", "wed", "thu", "fri")}},
    {"id": "mental-health-line", "name": "Children's mental health advice line", "kind": "specialist",
     "phone": "020 7946 0200", "chat": True, "video": True, "capacity": 4, "hours": dict(WEEKDAY_HOURS)},
    {"id": "national-helpline", "name": "National SEND helpline", "kind": "national",
     "phone": "020 7946 0300", "chat": True, "video": True, "capacity": 12,
     "hours": {**{d: "08:00-20:00" for d in ("mon", "tue", "wed", "thu", "fri")}, "sat": "10:00-14:00"}},
    {"id": "out-of-hours", "name": "Out-of-hours advice team", "kind": "out_of_hours",
     "phone": "020 7946 0400", "chat": True, "video": False, "capacity": 6,
     "hours": {d: "07:00-23:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
     "closed_on_bank_holidays": False},
]


def iass_id(authority: AuthorityData) -> str:
    """The demo IASS id for an authority, e.g. "birmingham-iass"."""
    slug = re.sub(r"[^a-z0-9]+", "-", authority.display_name.lower()).strip("-")
    return f"{slug}-iass"


def demo_services() -> list[dict]:
    """The demo directory's services: the national ones and one IASS per authority.

    Each IASS gets its own drama number (0121 496 0001 onwards), chat and video, and the
    demo's standard hours (Mon–Fri 09:00–17:00, shut on bank holidays).
    """
    local = [{"id": iass_id(a), "name": f"{a.display_name} SENDIASS", "kind": "local_iass",
              "local_authority": a.code, "phone": f"0121 496 {n:04d}", "chat": True, "video": True,
              "capacity": 3, "hours": dict(WEEKDAY_HOURS)}
             for n, a in enumerate(authorities(), start=1)]
    return [dict(s) for s in NATIONAL_SERVICES] + local

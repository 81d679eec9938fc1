"""The directory as the engine and resolver see it, rebuilt only when the revision changes.

The cache holds immutable copies of database content, keyed by the database URL and the
directory revision; every worker checks the revision (one small query) before using it, so
an import made through any worker is seen by all.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from routing_rules import Directory, OpeningHours, Service

from ..models import Contact, LocalAuthority, Postcode
from ..resolve import PlaceIndex
from . import builtin
from .services import ServiceRecord, check_services
from .store import revision, service_records


@dataclass(frozen=True)
class Snapshot:
    revision: int
    directory: Directory
    places: PlaceIndex


_cache: dict[str, Snapshot] = {}
_lock = threading.Lock()


def engine_service(r: ServiceRecord) -> Service:
    """The engine's view of a checked service record."""
    hours = OpeningHours.from_texts(r.hours, r.closed_on_bank_holidays, frozenset(r.closures))
    return Service(id=r.id, name=r.name, kind=r.kind, hours=hours, local_authority=r.local_authority,
                   phone=r.phone, chat=r.chat, video=r.video, capacity=r.capacity)


def make_snapshot(rev: int, records: list[ServiceRecord], names: dict[str, str],
                  aliases: list[tuple[str, str]], short_names: dict[str, str]) -> Snapshot:
    places = PlaceIndex(names, aliases, short_names)
    return Snapshot(rev, Directory.build([engine_service(r) for r in records], names), places)


def build_snapshot(session: Session) -> Snapshot:
    """Read the whole directory from the database into an immutable snapshot."""
    authorities = list(session.scalars(select(LocalAuthority).options(selectinload(LocalAuthority.aliases))))
    return make_snapshot(revision(session), service_records(session), {a.code: a.name for a in authorities},
                         [(a.code, al.alias) for a in authorities for al in a.aliases],
                         {a.code: a.short_name for a in authorities if a.short_name})


def builtin_snapshot() -> Snapshot:
    """The demo directory built straight from the packaged data, with no database (tests, benchmarks)."""
    authorities = builtin.authorities()
    records = check_services(enumerate(builtin.demo_services(), 1), "demo directory", {a.code for a in authorities})
    return make_snapshot(0, records, {a.code: a.name for a in authorities},
                         [(a.code, alias) for a in authorities for alias in a.aliases],
                         {a.code: a.short_name for a in authorities if a.short_name})


def current_snapshot(session: Session) -> Snapshot:
    """The snapshot for the directory's current revision, built at most once per revision."""
    key = str(session.get_bind().url)
    rev = revision(session)
    cached = _cache.get(key)
    if cached is not None and cached.revision == rev:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.revision != rev:
            cached = _cache[key] = build_snapshot(session)
    return cached


def area_name(session: Session, contact: Contact, places: PlaceIndex | None = None) -> str | None:
    """Where a contact's family lives, as people say it ("Birmingham"), if known."""
    code = contact.authority_code
    places = places or current_snapshot(session).places
    return places.display.get(code, code) if code else None


def full_postcode_lookup(session: Session):
    """A lookup for imported full postcodes, or None when none are imported."""
    if session.scalar(select(Postcode.postcode).limit(1)) is None:
        return None

    def lookup(postcode: str) -> str | None:
        return session.scalar(select(Postcode.authority_code).where(Postcode.postcode == postcode))
    return lookup

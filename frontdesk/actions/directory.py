"""Changing the directory: the built-in authorities, services from a file or the demo, and full
postcodes from the ONS Postcode Directory. Every change bumps the directory's revision, so every
worker's snapshot is rebuilt."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..directory import builtin
from ..directory.onspd import postcode_rows
from ..directory.services import ServiceRecord
from ..directory.store import authority_codes, demo_service_records
from ..models import DirectoryRevision, LocalAuthority, PlaceAlias, Postcode, Service, ServiceClosure
from ..models.base import utcnow

POSTCODE_BATCH = 5000


def bump_revision(session: Session, note: str) -> int:
    """Mark the directory as changed (in the caller's transaction); returns the new revision."""
    row = session.get(DirectoryRevision, 1)
    if row is None:
        row = DirectoryRevision(id=1, revision=0)
        session.add(row)
    row.revision += 1
    row.note = note
    row.changed_at = utcnow()
    return row.revision


def do_install_authorities(session: Session) -> int:
    """Write the built-in authorities and aliases (replacing earlier aliases); returns the count."""
    session.execute(delete(PlaceAlias))
    existing = {a.code: a for a in session.scalars(select(LocalAuthority))}
    for data in builtin.authorities():
        row = existing.get(data.code) or LocalAuthority(code=data.code)
        row.name, row.short_name, row.region = data.name, data.short_name, data.region
        session.add(row)
        session.add_all(PlaceAlias(authority_code=data.code, alias=a) for a in dict.fromkeys(data.aliases))
    session.flush()
    session.expire_all()
    bump_revision(session, "built-in authorities")
    return len(builtin.authorities())


def do_save_services(session: Session, records: list[ServiceRecord], replace: bool = False) -> dict[str, int]:
    """Insert or update services by id; with `replace`, remove services not in `records`.

    Runs in the caller's transaction, so a failure leaves the directory as it was.
    Returns counts of added, updated and removed services.
    """
    existing = {s.id: s for s in session.scalars(select(Service))}
    counts = {"added": 0, "updated": 0, "removed": 0}
    for r in records:
        row = existing.get(r.id)
        counts["updated" if row else "added"] += 1
        row = row or Service(id=r.id)
        row.name, row.kind, row.authority_code = r.name, r.kind, r.local_authority
        row.phone, row.chat, row.video, row.capacity = r.phone, r.chat, r.video, r.capacity
        row.hours, row.closed_on_bank_holidays = dict(r.hours), r.closed_on_bank_holidays
        row.closures = [ServiceClosure(day=d) for d in r.closures]
        session.add(row)
    if replace:
        keep = {r.id for r in records}
        for sid in set(existing) - keep:
            session.delete(existing[sid])
            counts["removed"] += 1
    session.flush()
    bump_revision(session, f"services: {counts}")
    return counts


def do_install_demo_services(session: Session) -> dict[str, int]:
    """Check and save the demo services (the same path as an import)."""
    return do_save_services(session, demo_service_records(session))


def do_import_postcodes(session: Session, path: Path, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Replace the postcode table with the file's live English postcodes (OnspdError if the file
    cannot be read; caller commits)."""
    known = authority_codes(session)
    counts = {"imported": 0, "skipped": 0}
    session.execute(delete(Postcode))
    batch: list[dict] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in postcode_rows(fh, known, progress):
            if row is None:
                counts["skipped"] += 1
                continue
            batch.append(row)
            if len(batch) >= POSTCODE_BATCH:
                session.execute(insert(Postcode), batch)
                counts["imported"] += len(batch)
                batch = []
    if batch:
        session.execute(insert(Postcode), batch)
        counts["imported"] += len(batch)
    bump_revision(session, f"postcodes imported: {counts['imported']}")
    return counts

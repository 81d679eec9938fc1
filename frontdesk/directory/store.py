"""The directory in the database: authorities, aliases and services, with a revision counter."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import DirectoryRevision, LocalAuthority, PlaceAlias, Service, ServiceClosure
from ..models.base import utcnow
from . import builtin
from .services import DirectoryError, Problem, ServiceRecord, check_service


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


def service_names(session: Session) -> dict[str, str]:
    """Every service's name by id (one query, for lists)."""
    return dict(session.execute(select(Service.id, Service.name)).all())


def service_name(session: Session, service_id: str) -> str:
    service = session.get(Service, service_id)
    return service.name if service else service_id


def revision(session: Session) -> int:
    return session.scalar(select(DirectoryRevision.revision).where(DirectoryRevision.id == 1)) or 0


def install_authorities(session: Session) -> int:
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


def authority_codes(session: Session) -> set[str]:
    return set(session.scalars(select(LocalAuthority.code)))


def save_services(session: Session, records: list[ServiceRecord], replace: bool = False) -> dict[str, int]:
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


def service_records(session: Session) -> list[ServiceRecord]:
    """Every service as a record, national services first, then by id."""
    rows = session.scalars(select(Service).order_by(Service.kind == "local_iass", Service.id))
    return [ServiceRecord(s.id, s.name, s.kind, s.authority_code, s.phone, s.chat, s.video, s.capacity,
                          dict(s.hours), s.closed_on_bank_holidays, [c.day for c in s.closures]) for s in rows]


def install_demo_services(session: Session) -> dict[str, int]:
    """Check and save the demo services (the same path as an import)."""
    problems: list[Problem] = []
    codes = authority_codes(session)
    records = [check_service(raw, n, codes, problems) for n, raw in enumerate(builtin.demo_services(), 1)]
    if problems:
        raise DirectoryError("demo directory", problems)
    return save_services(session, records)


__all__ = ["bump_revision", "revision", "install_authorities", "authority_codes", "save_services",
           "service_records", "install_demo_services"]

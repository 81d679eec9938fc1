"""The directory in the database, read: authorities, services and the revision counter (changing
it is `actions.directory`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DirectoryRevision, LocalAuthority, Service
from . import builtin
from .services import ServiceRecord, check_services


def service_names(session: Session) -> dict[str, str]:
    """Every service's name by id (one query, for lists)."""
    return dict(session.execute(select(Service.id, Service.name)).all())


def service_name(session: Session, service_id: str) -> str:
    service = session.get(Service, service_id)
    return service.name if service else service_id


def revision(session: Session) -> int:
    return session.scalar(select(DirectoryRevision.revision).where(DirectoryRevision.id == 1)) or 0


def authority_codes(session: Session) -> set[str]:
    return set(session.scalars(select(LocalAuthority.code)))


def service_records(session: Session) -> list[ServiceRecord]:
    """Every service as a record, national services first, then by id."""
    rows = session.scalars(select(Service).order_by(Service.kind == "local_iass", Service.id))
    return [ServiceRecord(s.id, s.name, s.kind, s.authority_code, s.phone, s.chat, s.video, s.capacity,
                          dict(s.hours), s.closed_on_bank_holidays, [c.day for c in s.closures]) for s in rows]


def demo_service_records(session: Session) -> list[ServiceRecord]:
    """The demo services, checked against the authorities in the database (the same checks as an import)."""
    return check_services(enumerate(builtin.demo_services(), 1), "demo directory", authority_codes(session))

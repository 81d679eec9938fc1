"""What the directory pages show: who is open now, when others open, and how to reach them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..directory.snapshot import current_snapshot
from ..platform.clock import LONDON
from ..resolve.text import fold


@dataclass(frozen=True)
class ServiceRow:
    id: str
    name: str
    kind: str
    authority: str | None
    phone: str | None
    channels: str
    open_now: bool
    next_opening: str | None
    hours: dict[str, str]


def _when(at: datetime | None) -> str | None:
    return at.astimezone(LONDON).strftime("%a %d %b, %H:%M") if at else None


def summary(session: Session, at: datetime) -> dict:
    """Counts for the front page."""
    snap = current_snapshot(session)
    services = snap.directory.services.values()
    return {"authorities": len(snap.directory.authorities), "services": len(services),
            "open_now": sum(1 for s in services if s.is_open(at)), "revision": snap.revision,
            "local_time": at.astimezone(LONDON).strftime("%A %d %B %Y, %H:%M")}


def directory_rows(session: Session, at: datetime, query: str = "") -> list[ServiceRow]:
    """Services matching `query` (by name, id or authority), national services first."""
    snap = current_snapshot(session)
    needle = fold(query)
    rows = []
    for s in sorted(snap.directory.services.values(), key=lambda s: (s.kind == "local_iass", s.name)):
        authority = snap.directory.authorities.get(s.local_authority) if s.local_authority else None
        if needle and needle not in fold(f"{s.name} {s.id} {authority or ''}"):
            continue
        channels = ", ".join(c for c in ("phone", "chat", "video") if s.accepts(c))
        is_open = s.is_open(at)
        rows.append(ServiceRow(s.id, s.name, s.kind, authority, s.phone, channels, is_open,
                               None if is_open else _when(s.hours.next_opening(at)), s.hours.texts()))
    return rows

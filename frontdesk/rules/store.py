"""The rulebook in force and the published versions (publishing is `actions.rulebooks`)."""
from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routing_rules import Rulebook, default_rulebook_path, load_rulebook, rulebook_version

from ..models import DecisionRecord, RulebookVersion, Service

_cache: dict[str, Rulebook] = {}
_lock = threading.Lock()


def service_ids(session: Session) -> set[str] | None:
    """The directory's service ids, or None while the directory has no services."""
    ids = set(session.scalars(select(Service.id)))
    return ids or None


def check_rulebook(session: Session, text: str, filename: str) -> Rulebook:
    """Load a rulebook, checking its service ids against the directory (RulebookError if bad)."""
    return load_rulebook(text, filename, service_ids(session))


def active_version(session: Session) -> RulebookVersion | None:
    """The published version in force, if one has been published."""
    return session.scalar(select(RulebookVersion).where(RulebookVersion.active.is_(True)))


def versions(session: Session) -> list[tuple[RulebookVersion, int]]:
    """Every published version, newest first, with how many decisions in the log name it."""
    used = (select(DecisionRecord.rulebook_version, func.count().label("decisions"))
            .group_by(DecisionRecord.rulebook_version).subquery())
    query = (select(RulebookVersion, func.coalesce(used.c.decisions, 0))
             .outerjoin(used, used.c.rulebook_version == RulebookVersion.version)
             .order_by(RulebookVersion.published_at.desc(), RulebookVersion.id.desc()))
    return [(row, count) for row, count in session.execute(query)]


def active_rulebook(session: Session) -> Rulebook:
    """The published active rulebook, or the default rulebook when none is published yet."""
    row = session.execute(select(RulebookVersion.version, RulebookVersion.source)
                          .where(RulebookVersion.active.is_(True))).first()
    if row is None:
        text, name = default_rulebook_path().read_text(encoding="utf-8"), "default_rulebook.yaml"
        version = rulebook_version(text)
    else:
        version, text, name = row.version, row.source, f"rulebook {row.version}"
    cached = _cache.get(version)
    if cached is None:
        with _lock:
            # Published rulebooks were checked against the directory when they were published.
            cached = _cache.setdefault(version, load_rulebook(text, name))
    return cached

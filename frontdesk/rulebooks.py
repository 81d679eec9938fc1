"""The active rulebook: publishing versions and loading the one in force."""
from __future__ import annotations

import threading

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from routing_rules import Rulebook, default_rulebook_path, load_rulebook, rulebook_version

from . import audit
from .models import DecisionRecord, RulebookVersion, Service

_cache: dict[str, Rulebook] = {}
_lock = threading.Lock()


def service_ids(session: Session) -> set[str] | None:
    """The directory's service ids, or None while the directory has no services."""
    ids = set(session.scalars(select(Service.id)))
    return ids or None


def check_rulebook(session: Session, text: str, filename: str) -> Rulebook:
    """Load a rulebook, checking its service ids against the directory (RulebookError if bad)."""
    return load_rulebook(text, filename, service_ids(session))


def publish_rulebook(session: Session, text: str, filename: str, by: str | None = None,
                     **detail) -> RulebookVersion:
    """Check and make `text` the active rulebook; earlier versions are kept. Caller commits."""
    rulebook = check_rulebook(session, text, filename)
    # Another worker publishing now waits here until it is done, then sees what it made active.
    session.execute(select(RulebookVersion.id).where(RulebookVersion.active.is_(True)).with_for_update())
    row = session.scalar(select(RulebookVersion).where(RulebookVersion.version == rulebook.version))
    session.execute(update(RulebookVersion).where(RulebookVersion.active.is_(True)).values(active=False))
    if row is None:
        row = RulebookVersion(version=rulebook.version, title=rulebook.title, source=text, published_by=by)
        session.add(row)
    row.active = True
    session.flush()
    audit.record(session, "publish_rulebook", actor=by or "unknown", target=f"rulebook:{row.version}", title=row.title,
                 **detail)
    return row


def roll_back(session: Session, version: str, by: str | None = None) -> RulebookVersion:
    """Make an earlier published version the active rulebook again (LookupError if there is no
    such version; RulebookError if it no longer fits the directory). Caller commits."""
    row = session.scalar(select(RulebookVersion).where(RulebookVersion.version == version))
    if row is None:
        raise LookupError(f"no published rulebook {version}")
    return publish_rulebook(session, row.source, f"rulebook {version}", by, rolled_back=True)


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

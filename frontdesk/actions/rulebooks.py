"""Publishing a rulebook, and rolling back to an earlier version."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import RulebookVersion
from ..platform.clock import now
from ..rules.store import check_rulebook
from ._audit_log import record_audit


def do_publish_rulebook(session: Session, text: str, filename: str, by: str | None = None,
                        **detail) -> RulebookVersion:
    """Check and make `text` the active rulebook; earlier versions are kept (RulebookError if
    it is not sound). Audited; a version's first publication is timed by the app's clock. Caller commits."""
    rulebook = check_rulebook(session, text, filename)
    # Another worker publishing now waits here until it is done, then sees what it made active.
    session.execute(select(RulebookVersion.id).where(RulebookVersion.active.is_(True)).with_for_update())
    row = session.scalar(select(RulebookVersion).where(RulebookVersion.version == rulebook.version))
    session.execute(update(RulebookVersion).where(RulebookVersion.active.is_(True)).values(active=False))
    if row is None:
        row = RulebookVersion(version=rulebook.version, title=rulebook.title, source=text, published_by=by,
                              published_at=now())
        session.add(row)
    row.active = True
    session.flush()
    record_audit(session, "publish_rulebook", actor=by or "unknown", target=f"rulebook:{row.version}",
                 title=row.title, **detail)
    return row


def do_roll_back_rulebook(session: Session, version: str, by: str | None = None) -> RulebookVersion:
    """Make an earlier published version the active rulebook again (LookupError if there is no
    such version; RulebookError if it no longer fits the directory). Caller commits."""
    row = session.scalar(select(RulebookVersion).where(RulebookVersion.version == version))
    if row is None:
        raise LookupError(f"no published rulebook {version}")
    return do_publish_rulebook(session, row.source, f"rulebook {version}", by, rolled_back=True)

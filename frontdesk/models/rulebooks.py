"""Published rulebook versions; exactly one is active."""
from datetime import datetime

from sqlalchemy import Boolean, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .types import UTCDateTime


class RulebookVersion(Base):
    __tablename__ = "rulebook_versions"
    # At most one active, even when two workers publish at the same moment.
    __table_args__ = (Index("uq_rulebook_versions_one_active", "active", unique=True, sqlite_where=text("active"),
                            postgresql_where=text("active")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)  # content hash
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(200))

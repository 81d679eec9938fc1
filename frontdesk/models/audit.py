"""The audit log: what staff did (sign-in, viewing a contact, transfers, exports, rulebook publication)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .staff import StaffUser
from .types import UTCDateTime


class AuditEntry(Base):
    """One staff action. Rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)  # None: not signed in
    actor: Mapped[str] = mapped_column(String(200))  # the staff member's email, or what was tried, or "cli:<user>"
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str | None] = mapped_column(String(120))  # e.g. "contact:<id>", "chat:<id>", "rulebook:<version>"
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    staff: Mapped[StaffUser | None] = relationship()

"""Staff accounts and their API tokens."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .types import UTCDateTime

ROLES = ("advisor", "supervisor", "admin")


class StaffUser(UserMixin, Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[str | None] = mapped_column(ForeignKey("services.id"))  # advisors belong to one
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    presence: Mapped[str] = mapped_column(String(10), default="away")  # available, away (console)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the console's last heartbeat
    max_chats: Mapped[int] = mapped_column(Integer, default=3)
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164: where "Call back" rings the advisor first
    signed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # consoles opened before this are cut off
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def first_name(self) -> str:
        """The name a family sees: "Ben (Birmingham SENDIASS)" -> "Ben"."""
        return self.name.split("(")[0].split()[0] if self.name.strip() else "An advisor"

    @property
    def sees_all_services(self) -> bool:
        return self.role in ("supervisor", "admin")


class ApiToken(Base):
    """A bearer token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[StaffUser] = relationship(back_populates="tokens")

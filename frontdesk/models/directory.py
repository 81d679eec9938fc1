"""The directory: local authorities, the names families use for them, services and postcodes."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .types import UTCDateTime


class LocalAuthority(Base):
    __tablename__ = "local_authorities"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)  # ONS GSS code
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str | None] = mapped_column(String(80))
    region: Mapped[str | None] = mapped_column(String(60))
    aliases: Mapped[list["PlaceAlias"]] = relationship(
        back_populates="authority", cascade="all, delete-orphan", order_by="PlaceAlias.id")  # main places first

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PlaceAlias(Base):
    __tablename__ = "place_aliases"
    __table_args__ = (UniqueConstraint("authority_code", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_code: Mapped[str] = mapped_column(ForeignKey("local_authorities.code", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    authority: Mapped[LocalAuthority] = relationship(back_populates="aliases")


class Service(Base):
    __tablename__ = "services"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # a slug, e.g. birmingham-iass
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    authority_code: Mapped[str | None] = mapped_column(ForeignKey("local_authorities.code"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    chat: Mapped[bool] = mapped_column(Boolean, default=False)
    video: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    hours: Mapped[dict] = mapped_column(JSON, default=dict)  # {"mon": "09:00-17:00", ...}
    closed_on_bank_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    closures: Mapped[list["ServiceClosure"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceClosure.day")


class ServiceClosure(Base):
    __tablename__ = "service_closures"
    __table_args__ = (UniqueConstraint("service_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))
    service: Mapped[Service] = relationship(back_populates="closures")


class Postcode(Base):
    """Full postcodes imported from the ONS Postcode Directory, for exact lookups."""

    __tablename__ = "postcodes"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # normalised, "B73 5AA"
    authority_code: Mapped[str] = mapped_column(String(9))


class DirectoryRevision(Base):
    """One row whose counter goes up whenever the directory changes, so caches know to reload."""

    __tablename__ = "directory_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""The directory snapshot the engine reads: services, who serves which authority, and hours.

A snapshot is immutable. The app builds one from its database; tests and benchmarks build
one directly. The engine never looks anywhere else for who is open or where to send a contact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Mapping

from .hours import OpeningHours

SERVICE_KINDS = ("urgent", "specialist", "local_iass", "national", "out_of_hours")
CHANNELS = ("phone", "chat", "video")


@dataclass(frozen=True)
class Service:
    """One service that can take contacts.

    `phone` is an E.164 number (or None when the service takes no calls); `chat` and `video`
    say whether it has a chat queue / takes video sessions (their queue is named by `id`).
    """

    id: str
    name: str
    kind: str
    hours: OpeningHours
    local_authority: str | None = None
    phone: str | None = None
    chat: bool = False
    video: bool = False
    capacity: int = 1

    def accepts(self, channel: str) -> bool:
        """Whether the service takes contacts on `channel` at all."""
        if channel == "phone":
            return bool(self.phone)
        if channel == "chat":
            return self.chat
        if channel == "video":
            return self.video
        return False

    def address(self, channel: str) -> str | None:
        """Where a channel reaches the service: the phone number, or the queue name."""
        if not self.accepts(channel):
            return None
        return self.phone if channel == "phone" else f"{channel}:{self.id}"

    def is_open(self, at: datetime) -> bool:
        return self.hours.is_open(at)


@dataclass(frozen=True)
class Directory:
    """Services by id, local authority names by GSS code, and each authority's local IASS."""

    services: Mapping[str, Service]
    authorities: Mapping[str, str] = field(default_factory=dict)
    local_iass: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, services: list[Service], authorities: Mapping[str, str]) -> "Directory":
        """Index services; each local IASS is found through its `local_authority`."""
        by_id = {s.id: s for s in services}
        iass = {s.local_authority: s.id for s in services if s.kind == "local_iass" and s.local_authority}
        return cls(MappingProxyType(by_id), MappingProxyType(dict(authorities)), MappingProxyType(iass))

    def iass_for(self, authority: str | None) -> Service | None:
        """The local IASS of an authority, if the directory lists one."""
        sid = self.local_iass.get(authority) if authority else None
        return self.services.get(sid) if sid else None

"""A contact after resolution: the facts the rules look at, with how sure we are of each."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .topics import TOPICS

CONTACT_CHANNELS = ("phone", "chat", "video")
__all__ = ["CONTACT_CHANNELS", "TOPICS", "AuthorityMatch", "Candidate", "ResolvedContact"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One authority a postcode or place name could mean."""

    code: str
    name: str
    confidence: float
    matched: str | None = None  # the alias or name that matched, e.g. "Newcastle-under-Lyme"

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "confidence": round(self.confidence, 3),
                "matched": self.matched}


@dataclass(frozen=True, slots=True)
class AuthorityMatch:
    """The family's local authority: `code` is set only when resolution is sure enough.

    `via` says how it was found ("postcode", "place", "given"), `candidates` lists the
    possibilities when the answer is ambiguous, and `note` explains a miss.
    """

    code: str | None = None
    name: str | None = None
    confidence: float = 0.0
    via: str | None = None
    candidates: tuple[Candidate, ...] = ()
    note: str | None = None

    @property
    def known(self) -> bool:
        return self.code is not None

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "confidence": round(self.confidence, 3),
                "via": self.via, "candidates": [c.to_json() for c in self.candidates],
                "note": self.note}


UNKNOWN_AUTHORITY = AuthorityMatch()


@dataclass(frozen=True, slots=True)
class ResolvedContact:
    """What the engine routes on. `received_at` is an aware datetime."""

    channel: str
    received_at: datetime
    local_authority: AuthorityMatch = UNKNOWN_AUTHORITY
    topic: str = "other"
    urgent: bool = False
    risk_phrases: tuple[str, ...] = ()
    age: int | None = None
    language: str | None = None
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"channel": self.channel, "received_at": self.received_at.isoformat(),
                "local_authority": self.local_authority.to_json(), "topic": self.topic,
                "urgent": self.urgent, "risk_phrases": list(self.risk_phrases),
                "age": self.age, "language": self.language}

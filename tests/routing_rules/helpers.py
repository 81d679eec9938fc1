"""Small builders for engine tests."""
from datetime import datetime, timezone

from routing_rules import AuthorityMatch, Candidate, ResolvedContact

BIRMINGHAM = "E08000025"


def at(text: str) -> datetime:
    """A UTC moment from "YYYY-MM-DD HH:MM"."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def contact(when: str, *, channel="phone", authority: str | None = BIRMINGHAM, topic="other",
            urgent=False, candidates=()) -> ResolvedContact:
    if authority:
        la = AuthorityMatch(authority, "Birmingham", 1.0, "postcode", (Candidate(authority, "Birmingham", 1.0),))
    else:
        la = AuthorityMatch(candidates=tuple(candidates), note="ambiguous" if candidates else None)
    return ResolvedContact(channel=channel, received_at=at(when), local_authority=la, topic=topic, urgent=urgent)

"""Contact JSON in: checked, normalised, and turned into clear errors when it is wrong."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from routing_rules import TOPICS
from routing_rules.contact import CONTACT_CHANNELS

from ..models import Contact
from ..platform.clock import parse_time

MAX_TEXT = 2000  # the longest text a family may send in one field or message
GIVEN_FIELDS = ("postcode", "place", "topic", "message", "age", "language", "local_authority")
FIELDS = ("channel", "received_at", "postcode", "place", "topic", "message", "age", "language",
          "local_authority", "urgent")


class ContactError(ValueError):
    """Contact JSON that cannot be routed; `errors` maps each bad field to what is wrong."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class ContactInput:
    channel: str
    received_at: datetime
    postcode: str | None = None
    place: str | None = None
    topic: str | None = None
    message: str | None = None
    age: int | None = None
    language: str | None = None
    local_authority: str | None = None
    urgent: bool = False

    def given(self) -> dict:
        """What the family told us, for the contact record (no derived facts)."""
        out = {k: getattr(self, k) for k in GIVEN_FIELDS}
        return {k: v for k, v in out.items() if v not in (None, "")}


def input_again(contact: Contact, urgent: bool = False) -> ContactInput:
    """The contact as it arrived (what the family told us), to decide for it again, e.g. once it is
    urgent or the caller has said more."""
    return ContactInput(channel=contact.channel, received_at=contact.received_at, urgent=urgent,
                        **{k: v for k, v in contact.given.items() if k in GIVEN_FIELDS})


def parse_contact(data: object, default_at: datetime) -> ContactInput:
    """Check Contact JSON (see DESIGN.md) and return it normalised; raises ContactError."""
    if not isinstance(data, dict):
        raise ContactError({"contact": "expected a JSON object"})
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        errors[unknown[0]] = f"unknown field; expected some of {', '.join(FIELDS)}"
    channel = data.get("channel")
    if channel not in CONTACT_CHANNELS:
        errors["channel"] = f"must be one of {', '.join(CONTACT_CHANNELS)}"
    at = default_at
    if data.get("received_at") is not None:
        try:
            at = parse_time(str(data["received_at"]))
        except ValueError:
            errors["received_at"] = "must be an ISO 8601 time, e.g. 2026-11-25T20:05:00+00:00"
    texts = {}
    for key in ("postcode", "place", "message", "language", "local_authority"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            errors[key] = "must be text"
        elif value is not None and len(value) > MAX_TEXT:
            errors[key] = f"is longer than {MAX_TEXT} characters"
        else:
            texts[key] = (value or "").strip() or None
    topic = data.get("topic")
    if topic is not None and topic not in TOPICS:
        errors["topic"] = f"unknown topic; use one of {', '.join(TOPICS)}"
    age = data.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 30):
        errors["age"] = "must be a whole number of years from 0 to 30"
    urgent = data.get("urgent", False)
    if not isinstance(urgent, bool):
        errors["urgent"] = "must be true or false"
    if errors:
        raise ContactError(errors)
    return ContactInput(channel=channel, received_at=at, topic=topic, age=age, urgent=urgent, **texts)

"""What a family sends in the chat widget, checked: the pre-chat form, a message, the offline
message form and the survey. Each check raises ActionError naming the field at fault."""
from __future__ import annotations

from dataclasses import dataclass

from routing_rules import TOPICS

from ..platform.refusals import ActionError
from .input import MAX_TEXT
from .phone_numbers import typed_number

MAX_NAME = 60
MAX_START_ID = 64
MAX_NOTE = 1000  # an advisor's note, a survey comment


@dataclass(frozen=True)
class StartForm:
    """The pre-chat form, checked."""
    name: str | None
    place: str
    age: int | None
    topic: str | None
    message: str
    local_authority: str | None
    video: bool = False  # the family asked for a video call
    start_id: str | None = None  # the widget's id for this start: sent again, it finds the same chat


@dataclass(frozen=True)
class OfflineMessage:
    """The message form offered when nobody can answer: how to reply, and anything to add to what
    the family has written in the chat already (which is passed on with it)."""
    name: str
    email: str | None
    phone: str | None  # E.164
    text: str | None


def field_text(data: dict, key: str, limit: int, required: str | None = None) -> str | None:
    """`data[key]` as printable text, trimmed; None when empty (ActionError with `required` as the
    message when it must be given, or when it is not text or is longer than `limit`)."""
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ActionError("invalid", required, field=key)
        return None
    if not isinstance(value, str):
        raise ActionError("invalid", f"{key} must be text", field=key)
    value = "".join(c for c in value if c.isprintable() or c in "\n\t").strip()
    if len(value) > limit:
        raise ActionError("too_long", f"{key} can be at most {limit} characters", field=key)
    if not value and required:
        raise ActionError("invalid", required, field=key)
    return value or None


def message_text(text: object) -> str:
    """One chat message, checked (at most MAX_TEXT characters, not empty)."""
    return field_text({"text": text}, "text", MAX_TEXT, "the message is empty")


def parse_start(data: object) -> StartForm:
    """Check the pre-chat form; raises ActionError with the field at fault."""
    if not isinstance(data, dict):
        raise ActionError("invalid", "send the form as an object")
    if data.get("consent") is not True:
        raise ActionError("invalid", "please agree to the privacy notice to start a chat", field="consent")
    age = data.get("age")
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
        except (TypeError, ValueError):
            raise ActionError("invalid", "age must be a whole number of years", field="age") from None
        if not 0 <= age <= 30:
            raise ActionError("invalid", "age must be from 0 to 30", field="age")
    topic = data.get("topic") or None
    if topic is not None and (not isinstance(topic, str) or topic not in TOPICS):
        raise ActionError("invalid", "unknown topic", field="topic")
    return StartForm(name=field_text(data, "name", MAX_NAME),
                     place=field_text(data, "place", 120, "please tell us your postcode or town"),
                     age=age, topic=topic, message=field_text(data, "message", MAX_TEXT, "please write your question"),
                     local_authority=field_text(data, "local_authority", 9), video=data.get("video") is True,
                     start_id=field_text(data, "start_id", MAX_START_ID))


def parse_offline_message(data: object) -> OfflineMessage:
    """Check the offline message form: a name, an email address or a phone number, and the message."""
    if not isinstance(data, dict):
        raise ActionError("invalid", "send the form as an object")
    name = field_text(data, "name", MAX_NAME, "please tell us your name")
    email = field_text(data, "email", 200)
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1] or " " in email):
        raise ActionError("invalid", "that email address doesn't look right", field="email")
    phone = field_text(data, "phone", 30)
    if phone:
        phone = typed_number(phone)
    if not (email or phone):
        raise ActionError("invalid", "please give an email address or a phone number so we can reply",
                          field="email")
    return OfflineMessage(name, email, phone, field_text(data, "message", MAX_TEXT))


def parse_rating(data: object) -> tuple[int, str | None]:
    """The survey: a score from 1 (not helpful) to 5 (very helpful), and an optional comment."""
    rating = data.get("rating") if isinstance(data, dict) else None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ActionError("invalid", "choose a score from 1 to 5", field="rating")
    return rating, field_text(data, "comment", MAX_NOTE)


def note_text(note: object) -> str:
    """An advisor's note (an outcome note): trimmed to MAX_NOTE characters, "" when none."""
    return note.strip()[:MAX_NOTE] if isinstance(note, str) else ""

"""The route tester: a contact made up on a form, decided by the rulebook in force. Logs nothing."""
from __future__ import annotations

from datetime import datetime

from ..contacts.input import ContactError, ContactInput, parse_contact
from ..platform.clock import LONDON, now
from ..resolve.postcodes import parse_postcode

FIELDS = ("where", "topic", "channel", "message", "age", "at")
_FIELD_OF = {"postcode": "where", "place": "where", "received_at": "at"}  # contact field -> form field


def blank_form() -> dict:
    return {"where": "", "topic": "", "channel": "phone", "message": "", "age": "",
            "at": now().astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")}


def read_form(args) -> tuple[dict | None, ContactInput | None, dict[str, str]]:
    """The form as typed (None before anything is asked), the contact it describes, and what is
    wrong with it by form field. The time is read as London time."""
    if not any(args.get(k) for k in FIELDS):
        return None, None, {}
    form = {**blank_form(), **{k: (args.get(k) or "").strip()[:500] for k in FIELDS if k in args}}
    try:
        at = datetime.fromisoformat(form["at"]).replace(tzinfo=LONDON)
    except ValueError:
        return form, None, {"at": "Enter a date and time, for example 2026-11-25 20:05."}
    if form["age"] and not form["age"].isdigit():
        return form, None, {"age": "Enter the age in whole years, or leave it empty."}
    where = form["where"]
    data = {"channel": form["channel"], "received_at": at.isoformat(), "message": form["message"] or None,
            "topic": form["topic"] or None, "age": int(form["age"]) if form["age"] else None,
            ("postcode" if where and parse_postcode(where) else "place"): where or None}
    try:
        return form, parse_contact({k: v for k, v in data.items() if v is not None}, at), {}
    except ContactError as exc:
        return form, None, {_FIELD_OF.get(k, k): v for k, v in exc.errors.items()}

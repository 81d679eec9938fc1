"""Phone numbers: read as people and Twilio write them, kept in E.164, shown as people write them.

One set of rules everywhere. A number someone types for us to ring (a family's callback number, an
advisor's own phone) must be a real, allocated number; a number from the directory or from
Twilio's `From` need only be a possible one (Ofcom's drama numbers, used by the demo, are possible
but not all allocated). A caller's number is personal data: we keep it only in a callback request
(to call the family back); elsewhere a caller is known by `caller_hash`, an HMAC of the number
keyed from the app's secret, which cannot be turned back into the number without that key.
"""
from __future__ import annotations

import phonenumbers

from ..platform.pseudonyms import keyed_hash
from ..platform.refusals import ActionError

MAX_TYPED = 30  # characters of a number someone types
# Ofcom's range of mobile numbers for drama (07700 900000–900999): never anyone's phone, and not
# "in use" to libphonenumber, but the number the demo caller and the phone simulator use, so a family
# trying the demo can type it too. (Ofcom's geographic and freephone drama ranges are valid already.)
_DRAMA_MOBILES = "+447700900"
# What Twilio puts in `From` when the caller's number is not available.
_WITHHELD = {"anonymous", "restricted", "unavailable", "unknown", "private",
             "+266696687", "+86282452253", "+7378742833", "+2562533", "+8656696"}


def to_e164(text: str, *, must_be_valid: bool = False) -> str:
    """A UK or international number in E.164 ("0121 496 0025" -> "+441214960025"). Raises
    ValueError saying what is wrong; with `must_be_valid`, a merely possible number is refused."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"'{text}' is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"'{text}' is not a possible phone number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if must_be_valid and not phonenumbers.is_valid_number(number) and not _is_drama_mobile(e164):
        raise ValueError(f"'{text}' is not a phone number in use")
    return e164


def _is_drama_mobile(e164: str) -> bool:
    return e164.startswith(_DRAMA_MOBILES) and len(e164) == len(_DRAMA_MOBILES) + 3


def typed_number(text: object, field: str = "phone") -> str:
    """A number someone typed for us to ring, in E.164; ActionError (naming `field`) if it is not one."""
    try:
        if isinstance(text, str) and len(text) <= MAX_TYPED:
            return to_e164(text, must_be_valid=True)
    except ValueError:
        pass
    raise ActionError("invalid", "that phone number doesn't look right", field=field)


def caller_number(raw: str | None) -> str | None:
    """The caller's number in E.164, or None when it is withheld, not a phone number or
    not one that can be called back (a browser client, a SIP address)."""
    text = (raw or "").strip()
    if not text or text.lower() in _WITHHELD or ":" in text or len(text) > 20:
        return None
    try:
        e164 = to_e164(text)
    except ValueError:
        return None
    return None if e164 in _WITHHELD else e164


def caller_hash(number: str | None, secret: str) -> str | None:
    """A keyed hash of an E.164 number (None for no number): the same number always gives
    the same hash under the same secret, and the hash alone does not reveal the number."""
    return keyed_hash(number, secret, b"frontdesk caller hash") if number else None


def display(e164: str | None) -> str:
    """A number as people write it: "+441214960025" -> "0121 496 0025"."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44 else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def masked(e164: str | None) -> str:
    """A caller's number with all but the last three digits hidden: "07••• ••• 123"."""
    if not e164:
        return ""
    shown = display(e164)
    digits = sum(c.isdigit() for c in shown)
    out, seen = [], 0
    for c in shown:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= 2 or seen > digits - 3 else "•")
        else:
            out.append(c)
    return "".join(out)

"""Callers' numbers: which are real, and the keyed hash that recognises a returning caller.

A caller's number is personal data. We keep it only in a callback request (to call the
family back); everywhere else a caller is known by an HMAC of the number, keyed from the
app's secret, which cannot be turned back into the number without that key.
"""
from __future__ import annotations

import hashlib
import hmac

import phonenumbers

# What Twilio puts in `From` when the caller's number is not available.
_WITHHELD = {"anonymous", "restricted", "unavailable", "unknown", "private",
             "+266696687", "+86282452253", "+7378742833", "+2562533", "+8656696"}


def caller_number(raw: str | None) -> str | None:
    """The caller's number in E.164, or None when it is withheld, not a phone number or
    not one that can be called back (a browser client, a SIP address)."""
    text = (raw or "").strip()
    if not text or text.lower() in _WITHHELD or ":" in text or len(text) > 20:
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None if e164 in _WITHHELD else e164


def caller_hash(number: str | None, secret: str) -> str | None:
    """A keyed hash of an E.164 number (None for no number): the same number always gives
    the same hash under the same secret, and the hash alone does not reveal the number."""
    if not number:
        return None
    key = hmac.new(secret.encode(), b"frontdesk caller hash", hashlib.sha256).digest()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()

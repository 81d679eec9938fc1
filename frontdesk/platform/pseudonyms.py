"""Pseudonyms: keyed hashes that recognise the same caller or browser address again without
keeping the number or the address itself. Keyed from the app's secret, one key per purpose, so a
hash cannot be turned back into what it hides without that secret, nor matched across purposes."""
from __future__ import annotations

import hashlib
import hmac


def keyed_hash(value: str, secret: str, purpose: bytes) -> str:
    """The same `value` always gives the same hash for the same secret and purpose."""
    key = hmac.new(secret.encode(), purpose, hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def client_hash(address: str | None, secret: str) -> str | None:
    """A browser's network address, as a pseudonym (None when the address is not known)."""
    return keyed_hash(address, secret, b"frontdesk chat client") if address else None

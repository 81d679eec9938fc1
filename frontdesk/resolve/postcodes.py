"""UK postcodes: validate and normalise, then find the local authority.

A full postcode found in the imported ONS table gives one authority. Otherwise the built-in
district table (the outward code, e.g. "B73") gives the authority, or several candidates
when the district spans authorities — never a guess.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

# Outward code: area letters, district digit(s), optional letter; inward: digit + two letters.
_OUTWARD = r"(?P<area>[A-Z]{1,2})(?P<district>[0-9][0-9A-Z]?)"
_FULL = re.compile(rf"^{_OUTWARD}(?P<inward>[0-9][ABD-HJLNP-UW-Z]{{2}})$")
_OUTWARD_ONLY = re.compile(rf"^{_OUTWARD}$")
_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?) *[-]? *([0-9][ABD-HJLNP-UW-Z]{2})\b")
_SPOKEN_DIGITS = {"zero": "0", "one": "1", "two": "2", "to": "2", "too": "2",
                  "three": "3", "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7",
                  "eight": "8", "ate": "8", "nine": "9"}
_SPOKEN_DIGITS_WITH_OH = {**_SPOKEN_DIGITS, "oh": "0", "o": "0"}
COUNTRY_CODES = {"W92000004": "Wales", "S92000003": "Scotland", "N92000002": "Northern Ireland"}


@dataclass(frozen=True)
class Postcode:
    """A syntactically valid postcode or outward code, normalised ("B73 5AA", "B73")."""

    outward: str
    inward: str | None = None

    @property
    def area(self) -> str:
        return re.match(r"[A-Z]+", self.outward).group(0)

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}" if self.inward else self.outward


def _match(squashed: str) -> Postcode | None:
    m = _FULL.match(squashed)
    if m:
        return Postcode(m.group("area") + m.group("district"), m.group("inward"))
    return Postcode(squashed) if _OUTWARD_ONLY.match(squashed) else None


def parse_postcode(text: str) -> Postcode | None:
    """Normalise any written form of a UK postcode, or its outward code alone; None if not one.

    Accepts any case, spacing and punctuation ("b735aa", "B73  5AA", "b73-5aa"), a postcode
    inside a sentence ("it's B73 5AA thanks"), and the spoken forms speech recognition gives
    ("B seven three five A A").
    """
    if not text or len(text) > 200:
        return None
    upper = text.upper()
    m = _IN_TEXT.search(upper)
    if m:  # its outward and inward codes have the shapes _FULL checks
        return Postcode(m.group(1), m.group(2))
    words = re.findall(r"[A-Za-z0-9]+", text)
    if 0 < len(words) <= 2:
        found = _match("".join(words).upper())
        if found:
            return found
    if len(words) > 2:  # spoken: one word per character or digit
        for digits in (_SPOKEN_DIGITS, _SPOKEN_DIGITS_WITH_OH):
            squashed = "".join(digits.get(w.lower(), w) for w in words).upper()
            if len(squashed) <= 7:
                found = _match(squashed)
                if found:
                    return found
    return None


def looks_like_postcode(text: str) -> bool:
    """Whether `text` is meant as a postcode (has digits and is short), valid or not."""
    return bool(re.search(r"\d", text or "")) and len(re.sub(r"\W", "", text)) <= 8


@lru_cache(maxsize=1)
def district_table() -> dict[str, tuple[str, ...]]:
    """The built-in table: outward code (or a whole area, e.g. "AB") -> GSS codes, main one first."""
    table: dict[str, tuple[str, ...]] = {}
    folder = resources.files("frontdesk.directory").joinpath("data", "postcode_districts")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".csv"):
            continue
        with entry.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                table[row["district"].strip().upper()] = tuple(row["local_authorities"].split())
    return table


@dataclass(frozen=True)
class PostcodeAnswer:
    """Authorities for a postcode: one when certain, several when the district spans more."""

    postcode: Postcode
    codes: tuple[str, ...]          # English authorities only, main one first
    outside_england: str | None     # "Wales", "Scotland", "Northern Ireland" when wholly outside
    exact: bool                     # found as a full postcode in the imported ONS table


def lookup_postcode(postcode: Postcode,
                    full_lookup: Callable[[str], str | None] | None = None) -> PostcodeAnswer:
    """Find the authority (or candidates) for a parsed postcode."""
    if postcode.inward and full_lookup is not None:
        code = full_lookup(str(postcode))
        if code:
            country = COUNTRY_CODES.get(code)
            return PostcodeAnswer(postcode, () if country else (code,), country, True)
    table = district_table()
    codes = table.get(postcode.outward) or table.get(postcode.area) or ()
    english = tuple(c for c in codes if c.startswith("E"))
    countries = [COUNTRY_CODES[c] for c in codes if c in COUNTRY_CODES]
    outside = countries[0] if codes and not english else None
    return PostcodeAnswer(postcode, english, outside, False)

"""Postcodes typed on a phone keypad: each letter by the key it is printed on, digits as digits.

"B73 5AA" is typed 2 7 3 5 2 2. A key stands for three or four letters, so a key sequence can
fit several postcode districts (2 5 1 is AL1 in St Albans or BL1 in Bolton); we return every
district it fits, and the caller is asked which letter the postcode starts with, or which
council they mean, when those districts lie in different places.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .postcodes import district_table

KEY_LETTERS = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}
_KEY_OF = {letter: key for key, letters in KEY_LETTERS.items() for letter in letters}
_INWARD_KEYS = re.compile(r"^[0-9][2-9]{2}$")  # a digit, then two letters


def keypad_form(text: str) -> str:
    """The keys a postcode (or any letters and digits) is typed with: "B73" -> "273"."""
    return "".join(_KEY_OF.get(c, c) for c in text.upper() if c.isalnum())


@lru_cache(maxsize=1)
def _districts_by_keys() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for district in district_table():
        if any(c.isdigit() for c in district):  # whole-area rows ("AB") are not districts
            index.setdefault(keypad_form(district), []).append(district)
    return {keys: tuple(sorted(found)) for keys, found in index.items()}


def districts_for_keys(keys: str) -> tuple[str, ...]:
    """Every postcode district (outward code) that `keys` could be typed for.

    Two to four keys are an outward code alone ("273" -> B73); five to seven are a whole
    postcode, whose last three keys (a digit, then two letters) are the inward code.
    Anything else, or keys that fit no district, gives an empty tuple.
    """
    keys = keys.strip()
    if not keys.isdigit():
        return ()
    if 5 <= len(keys) <= 7:
        if not _INWARD_KEYS.match(keys[-3:]):
            return ()
        keys = keys[:-3]
    if not 2 <= len(keys) <= 4:
        return ()
    return _districts_by_keys().get(keys, ())


def first_letters(districts: tuple[str, ...]) -> str:
    """The letters the districts start with, in alphabetical order ("AL1", "BL1" -> "AB")."""
    return "".join(sorted({d[0] for d in districts}))


def starting_with(districts: tuple[str, ...], letter: str) -> tuple[str, ...]:
    """The districts that start with `letter`."""
    return tuple(d for d in districts if d.startswith(letter.upper()))

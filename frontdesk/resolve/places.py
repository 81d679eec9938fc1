"""Place names and speech to local authorities.

Built once per directory revision from authority names and aliases. Exact (folded) names
are looked up in a dict; a name that is the start of other authorities' names, or shared by
two, gives candidates ("Newcastle", "Richmond"); anything else goes to rapidfuzz, which
tolerates typos and speech-recognition slips. Longer phrases are tried word-window by
word-window so "we live near Sutton Coldfield" still finds Birmingham.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from routing_rules import AuthorityMatch, Candidate

from .text import fold

# Words that name the council rather than the place.
_NOISE = re.compile(
    r"\b(the|london borough of|royal borough of|metropolitan borough of|borough of|city of|county of|"
    r"borough council|county council|city council|district council|council|borough|county|area|"
    r"sendiass|iass|send|local authority|la)\b")
_FILLER_WORDS = frozenset(
    "i we im were live lives living in near from at its it is my our thats um erm uh er ah yes yeah "
    "please thanks thank you called calling about around just outside postcode place of and on by to a an "
    "hello hi so well".split())
MAX_CANDIDATES = 4


def max_edits(length: int) -> int:
    """How many typing or hearing slips a name of `length` letters may have and still match."""
    return 0 if length < 5 else 1 if length < 9 else 2 if length < 15 else 3


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", _NOISE.sub(" ", fold(text))).strip()


@dataclass(frozen=True)
class _Entry:
    code: str
    label: str      # the name or alias as written, e.g. "Newcastle-under-Lyme"
    is_name: bool   # the authority's own (or short) name rather than an alias


class PlaceIndex:
    """Resolves place names to authorities. Immutable once built; safe to share."""

    def __init__(self, authorities: dict[str, str], aliases: Iterable[tuple[str, str]],
                 short_names: dict[str, str] | None = None):
        """`authorities`: GSS code -> official name; `aliases`: (code, alias) pairs."""
        self.names = dict(authorities)
        self.display = {code: (short_names or {}).get(code) or name for code, name in authorities.items()}
        self._exact: dict[str, list[_Entry]] = {}
        entries = [(code, name, True) for code, name in authorities.items()]
        entries += [(code, short, True) for code, short in (short_names or {}).items() if short]
        entries += [(code, alias, False) for code, alias in aliases]
        self._aliases_in_order: dict[str, list[str]] = {}  # each authority's aliases, main places first
        for code, label, is_name in entries:
            if not is_name:
                self._aliases_in_order.setdefault(code, []).append(label)
        for code, label, is_name in entries:
            key = _key(label)
            if key and not any(e.code == code for e in self._exact.get(key, [])):
                self._exact.setdefault(key, []).append(_Entry(code, label, is_name))
        self._keys = list(self._exact)
        # Keys by (first letter, length) and by length, so a fuzzy search compares only names
        # that could be within the allowed number of edits.
        self._by_initial_len: dict[tuple[str, int], list[str]] = {}
        self._by_len: dict[int, list[str]] = {}
        for key in self._keys:
            self._by_initial_len.setdefault((key[0], len(key)), []).append(key)
            self._by_len.setdefault(len(key), []).append(key)
        self._squashed: dict[str, list[_Entry]] = {}
        for key, found in self._exact.items():
            self._squashed.setdefault(key.replace(" ", ""), []).extend(found)
        # Every leading run of words of a key ("newcastle", "newcastle upon") -> entries it starts.
        self._prefixes: dict[str, list[_Entry]] = {}
        for key, found in self._exact.items():
            words = key.split()
            for n in range(1, len(words)):
                self._prefixes.setdefault(" ".join(words[:n]), []).extend(found)
        self._max_words = max((len(k.split()) for k in self._keys), default=1)

    def _candidate(self, entry: _Entry, confidence: float) -> Candidate:
        matched = None if entry.is_name else entry.label
        return Candidate(entry.code, self.display[entry.code], confidence, matched)

    def _answer(self, entries: list[_Entry], confidence: float, via: str) -> AuthorityMatch:
        by_code: dict[str, _Entry] = {}
        for e in entries:  # one candidate per authority, preferring its own name
            if e.code not in by_code or (e.is_name and not by_code[e.code].is_name):
                by_code[e.code] = e
        if len(by_code) == 1:
            (code, entry), = by_code.items()
            return AuthorityMatch(code, self.display[code], confidence, via,
                                  (self._candidate(entry, confidence),))
        share = confidence / len(by_code)
        cands = tuple(self._candidate(e, share) for e in list(by_code.values())[:MAX_CANDIDATES])
        return AuthorityMatch(None, None, share, via, cands, note="ambiguous place name")

    def _lookup_key(self, key: str) -> list[_Entry] | None:
        """Entries for one folded key: exact matches, plus authorities whose own name starts
        with it ("Richmond" -> Richmond upon Thames too; "Newcastle" -> Newcastle upon Tyne and
        Newcastle-under-Lyme). None when no exact match and no authority's name starts with it."""
        exact = self._exact.get(key, [])
        prefix = self._prefixes.get(key, [])
        if exact:
            # The start of a mere alias does not make an exact name ambiguous ("Stoke").
            return exact + [e for e in prefix if e.is_name]
        if any(e.is_name for e in prefix):
            return prefix
        return None

    def resolve(self, text: str) -> AuthorityMatch:
        """The authority `text` names, with confidence; candidates when it could be several."""
        key = _key(text)
        if not key:
            return AuthorityMatch(note="no place given")
        found = self._lookup_key(key)
        if found:
            return self._answer(found, 1.0, "place")
        words = key.split()
        squashed = self._squashed.get("".join(words))  # "sutton cold field"
        if squashed:
            return self._answer(squashed, 0.95, "place")
        # Longest window of words that names a place exactly wins ("sutton coldfield" over "sutton").
        for size in range(min(len(words), self._max_words), 0, -1):
            hits: list[_Entry] = []
            for i in range(len(words) - size + 1):
                hits += self._exact.get(" ".join(words[i:i + size]), [])
            if hits:
                return self._answer(hits, 0.95, "place")
        # What is left once the talk around it ("we live in ... thanks") is taken off.
        while words and words[0] in _FILLER_WORDS:
            words.pop(0)
        while words and words[-1] in _FILLER_WORDS:
            words.pop()
        squashed = self._squashed.get("".join(words))  # "sutton cold field"
        if squashed:
            return self._answer(squashed, 0.95, "place")
        fuzzy = self._fuzzy(" ".join(words) or key)
        if fuzzy.code or fuzzy.candidates:
            return fuzzy
        # Last: the start of an alias only ("Harrowgate" -> Harrowgate Hill), with less confidence.
        started = self._prefixes.get(" ".join(words))
        return self._answer(started, 0.85, "place") if started else fuzzy

    def _fuzzy(self, key: str) -> AuthorityMatch:
        """Names within a few edits of `key` (a typo or a misheard letter or two).

        Edits allowed grow with length: none under 5 letters, then 1, 2 from 9, 3 from 15.
        Slips rarely change the first sound, so names with the same first letter are searched
        first and all names only when those give nothing.
        """
        allowed = max_edits(len(key))
        if not allowed:
            return AuthorityMatch(note="place name not recognised")
        lengths = range(len(key) - allowed, len(key) + allowed + 1)
        pool = [k for n in lengths for k in self._by_initial_len.get((key[0], n), ())]
        results = process.extract(key, pool, scorer=OSA.distance, limit=8, score_cutoff=allowed)
        if not results:
            pool = [k for n in lengths for k in self._by_len.get(n, ())]
            results = process.extract(key, pool, scorer=OSA.distance, limit=8, score_cutoff=allowed)
        if not results:
            return AuthorityMatch(note="place name not recognised")
        best = min(dist for _, dist, _ in results)
        close = [k for k, dist, _ in results if dist == best]
        entries = [e for k in close for e in self._exact[k]]
        confidence = 1.0 - best / max(len(key), len(close[0]))
        return self._answer(entries, confidence, "place")

    def speech_hints(self, limit: int = 500) -> list[str]:
        """Names and aliases for a speech recogniser's hints: authorities' own names first, then
        every authority's main place, then every authority's second place, and so on, so a short
        list still covers the whole country rather than the start of the alphabet."""
        hints = dict.fromkeys(sorted({self.display[c] for c in self.names}))
        ranked = [self._aliases_in_order.get(code, []) for code in sorted(self.names)]
        for rank in range(max(map(len, ranked), default=0)):
            hints.update(dict.fromkeys(aliases[rank] for aliases in ranked if rank < len(aliases)))
            if len(hints) >= limit:
                break
        return list(hints)[:limit]

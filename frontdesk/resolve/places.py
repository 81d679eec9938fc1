"""Place names and speech to local authorities.

Built once per directory revision from authority names and aliases. Exact (folded) names
are looked up in a dict; a name that is the start of other authorities' names, or shared by
two, gives candidates ("Newcastle", "Richmond"); anything else is matched fuzzily, which
tolerates typos and speech-recognition slips: names one slip away through an index of names
less one letter, names further off with rapidfuzz. Longer phrases are tried word-window by
word-window so "we live near Sutton Coldfield" still finds Birmingham.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from routing_rules import AuthorityMatch, Candidate

from .text import PhraseIndex, words

# Words that name the council rather than the place; at each word the first that fits is dropped.
_NOISE = PhraseIndex([("noise", phrase) for phrase in (
    "the", "london borough of", "royal borough of", "metropolitan borough of", "borough of", "city of",
    "county of", "borough council", "county council", "city council", "district council", "council",
    "borough", "county", "area", "sendiass", "iass", "send", "local authority", "la")])
_FILLER_WORDS = frozenset(
    "i we im were live lives living in near from at its it is my our thats um erm uh er ah yes yeah "
    "please thanks thank you called calling about around just outside postcode place of and on by to a an "
    "hello hi so well".split())
MAX_CANDIDATES = 4
_FUZZY_LIMIT = 8  # closest keys considered by a fuzzy match
_NO_PLACE = AuthorityMatch(note="no place given")
_NOT_RECOGNISED = AuthorityMatch(note="place name not recognised")


def max_edits(length: int) -> int:
    """How many typing or hearing slips a name of `length` letters may have and still match."""
    return 0 if length < 5 else 1 if length < 9 else 2 if length < 15 else 3


def _key_words(text: str) -> list[str]:
    """The words of `text` that name a place: folded, without the council's words."""
    return _NOISE.remove(words(text))


def _key(text: str) -> str:
    """How a place name is filed and looked up: "the London Borough of Hackney" -> "hackney"."""
    return " ".join(_key_words(text))


def _less_one_letter(key: str) -> set[str]:
    """`key` itself and every string made by dropping one of its letters."""
    return {key, *map("".join, combinations(key, len(key) - 1))}


@dataclass(frozen=True)
class _Entry:
    code: str
    label: str      # the name or alias as written, e.g. "Newcastle-under-Lyme"
    is_name: bool   # the authority's own (or short) name rather than an alias


class PlaceIndex:
    """Resolves place names to authorities. Immutable once built (the one-slip index is
    filled in at the first fuzzy match); safe to share."""

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
        # The same, authorities' own names only: their start makes a name ambiguous.
        self._name_prefixes = {start: named for start, found in self._prefixes.items()
                               if (named := [e for e in found if e.is_name])}
        self._max_words = max((len(k.split()) for k in self._keys), default=1)
        self._first_words = {key.split()[0] for key in self._keys}
        # Where each key comes in the fuzzy pools: shortest first, then in the order filed.
        self._order = {key: n for n, key in enumerate(sorted(self._keys, key=len))}

    @cached_property
    def _less_one(self) -> dict[str, list[str]]:
        """Every key and every key less one letter -> the keys it comes from: two strings one
        edit apart always share one of these, so the keys one slip away are found without a
        scan. Built at the first fuzzy match (a few tens of milliseconds), not with the index."""
        index: dict[str, list[str]] = {}
        for key in self._keys:
            for variant in _less_one_letter(key):
                index.setdefault(variant, []).append(key)
        return index

    def _candidate(self, entry: _Entry, confidence: float) -> Candidate:
        matched = None if entry.is_name else entry.label
        return Candidate(entry.code, self.display[entry.code], confidence, matched)

    def _answer(self, entries: list[_Entry], confidence: float, via: str) -> AuthorityMatch:
        if len(entries) == 1:
            (entry,) = entries
            return AuthorityMatch(entry.code, self.display[entry.code], confidence, via,
                                  (self._candidate(entry, confidence),))
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
        exact = self._exact.get(key)
        if exact:
            # The start of a mere alias does not make an exact name ambiguous ("Stoke").
            named = self._name_prefixes.get(key)
            return exact + named if named else exact
        return self._prefixes[key] if key in self._name_prefixes else None

    def resolve(self, text: str) -> AuthorityMatch:
        """The authority `text` names, with confidence; candidates when it could be several."""
        words = _key_words(text)
        key = " ".join(words)
        if not key:
            return _NO_PLACE
        found = self._lookup_key(key)
        if found:
            return self._answer(found, 1.0, "place")
        squashed = self._squashed.get("".join(words))  # "sutton cold field"
        if squashed:
            return self._answer(squashed, 0.95, "place")
        # Longest window of words that names a place exactly wins ("sutton coldfield" over "sutton").
        # Windows shorter than the whole (looked up already), starting at words that start a name.
        starts = [i for i, word in enumerate(words) if word in self._first_words] if len(words) > 1 else []
        for size in range(min(len(words) - 1, self._max_words) if starts else 0, 0, -1):
            hits: list[_Entry] = []
            for i in starts:
                if i + size <= len(words):
                    hits += self._exact.get(" ".join(words[i:i + size]), ())
            if hits:
                return self._answer(hits, 0.95, "place")
        # What is left once the talk around it ("we live in ... thanks") is taken off.
        before = len(words)
        while words and words[0] in _FILLER_WORDS:
            words.pop(0)
        while words and words[-1] in _FILLER_WORDS:
            words.pop()
        squashed = self._squashed.get("".join(words)) if len(words) < before else None
        if squashed:
            return self._answer(squashed, 0.95, "place")
        fuzzy = self._fuzzy(" ".join(words) or key)
        if fuzzy.code or fuzzy.candidates:
            return fuzzy
        # Last: the start of an alias only ("Harrowgate" -> Harrowgate Hill), with less confidence.
        started = self._prefixes.get(" ".join(words))
        return self._answer(started, 0.85, "place") if started else fuzzy

    def _one_edit_away(self, key: str) -> list[str]:
        """Keys exactly one edit from `key` (a letter added, dropped, changed or two swapped),
        shortest first and otherwise in index order, as the fuzzy pools list them."""
        near: set[str] = set().union(*filter(None, map(self._less_one.get, _less_one_letter(key))))
        # Sharing a variant means one or two edits apart; keep those exactly one apart.
        one_away = [k for k in near if OSA.distance(key, k, score_cutoff=1) == 1]
        if len(one_away) > 1:
            one_away.sort(key=self._order.__getitem__)
        return one_away

    def _fuzzy(self, key: str) -> AuthorityMatch:
        """Names within a few edits of `key` (a typo or a misheard letter or two).

        Edits allowed grow with length: none under 5 letters, then 1, 2 from 9, 3 from 15.
        Slips rarely change the first sound, so names with the same first letter are searched
        first and all names only when those give nothing. The closest names win, at most
        `_FUZZY_LIMIT` of them. A name one slip away, the usual case, is found in the index
        of keys less one letter; only longer names further off need rapidfuzz's scan.
        """
        allowed = max_edits(len(key))
        if not allowed:
            return _NOT_RECOGNISED
        # Same first letter: one slip away, else further; then any first letter, likewise.
        near = self._one_edit_away(key)
        close = [k for k in near if k[0] == key[0]]
        best = 1
        if not close and allowed > 1:
            close, best = self._scan(key, allowed, same_initial=True)
        if not close and near:
            close, best = near, 1
        if not close and allowed > 1:
            close, best = self._scan(key, allowed, same_initial=False)
        if not close:
            return _NOT_RECOGNISED
        close = close[:_FUZZY_LIMIT]
        entries = [e for k in close for e in self._exact[k]]
        confidence = 1.0 - best / max(len(key), len(close[0]))
        return self._answer(entries, confidence, "place")

    def _scan(self, key: str, allowed: int, same_initial: bool) -> tuple[list[str], int]:
        """The keys (those with `key`'s first letter, or all) closest to `key` within `allowed`
        edits, and their distance; ([], 0) when none is that close."""
        lengths = range(len(key) - allowed, len(key) + allowed + 1)
        if same_initial:
            pool = [k for n in lengths for k in self._by_initial_len.get((key[0], n), ())]
        else:
            pool = [k for n in lengths for k in self._by_len.get(n, ())]
        results = process.extract(key, pool, scorer=OSA.distance, limit=_FUZZY_LIMIT, score_cutoff=allowed)
        if not results:
            return [], 0
        best = results[0][1]
        return [k for k, dist, _ in results if dist == best], best

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

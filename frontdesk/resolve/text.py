"""Text normalisation and phrase finding, shared by place and topic matching."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> list[str]:
    """The lower-case ASCII words of `text`, in order: "St. Helens'" -> ["st", "helens"].

    Accents are dropped ("Sölihull" -> "solihull") and apostrophes join a word ("don't" -> "dont").
    """
    if not text:
        return []
    if not text.isascii():  # ASCII text is already in NFKD form: skip the Unicode work
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'", "")
    if text.replace(" ", "").isalnum():  # only letters, digits and spaces: no need for the regex
        return text.split()
    return _WORD.findall(text)


def fold(text: str | None) -> str:
    """Lower-case ASCII words separated by single spaces: "St. Helens'" -> "st helens"."""
    return " ".join(words(text))


class _Phrase:
    """One phrase to look for; `label` says what it counts as (e.g. a topic id)."""

    __slots__ = ("label", "head", "last", "stem", "size")

    def __init__(self, label: str, text: str):
        *head, last = text.rstrip("*").split()
        self.label = label
        self.head = head                    # words that must match exactly
        self.last = last                    # the last word, or its start when `stem`
        self.stem = text.endswith("*")      # any word starting with `last` matches
        self.size = len(head) + 1

    def end(self, folded: list[str], i: int) -> int:
        """Where the phrase ends when it starts at `folded[i]`, or 0 when it does not."""
        end = i + self.size
        if end > len(folded):
            return 0
        last = folded[end - 1]
        if not (last.startswith(self.last) if self.stem else last == self.last):
            return 0
        if self.head and folded[i:end - 1] != self.head:
            return 0
        return end


class PhraseIndex:
    """Finds phrases in a list of folded words, the way a reader would: left to right, each
    word used once, the first phrase that fits at a word winning ("sen support" before "sen")."""

    def __init__(self, phrases: list[tuple[str, str]]):
        """`phrases`: (label, phrase) pairs in the order they are tried at each word."""
        parsed = [_Phrase(label, text) for label, text in phrases]
        # Phrases are filed under the first letters of their first word, as many letters as
        # the shortest starred word has: a word can start a phrase only if its own first
        # letters are filed, and most words are ruled out by that one look-up.
        self._width = min((len(p.last) for p in parsed if p.stem and not p.head), default=3)
        self._by_start: dict[str, list[_Phrase]] = {}
        for p in parsed:
            first = p.head[0] if p.head else p.last
            self._by_start.setdefault(first[:self._width], []).append(p)

    def spans(self, folded: list[str]) -> list[tuple[str, int, int]]:
        """(label, start, end) for each phrase found in `folded` words, in text order."""
        width, by_start = self._width, self._by_start
        found: list[tuple[str, int, int]] = []
        free = 0  # words before this one are part of a phrase already found
        for i, word in enumerate(folded):
            phrases = by_start.get(word[:width])
            if phrases is None or i < free:
                continue
            for p in phrases:
                if p.head:
                    end = p.end(folded, i)
                else:  # one word: the usual case, checked here for speed
                    end = i + 1 if (word.startswith(p.last) if p.stem else word == p.last) else 0
                if end:
                    found.append((p.label, i, end))
                    free = end
                    break
        return found

    def find(self, folded: list[str]) -> list[tuple[str, str]]:
        """(label, matched words) for each phrase found in `folded` words, in text order."""
        found = self.spans(folded)
        return [(label, " ".join(folded[start:end])) for label, start, end in found] if found else []

    def remove(self, folded: list[str]) -> list[str]:
        """`folded` without the words of any phrase found in it (`folded` itself when none is)."""
        found = self.spans(folded)
        if not found:
            return folded
        kept: list[str] = []
        at = 0
        for _, start, end in found:
            kept += folded[at:start]
            at = end
        return kept + folded[at:]

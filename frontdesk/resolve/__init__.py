"""Resolution: what the family said or typed, turned into facts the rules engine can use."""
from __future__ import annotations

from typing import Callable

from routing_rules import AuthorityMatch, Candidate, ResolvedContact

from ..contacts.input import ContactInput
from .places import PlaceIndex
from .postcodes import district_table, lookup_postcode, parse_postcode
from .text import words
from .topics import risks_of_words, topic_of_words

__all__ = ["PlaceIndex", "resolve_authority", "resolve_contact", "resolve_keypad"]
_NO_LOCATION = AuthorityMatch(note="no postcode or place given")


def _from_codes(codes: list[str], places: PlaceIndex, via: str, sure: float, spans: str) -> AuthorityMatch:
    """One authority when `codes` name one, candidates sharing the confidence when several."""
    known = [c for c in codes if c in places.names]
    if len(known) > 1:
        known = list(dict.fromkeys(known))
    if not known:
        return AuthorityMatch(via=via, note=f"{spans} not recognised")
    if len(known) == 1:
        cand = Candidate(known[0], places.display[known[0]], sure)
        return AuthorityMatch(known[0], places.display[known[0]], sure, via, (cand,))
    share = 1.0 / len(known)
    cands = tuple(Candidate(c, places.display[c], share) for c in known)
    return AuthorityMatch(None, None, share, via, cands, note=f"{spans} spans {len(known)} authorities")


def _from_postcode(text: str, places: PlaceIndex, full_lookup) -> AuthorityMatch:
    postcode = parse_postcode(text)
    if postcode is None:
        return AuthorityMatch(note=f"'{text[:20]}' is not a UK postcode")
    answer = lookup_postcode(postcode, full_lookup)
    if answer.outside_england:
        return AuthorityMatch(via="postcode", note=f"{postcode} is in {answer.outside_england}")
    return _from_codes(list(answer.codes), places, "postcode", 1.0 if answer.exact else 0.95,
                       f"postcode district {postcode.outward}")


def resolve_keypad(districts: tuple[str, ...], places: PlaceIndex) -> AuthorityMatch:
    """The authority (or candidates) for the postcode districts a keypad entry could mean
    (see `keypad.districts_for_keys`); every candidate is kept, however many."""
    table = district_table()
    codes = [c for d in districts for c in table.get(d, ())]
    return _from_codes(codes, places, "keypad", 0.9, f"keypad postcode ({', '.join(districts) or 'none'})")


def resolve_authority(inp: ContactInput, places: PlaceIndex,
                      full_lookup: Callable[[str], str | None] | None = None) -> AuthorityMatch:
    """The family's authority from a given code, their postcode, their place name, or both.

    A postcode that spans authorities is narrowed by the place name when one is given; a
    place name is used when the postcode is missing or not understood.
    """
    if inp.local_authority and inp.local_authority in places.names:
        code = inp.local_authority
        return AuthorityMatch(code, places.display[code], 1.0, "given", (Candidate(code, places.display[code], 1.0),))
    by_postcode = _from_postcode(inp.postcode, places, full_lookup) if inp.postcode else None
    if by_postcode and by_postcode.known:
        return by_postcode
    by_place = places.resolve(inp.place) if inp.place else None
    if by_postcode and by_postcode.candidates and by_place and by_place.known:
        if by_place.code in {c.code for c in by_postcode.candidates}:
            return AuthorityMatch(by_place.code, by_place.name, 1.0, "postcode+place", by_place.candidates)
    if by_place and (by_place.known or by_place.candidates):
        return by_place
    return by_postcode or by_place or _NO_LOCATION


def resolve_contact(inp: ContactInput, places: PlaceIndex,
                    full_lookup: Callable[[str], str | None] | None = None) -> ResolvedContact:
    """Authority, topic and urgency for a contact. Urgent if asked or if any text has risk words."""
    authority = resolve_authority(inp, places, full_lookup)
    message = words(inp.message)
    topic = inp.topic or topic_of_words(message)
    risks = risks_of_words(message + words(inp.place))
    return ResolvedContact(channel=inp.channel, received_at=inp.received_at, local_authority=authority,
                           topic=topic, urgent=inp.urgent or bool(risks), risk_phrases=risks,
                           age=inp.age, language=inp.language)

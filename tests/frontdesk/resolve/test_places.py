"""Place names and speech to local authorities: real names, aliases, typos, slips and ambiguity."""
import pytest

from frontdesk.directory.snapshot import builtin_snapshot
from frontdesk.resolve import PlaceIndex


@pytest.fixture(scope="module")
def places():
    return builtin_snapshot().places


@pytest.mark.parametrize("said, code", [
    ("Birmingham", "E08000025"), ("birmingham city council", "E08000025"), ("Sutton Coldfield", "E08000025"),
    ("Harrogate", "E06000065"), ("Penzance", "E06000052"), ("Carlisle", "E06000063"), ("Kendal", "E06000064"),
    ("Taunton", "E06000066"), ("Hull", "E06000010"), ("Kingston upon Hull", "E06000010"),
    ("the London Borough of Hackney", "E09000012"), ("Royal Borough of Greenwich", "E09000011"),
    ("Newcastle upon Tyne", "E08000021"), ("Newcastle-under-Lyme", "E10000028"),
    ("newcastle under lyme", "E10000028"), ("Stoke", "E06000021"), ("Stoke-on-Trent", "E06000021"),
    ("Bristol", "E06000023"), ("Brighton", "E06000043"), ("St. Helens", "E08000013"),
    ("Sheffield", "E08000039"), ("Barnsley", "E08000038"), ("Sutton", "E09000029"),
    ("County Durham", "E06000047"), ("Durham County Council", "E06000047"),
])
def test_names_and_aliases(places, said, code):
    match = places.resolve(said)
    assert match.code == code, match
    assert match.confidence >= 0.95 and match.via == "place"


@pytest.mark.parametrize("said, code", [
    ("Birmingam", "E08000025"), ("Harrowgate", "E06000065"), ("Manchestor", "E08000003"),
    ("Leicestershre", "E10000018"), ("Nottingam", "E06000018"), ("Sutton Cold field", "E08000025"),
    ("Scarborugh", "E06000065"),
])
def test_typos_and_speech_slips(places, said, code):
    match = places.resolve(said)
    assert match.code == code, match
    assert 0.8 <= match.confidence < 1.0


@pytest.mark.parametrize("said, code", [
    ("we live in Sutton Coldfield near Birmingham", "E08000025"),
    ("um I'm calling from Harrogate", "E06000065"),
    ("it's Penzance in Cornwall", "E06000052"),
])
def test_places_inside_sentences(places, said, code):
    assert places.resolve(said).code == code


@pytest.mark.parametrize("said, codes, matched", [
    ("Newcastle", {"E08000021", "E10000028"}, "Newcastle-under-Lyme"),
    ("Richmond", {"E09000027", "E06000065"}, "Richmond"),
    ("Cumbria", {"E06000063", "E06000064"}, "Cumbria"),
    ("Kingston", {"E09000021", "E06000010"}, None),
])
def test_ambiguous_names_give_candidates(places, said, codes, matched):
    match = places.resolve(said)
    assert match.code is None and match.note == "ambiguous place name"
    assert {c.code for c in match.candidates} == codes
    if matched:
        assert matched in {c.matched for c in match.candidates}


def test_newcastle_candidates_name_the_place_and_council(places):
    by_code = {c.code: c for c in places.resolve("Newcastle").candidates}
    assert by_code["E10000028"].matched == "Newcastle-under-Lyme" and by_code["E10000028"].name == "Staffordshire"
    assert by_code["E08000021"].name == "Newcastle upon Tyne" and by_code["E08000021"].matched is None


@pytest.mark.parametrize("said", ["", "   ", "xyzzy", "I don't know", "Paris", "123"])
def test_nonsense_is_not_guessed(places, said):
    match = places.resolve(said)
    assert match.code is None and not match.candidates


def test_speech_hints_start_with_council_names(places):
    hints = places.speech_hints(limit=10000)
    assert "Birmingham" in hints[:160] and "Sutton Coldfield" in hints


def tiny_index(*aliases: str) -> PlaceIndex:
    """An index of made-up authorities, one per alias, in order: E00000001 has the first."""
    codes = [f"E{n:08d}" for n in range(1, len(aliases) + 1)]
    return PlaceIndex({code: f"Authority {n}" for n, code in enumerate(codes, 1)}, list(zip(codes, aliases)))


def test_a_slip_keeps_the_first_letter_when_it_can():
    match = tiny_index("Marden", "Hardey").resolve("Harden")     # one slip from both
    assert match.code == "E00000002" and match.confidence == pytest.approx(1 - 1 / 6)


def test_a_slip_in_the_first_letter_is_found_when_nothing_else_is_close():
    match = tiny_index("Marden", "Xylophone").resolve("Narden")
    assert match.code == "E00000001" and match.candidates[0].matched == "Marden"


def test_longer_names_may_have_two_slips():
    match = tiny_index("Wellingborough", "Wellington").resolve("Welingborugh")
    assert match.code == "E00000001" and match.confidence == pytest.approx(1 - 2 / 14)


def test_many_names_one_slip_away_are_candidates_not_a_guess():
    places = tiny_index(*(f"marde{c}" for c in "bcdfghjklm"))
    match = places.resolve("mardex")
    assert match.code is None and match.note == "ambiguous place name"
    assert [c.code for c in match.candidates] == ["E00000001", "E00000002", "E00000003", "E00000004"]
    assert match.confidence == pytest.approx((1 - 1 / 6) / 8)  # the eight closest share it

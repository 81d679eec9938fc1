"""The phone channel's small parts: keypad postcodes, callers' numbers, and how times are said."""
from datetime import datetime, timezone

import pytest

from frontdesk.resolve import resolve_keypad
from frontdesk.directory.snapshot import builtin_snapshot
from frontdesk.resolve.keypad import districts_for_keys, first_letters, keypad_form, starting_with
from frontdesk.actions.phone import speech as words
from frontdesk.directory import opening_text
from frontdesk.contacts.phone_numbers import caller_hash, caller_number


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("keys, includes, excludes", [
    ("273522", "B73", "AL1"),      # B73 5AA typed in full
    ("273", "B73", None),          # the outward code alone
    ("251", "AL1", None), ("251", "BL1", None),
    ("7912122", "SW1A", "SW1"),    # SW1A 1AA: seven keys, the last three the inward code
])
def test_keys_find_the_districts_they_could_be(keys, includes, excludes):
    found = districts_for_keys(keys)
    assert includes in found
    assert excludes not in found


@pytest.mark.parametrize("keys", ["", "2", "27352211", "273511", "2735A2", "12"])
def test_keys_that_cannot_be_a_postcode_find_nothing(keys):
    assert districts_for_keys(keys) == ()


def test_keypad_helpers():
    assert keypad_form("B73 5AA") == "273522" and keypad_form("sw1a") == "7912"
    assert first_letters(("BL1", "AL1")) == "AB" and starting_with(("AL1", "BL1"), "b") == ("BL1",)


def test_keypad_districts_resolve_to_councils():
    places = builtin_snapshot().places
    assert resolve_keypad(("BL1",), places).code == "E08000001"  # Bolton
    both = resolve_keypad(districts_for_keys("251"), places)
    assert both.code is None and {c.code for c in both.candidates} == {"E10000015", "E08000001"}
    assert resolve_keypad((), places).candidates == ()


@pytest.mark.parametrize("raw, number", [
    ("+447700900123", "+447700900123"), ("07700 900123", "+447700900123"), ("anonymous", None),
    ("+266696687", None), ("Restricted", None), ("client:alice", None), ("sip:a@b.example", None),
    ("", None), (None, None), ("12", None), ("+1" + "9" * 30, None),
])
def test_callers_numbers(raw, number):
    assert caller_number(raw) == number


def test_a_caller_hash_is_keyed_and_stable():
    one = caller_hash("+447700900123", "secret-a")
    assert one == caller_hash("+447700900123", "secret-a") != caller_hash("+447700900123", "secret-b")
    assert one != caller_hash("+447700900124", "secret-a") and "7700900123" not in one
    assert caller_hash(None, "secret-a") is None


@pytest.mark.parametrize("at, now, said", [
    ("2026-11-26T09:00:00", "2026-11-26T01:30:00", "at 9 a.m. today"),
    ("2026-11-26T09:00:00", "2026-11-25T20:00:00", "at 9 a.m. tomorrow"),
    ("2026-11-30T09:00:00", "2026-11-27T20:00:00", "at 9 a.m. on Monday the 30th of November"),
    ("2026-12-22T12:00:00", "2026-12-19T20:00:00", "at 12 noon on Tuesday the 22nd of December"),
    ("2026-12-29T09:30:00", "2026-12-24T20:00:00", "at 9:30 a.m. on Tuesday the 29th of December"),
    # After the clocks go forward, 9 a.m. in London is 08:00 UTC
    ("2027-03-29T08:00:00", "2027-03-27T20:00:00", "at 9 a.m. on Monday the 29th of March"),
    ("2026-11-25T10:00:00", "2026-11-25T11:00:00", "as soon as an advisor is free"),
])
def test_times_are_said_as_people_say_them(at, now, said):
    assert opening_text.spoken_when(utc(at), utc(now)) == said


def test_the_topic_menu_offers_every_topic_and_the_urgent_key():
    assert "1 for an EHC plan" in words.ASK_TOPIC and "or 8 for something else" in words.ASK_TOPIC
    assert "press 9" in words.ASK_TOPIC


def test_speech_hints_cover_every_council_and_its_main_place():
    from frontdesk.directory import builtin
    from frontdesk.actions.phone.journey import speech_hints
    places = builtin_snapshot().places
    hints = places.speech_hints()
    assert len(hints) == 500
    for authority in builtin.authorities():
        assert authority.display_name in hints
        assert not authority.aliases or authority.aliases[0] in hints, authority.name
    spoken = speech_hints(places).split(", ")
    assert len(spoken) == 500 and all(len(h) <= 100 for h in spoken)

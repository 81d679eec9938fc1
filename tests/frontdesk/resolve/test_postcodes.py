"""Postcodes: any written or spoken form, districts mapped to authorities, spans give candidates."""
import re

import pytest

from frontdesk.directory import builtin
from frontdesk.resolve.postcodes import COUNTRY_CODES, district_table, lookup_postcode, parse_postcode


@pytest.mark.parametrize("text, expected", [
    ("B73 5AA", "B73 5AA"), ("b735aa", "B73 5AA"), ("  b73   5aa ", "B73 5AA"), ("B73-5AA", "B73 5AA"),
    ("SW1A 1AA", "SW1A 1AA"), ("sw1a1aa", "SW1A 1AA"), ("EC1A 1BB", "EC1A 1BB"), ("W1A 0AX", "W1A 0AX"),
    ("M1 1AE", "M1 1AE"), ("CR2 6XH", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"),
    ("it's TR18 2AB thanks", "TR18 2AB"),                      # inside a sentence
    ("B seven three five A A", "B73 5AA"),                      # spoken, one word a character
    ("O X one three D P", "OX1 3DP"),
    ("B73", "B73"), ("tr18", "TR18"),                           # outward code alone
])
def test_postcodes_are_normalised(text, expected):
    assert str(parse_postcode(text)) == expected


@pytest.mark.parametrize("text", ["", "hello", "12345", "B73 5CA", "BB73 5AAA", "Birmingham", "Q1 1AA"[:0] or "ZZZZ"])
def test_non_postcodes_are_refused(text):
    assert parse_postcode(text) is None


def test_the_district_table_uses_only_english_authorities_and_country_codes():
    codes = {a.code for a in builtin.authorities()}
    table = district_table()
    assert len(table) > 2000
    for district, las in table.items():
        assert re.match(r"^[A-Z]{1,2}([0-9][0-9A-Z]?)?$", district), district
        assert las and all(c in codes or c in COUNTRY_CODES for c in las), district


def test_every_authority_has_at_least_one_postcode_district():
    covered = {c for las in district_table().values() for c in las}
    missing = [a.name for a in builtin.authorities() if a.code not in covered]
    assert missing == []


@pytest.mark.parametrize("postcode, code", [
    ("B73 5AA", "E08000025"),   # Sutton Coldfield, Birmingham
    ("HG1 1AA", "E06000065"),   # Harrogate, North Yorkshire
    ("TR18 2AB", "E06000052"),  # Penzance, Cornwall
    ("S10 2TN", "E08000039"),   # Sheffield (2025 code)
    ("CA1 1AA", "E06000063"),   # Carlisle, Cumberland
    ("LA9 4AA", "E06000064"),   # Kendal, Westmorland and Furness
    ("TA1 1AA", "E06000066"),   # Taunton, Somerset
    ("M1 1AE", "E08000003"),    # Manchester
    ("NE1 1AA", "E08000021"),   # Newcastle upon Tyne
    ("ST5 1AA", "E10000028"),   # Newcastle-under-Lyme, Staffordshire
    ("PO30 1AA", "E06000046"),  # Newport, Isle of Wight
    ("TW9 1AA", "E09000027"),   # Richmond upon Thames
    ("BH1 1AA", "E06000058"),   # Bournemouth
    ("NN1 1AA", "E06000062"),   # Northampton, West Northamptonshire
    ("HP20 1AA", "E06000060"),  # Aylesbury, Buckinghamshire
])
def test_districts_map_to_their_authority(postcode, code):
    answer = lookup_postcode(parse_postcode(postcode))
    assert answer.codes[0] == code and not answer.exact


def test_a_district_that_spans_authorities_gives_all_of_them():
    answer = lookup_postcode(parse_postcode("SE1 7PB"))
    assert set(answer.codes) >= {"E09000028", "E09000022"}  # Southwark and Lambeth


@pytest.mark.parametrize("postcode, country", [
    ("CF10 1AA", "Wales"), ("EH1 1AA", "Scotland"), ("BT1 1AA", "Northern Ireland"), ("AB10 1AA", "Scotland"),
])
def test_postcodes_outside_england_say_where_they_are(postcode, country):
    answer = lookup_postcode(parse_postcode(postcode))
    assert answer.codes == () and answer.outside_england == country


def test_a_full_postcode_from_the_ons_table_wins_over_the_district():
    answer = lookup_postcode(parse_postcode("SE1 7PB"), lambda pc: "E09000022" if pc == "SE1 7PB" else None)
    assert answer.codes == ("E09000022",) and answer.exact

"""Phone numbers: read into E.164 by one set of rules, shown in their usual form, masked for staff."""
import pytest

from frontdesk.contacts.phone_numbers import caller_number, to_e164, typed_number
from frontdesk.contacts.phone_numbers import display as phone
from frontdesk.contacts.phone_numbers import masked as masked_phone
from frontdesk.platform.refusals import ActionError


def test_numbers_are_shown_as_people_write_them():
    assert phone("+441214960025") == "0121 496 0025"
    assert phone("+442079460300") == "020 7946 0300"
    assert phone("+33123456789").startswith("+33 1")


def test_caller_numbers_are_masked_except_the_last_three_digits():
    assert masked_phone("+447700900123") == "07••• •••123"
    assert masked_phone(None) == ""


def test_numbers_are_read_into_e164_however_people_write_them():
    assert to_e164("0121 496 0025") == to_e164("+44 121 496 0025") == "+441214960025"
    with pytest.raises(ValueError, match="not a phone number"):
        to_e164("ring me")
    with pytest.raises(ValueError, match="not a possible phone number"):
        to_e164("0121 496 00251234")


def test_a_number_typed_for_us_to_ring_must_be_one_in_use_or_ofcoms_drama_mobiles():
    assert typed_number("0121 496 0025") == "+441214960025"
    assert typed_number("07700 900123") == "+447700900123"  # Ofcom's drama range: the demo caller's number
    for bad in ("07700 9001234", "12345", 447700900123, "0" * 31, "0121 496"):
        with pytest.raises(ActionError) as refused:
            typed_number(bad, field="phone")
        assert refused.value.to_json() == {"code": "invalid", "message": "that phone number doesn't look right",
                                           "field": "phone"}


def test_withheld_and_browser_callers_have_no_number_to_call_back():
    assert caller_number("+447700900123") == "+447700900123"
    for withheld in ("anonymous", "Restricted", "", None, "client:advisor-1", "sip:someone@example.org", "+266696687"):
        assert caller_number(withheld) is None

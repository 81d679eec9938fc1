"""What people see: numbers in their usual form, caller numbers masked, hours in a line."""
from frontdesk.contacts.phone_numbers import display as phone, masked as masked_phone
from frontdesk.directory.opening_text import hours_summary


def test_numbers_are_shown_as_people_write_them():
    assert phone("+441214960025") == "0121 496 0025"
    assert phone("+442079460300") == "020 7946 0300"
    assert phone("+33123456789").startswith("+33 1")


def test_caller_numbers_are_masked_except_the_last_three_digits():
    assert masked_phone("+447700900123") == "07••• •••123"
    assert masked_phone(None) == ""


def test_hours_in_a_line():
    office = {d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    assert hours_summary(office) == "Mon–Fri 09:00–17:00"
    assert hours_summary({**office, "sat": "10:00-14:00"}) == "Mon–Fri 09:00–17:00; Sat 10:00–14:00"
    assert hours_summary({d: "07:00-23:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}) == \
        "Every day 07:00–23:00"
    assert hours_summary({d: "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}) == \
        "24 hours, every day"
    assert hours_summary({}) == "Closed"

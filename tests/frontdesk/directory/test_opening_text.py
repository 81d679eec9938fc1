"""Opening times in words: weekly hours in a line for the pages."""
from frontdesk.directory.opening_text import hours_summary


def test_hours_in_a_line():
    office = {d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    assert hours_summary(office) == "Mon–Fri 09:00–17:00"
    assert hours_summary({**office, "sat": "10:00-14:00"}) == "Mon–Fri 09:00–17:00; Sat 10:00–14:00"
    assert hours_summary({d: "07:00-23:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}) == \
        "Every day 07:00–23:00"
    assert hours_summary({d: "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}) == \
        "24 hours, every day"
    assert hours_summary({}) == "Closed"

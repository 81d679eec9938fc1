"""Opening hours in Europe/London: weekdays, bank holidays, listed closures, clock changes, midnight."""
from datetime import date, datetime, timedelta, timezone

import pytest

from routing_rules.hours import HoursError, LocalMoment, OpeningHours, is_bank_holiday, parse_intervals

UTC = timezone.utc
OFFICE = OpeningHours.from_texts({d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("moment, expected", [
    ("2026-11-25 08:59", False), ("2026-11-25 09:00", True), ("2026-11-25 16:59", True),
    ("2026-11-25 17:00", False), ("2026-11-28 12:00", False),  # Saturday
    ("2026-12-25 12:00", False), ("2026-12-28 12:00", False),  # Christmas, Boxing Day substitute
    ("2026-12-29 12:00", True),
])
def test_office_hours_in_winter(moment, expected):
    assert OFFICE.is_open(at(moment)) is expected


def test_clock_changes_follow_london_time_not_utc():
    # Spring: from Sunday 29 March 2026 London is UTC+1, so 08:30 UTC on Monday is 09:30 local.
    assert not OFFICE.is_open(at("2026-03-27 08:30"))
    assert OFFICE.is_open(at("2026-03-30 08:30"))
    assert not OFFICE.is_open(at("2026-03-30 16:30"))  # 17:30 local
    # Autumn: from Sunday 25 October 2026 London is back on UTC.
    assert OFFICE.is_open(at("2026-10-23 08:30"))
    assert not OFFICE.is_open(at("2026-10-26 08:30"))


def test_intervals_past_midnight_belong_to_the_day_they_start():
    late = OpeningHours.from_texts({"fri": "22:00-02:00"}, closed_on_bank_holidays=False)
    assert late.is_open(at("2026-11-27 23:30"))       # Friday night
    assert late.is_open(at("2026-11-28 01:59"))       # small hours of Saturday
    assert not late.is_open(at("2026-11-28 02:00"))
    assert not late.is_open(at("2026-11-28 23:30"))   # Saturday night is not Friday


def test_always_open_ignores_bank_holidays():
    assert OpeningHours.always().is_open(at("2026-12-25 03:00"))


def test_listed_closures_shut_the_service():
    hours = OpeningHours.from_texts({"wed": "09:00-17:00"}, closed_dates=frozenset({date(2026, 11, 25)}))
    assert not hours.is_open(at("2026-11-25 11:00"))
    assert hours.next_opening(at("2026-11-25 11:00")) == at("2026-12-02 09:00")


def test_next_opening_skips_weekends_and_bank_holidays():
    assert OFFICE.next_opening(at("2026-11-27 18:00")) == at("2026-11-30 09:00")   # Fri -> Mon
    assert OFFICE.next_opening(at("2026-12-24 17:30")) == at("2026-12-29 09:00")   # over Christmas
    assert OFFICE.next_opening(at("2026-03-27 18:00")) == at("2026-03-30 08:00")   # 09:00 BST


def test_next_opening_is_none_for_a_service_that_never_opens():
    assert OpeningHours.from_texts({}).next_opening(at("2026-11-25 11:00")) is None


def test_bank_holidays_are_england_and_wales():
    assert is_bank_holiday(date(2026, 8, 31))        # summer bank holiday (England)
    assert not is_bank_holiday(date(2026, 8, 3))     # Scotland's summer bank holiday
    assert not is_bank_holiday(date(2026, 3, 17))    # St Patrick's Day (Northern Ireland)


@pytest.mark.parametrize("text, message", [
    ("9-5", "is not a time range"), ("25:00-26:00", "impossible"), ("09:00-09:00", "same time"),
    ("09:00-24:30", "impossible"),
])
def test_bad_hours_are_explained(text, message):
    with pytest.raises(HoursError, match=message):
        parse_intervals(text)


def test_unknown_weekday_is_refused():
    with pytest.raises(HoursError, match="unknown weekday 'monday'"):
        OpeningHours.from_texts({"monday": "09:00-17:00"})


def test_hours_round_trip_to_text():
    hours = OpeningHours.from_texts({"mon": "09:00-12:30, 13:30-17:00", "sat": "10:00-14:00"})
    assert hours.texts()["mon"] == "09:00-12:30, 13:30-17:00"
    assert hours.texts()["sun"] == "closed"


def test_a_local_moment_is_london_time_worked_out_once():
    summer = LocalMoment.of(at("2026-08-31 08:30:59"))           # bank holiday Monday, 09:30 BST
    assert (summer.day, summer.minute, summer.bank_holiday) == (date(2026, 8, 31), 9 * 60 + 30, True)
    assert LocalMoment.of(summer) is summer
    winter = LocalMoment.of(datetime(2026, 12, 1, 4, 15, tzinfo=timezone(timedelta(hours=-5))))
    assert (winter.day, winter.minute, winter.bank_holiday) == (date(2026, 12, 1), 9 * 60 + 15, False)


@pytest.mark.parametrize("moment", [
    "2026-08-31 08:30", "2026-08-31 20:00", "2026-11-27 16:59:30", "2026-11-27 23:30", "2026-11-28 01:00",
    "2026-12-24 17:30", "2026-12-25 09:00", "2026-03-29 00:30", "2026-10-25 01:30", "2026-11-30 08:59:59",
])
def test_hours_give_the_same_answers_for_a_moment_and_its_local_moment(moment):
    shop = OpeningHours.from_texts({"mon": "09:00-12:30, 13:30-17:00", "fri": "22:00-02:00", "sun": "10:00-16:00"},
                                   closed_dates=frozenset({date(2026, 12, 27)}))
    for hours in (OFFICE, shop, OpeningHours.always()):
        assert hours.is_open(LocalMoment.of(at(moment))) is hours.is_open(at(moment))
        assert hours.next_opening(LocalMoment.of(at(moment))) == hours.next_opening(at(moment))


def test_next_opening_is_later_the_same_day_or_on_a_later_open_day():
    assert OFFICE.next_opening(at("2026-11-25 08:59:30")) == at("2026-11-25 09:00")
    assert OFFICE.next_opening(at("2026-11-25 09:00:30")) == at("2026-11-26 09:00")   # 09:00 has passed
    assert OFFICE.next_opening(at("2026-08-31 07:00")) == at("2026-09-01 08:00")      # not on the bank holiday
    assert OFFICE.next_opening(at("2026-11-27 18:00"), horizon_days=2) is None        # Monday is 3 days off

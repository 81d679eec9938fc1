"""The minimum-standards scorecard, at the edges of each standard."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from frontdesk.cli import main
from frontdesk.platform.clock import parse_time
from frontdesk.reports.scorecard import Figure, build_scorecards
from frontdesk.reports.standards import StandardsError, parse_standards

from tests.support import LEEDS, HandLog

BHAM, LEEDS_IASS = "birmingham-iass", "leeds-iass"
NOW = parse_time("2026-11-26T09:00:00+00:00")
STANDARDS = parse_standards(None)


def _cards(db, month=date(2026, 10, 1), now=NOW):
    cards = build_scorecards(db, month, STANDARDS, now)
    return cards, {card.service: card for card in cards.cards}


def _answers(log, service, at, waits, unanswered=0, authority=None):
    """Contacts offered to `service` live: answered after each of `waits`, and `unanswered` more."""
    kw = {"authority": authority} if authority else {}
    for waited in waits:
        log.answered(log.contact("phone", at, service, **kw), service, "phone", waited)
    for _ in range(unanswered):
        log.event(log.contact("chat", at, service, **kw), "offered", service, 1, channel="chat")


def test_answer_rate_and_median_wait_exactly_at_the_standard_are_met(db):
    log = HandLog(db)
    _answers(log, BHAM, "2026-10-14T10:00:00+00:00", [60, 120, 120, 300], unanswered=1)  # 4 of 5: 80 %, median 120
    _answers(log, LEEDS_IASS, "2026-10-14T10:00:00+00:00", [60, 121, 130], unanswered=1, authority=LEEDS)  # 75 %, 121 s
    db.commit()
    _, cards = _cards(db)
    october = cards[BHAM].months["2026-10"]
    assert (october["answer_rate"].value, october["answer_rate"].basis, october["answer_rate"].met) == (80.0, 5, True)
    assert (october["median_wait_s"].value, october["median_wait_s"].met) == (120, True)
    leeds = cards[LEEDS_IASS].months["2026-10"]
    assert (leeds["answer_rate"].value, leeds["answer_rate"].met) == (75.0, False)
    assert (leeds["median_wait_s"].value, leeds["median_wait_s"].met) == (121, False)


def test_contacts_count_in_the_london_month_they_arrived(db):
    log = HandLog(db)
    _answers(log, BHAM, "2026-09-30T23:30:00+00:00", [30])  # 00:30 on 1 October (BST)
    _answers(log, BHAM, "2026-10-31T23:30:00+00:00", [30])  # 23:30 on 31 October (GMT again)
    _answers(log, BHAM, "2026-11-01T00:00:00+00:00", [], unanswered=1)  # November
    db.commit()
    cards, by_service = _cards(db)
    assert by_service[BHAM].months["2026-10"]["answer_rate"].basis == 2
    assert by_service[BHAM].months["2026-09"]["answer_rate"].basis == 0
    assert cards.months == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]


def test_callbacks_count_when_made_by_the_end_of_the_next_working_day(db):
    log = HandLog(db)
    cases = [  # left (UTC), first call back (UTC) or None
        ("2026-10-02T17:00:00+00:00", "2026-10-05T22:59:00+00:00"),  # Fri 18:00 -> Mon 23:59 BST: in time
        ("2026-10-02T17:00:00+00:00", "2026-10-05T23:01:00+00:00"),  # -> Tue 00:01: late
        ("2026-10-23T16:00:00+00:00", "2026-10-26T23:30:00+00:00"),  # Fri -> Mon 23:30 GMT (clocks went back): in time
        ("2026-10-14T10:00:00+00:00", None),  # never called back, long overdue: late
        ("2026-10-31T10:00:00+00:00", None),  # a Saturday: reply by the end of Monday 2 Nov
    ]
    for left, tried in cases:
        log.callback(log.contact("phone", left, BHAM), BHAM, left, tried)
    db.commit()
    _, cards = _cards(db)
    figure = cards[BHAM].months["2026-10"]["callbacks_in_time"]
    assert (figure.value, figure.basis, figure.met) == (40.0, 5, False)
    # On Monday 2 November the Saturday request is not yet due: it is left out until it is made or late.
    _, cards = _cards(db, now=parse_time("2026-11-02T12:00:00+00:00"))
    figure = cards[BHAM].months["2026-10"]["callbacks_in_time"]
    assert (figure.value, figure.basis) == (50.0, 4)
    _, cards = _cards(db, now=parse_time("2026-11-03T00:00:01+00:00"))
    assert cards[BHAM].months["2026-10"]["callbacks_in_time"].basis == 5


def test_ringing_the_advisor_or_an_advisor_who_missed_it_is_not_a_call_back(db):
    log = HandLog(db)
    contact = log.contact("phone", "2026-10-05T09:00:00+00:00", BHAM)
    log.callback(contact, BHAM, "2026-10-05T09:00:00+00:00")
    log.callback_event(contact, BHAM, "2026-10-06T15:00:00+00:00", "offered", None)  # the advisor's phone rings
    log.callback_event(contact, BHAM, "2026-10-06T15:01:00+00:00", "no_answer", "advisor_unreached")
    log.callback_event(contact, BHAM, "2026-10-07T09:30:00+00:00", "no_answer", "no_answer")  # rang the family
    db.commit()
    _, cards = _cards(db)
    figure = cards[BHAM].months["2026-10"]["callbacks_in_time"]
    assert (figure.value, figure.basis) == (0.0, 1)  # first rang the family on Wednesday: late


def test_a_bank_holiday_is_not_a_working_day(db):
    log = HandLog(db)
    # Friday 28 August 2026; Monday 31 August is the summer bank holiday: reply by the end of Tuesday.
    log.callback(log.contact("phone", "2026-08-28T16:00:00+00:00", BHAM), BHAM, "2026-08-28T16:00:00+00:00",
                 "2026-09-01T20:00:00+00:00")
    db.commit()
    _, cards = _cards(db, month=date(2026, 8, 1))
    assert cards[BHAM].months["2026-08"]["callbacks_in_time"].value == 100.0


def test_satisfaction_at_four_is_met_and_a_month_without_data_is_neither(db):
    log = HandLog(db)
    for rating in (5, 3, 4):
        log.chat(log.contact("chat", "2026-10-20T10:00:00+00:00", BHAM), BHAM, rating)
    for rating in (4, 4, 3):
        log.chat(log.contact("chat", "2026-10-20T10:00:00+00:00", LEEDS_IASS, authority=LEEDS), LEEDS_IASS, rating)
    db.commit()
    cards, by_service = _cards(db)
    assert by_service[BHAM].months["2026-10"]["satisfaction"] == Figure(4.0, 3, True)
    assert by_service[LEEDS_IASS].months["2026-10"]["satisfaction"].met is False  # 3.67
    assert by_service[BHAM].months["2026-10"]["answer_rate"].met is None
    assert by_service[BHAM].met("2026-10") == 1 and by_service[BHAM].measured("2026-10") == 1
    assert [c.service for c in cards.league()[:2]] == [BHAM, LEEDS_IASS]


def test_report_scorecard_prints_csv(runner, db):
    log = HandLog(db)
    _answers(log, BHAM, "2026-10-14T10:00:00+00:00", [30, 30, 30], unanswered=1)
    _answers(log, BHAM, "2026-09-14T10:00:00+00:00", [30], unanswered=1)
    db.commit()
    result = runner.invoke(main, ["report", "scorecard", "--month", "2026-10"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    bham = {r["standard"]: r for r in rows if r["service"] == BHAM}
    assert bham["Answer rate"] == {"month": "2026-10", "service": BHAM, "service_name": "Birmingham SENDIASS",
                                   "local_area": "Birmingham", "standard": "Answer rate", "target": ">=80",
                                   "figure": "75", "met": "no", "based_on": "4", "previous_month_figure": "50"}
    assert bham["Satisfaction"]["met"] == "no data"
    assert rows[0]["service"] == BHAM  # the league: most standards met first

    bad = runner.invoke(main, ["report", "scorecard", "--month", "October"])
    assert bad.exit_code == 2 and "write it as YYYY-MM" in bad.output


@pytest.mark.parametrize("text, message", [("answer_rate>80", "should look like"), ("speed>=3", "unknown measure"),
                                           ("satisfaction>=4,satisfaction>=3", "listed twice")])
def test_standards_that_cannot_be_read_are_named(text, message):
    with pytest.raises(StandardsError, match=message):
        parse_standards(text)
    assert [s.target_text() for s in parse_standards(None)] == ["at least 80 %", "at most 2 min", "at least 90 %",
                                                               "at least 4 of 5"]


def test_british_summer_time_spans_come_from_the_time_zone_database():
    from datetime import datetime, timezone

    from frontdesk.reports.periods import summer_spans
    utc = timezone.utc
    assert summer_spans(date(2026, 1, 1), date(2027, 12, 31)) == [
        (datetime(2026, 3, 29, 1, tzinfo=utc), datetime(2026, 10, 25, 1, tzinfo=utc)),
        (datetime(2027, 3, 28, 1, tzinfo=utc), datetime(2027, 10, 31, 1, tzinfo=utc))]

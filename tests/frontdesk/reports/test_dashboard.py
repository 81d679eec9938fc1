"""Reports on a hand-written handoff log whose right answers are known."""
from __future__ import annotations

from datetime import date

import pytest

from frontdesk.reports.dashboard import build
from frontdesk.reports.scope import Scope, ScopeError, parse_scope

from tests.support import BIRMINGHAM, LEEDS, HandLog

BHAM, NATIONAL, OOH = "birmingham-iass", "national-helpline", "out-of-hours"


@pytest.fixture
def log(db):
    """Seven contacts on 5-7 October 2026 (London is on BST: UTC+1)."""
    log = HandLog(db)
    a = log.contact("phone", "2026-10-05T09:30:00+00:00", BHAM)
    log.answered(a, BHAM, "phone", 20)
    # 23:30 UTC on the 5th is 00:30 on the 6th in London: it counts on the 6th.
    b = log.contact("phone", "2026-10-05T23:30:00+00:00", OOH, kind="out_of_hours")
    log.event(b, "offered", OOH, 5, channel="phone")
    log.event(b, "no_answer", OOH, 65)
    log.event(b, "offered", BHAM, 66, None, channel="voicemail", reason="no_answer")
    log.event(b, "completed", BHAM, 120, None, outcome="message")
    c = log.contact("chat", "2026-10-05T10:00:00+00:00", "leeds-iass", authority=LEEDS)
    log.event(c, "offered", "leeds-iass", 1, channel="chat")
    log.event(c, "no_answer", "leeds-iass", 121, channel="chat", waited_s=120)
    log.answered(c, NATIONAL, "chat", 100, target_index=1)
    log.chat(c, NATIONAL, rating=5)
    d = log.contact("chat", "2026-10-06T12:00:00+00:00", BHAM)
    log.answered(d, BHAM, "chat", 40)
    log.chat(d, BHAM, rating=3)
    e = log.contact("chat", "2026-10-06T13:00:00+00:00", BHAM)
    log.event(e, "offered", BHAM, 1, channel="chat")
    log.event(e, "abandoned", BHAM, 200, None, channel="chat", stage="waiting")
    log.chat(e, BHAM, rating=None)
    for at, waited in (("2026-10-07T09:00:00+00:00", 60), ("2026-10-07T10:00:00+00:00", 90)):
        log.answered(log.contact("phone", at, BHAM), BHAM, "phone", waited)
    db.commit()
    return log


def _tables(db, **filters):
    scope = Scope(date(2026, 10, 5), date(2026, 10, 7), **filters)
    return {table.name: table for table in build(db, scope)}


def test_contacts_per_day_count_london_days_by_channel(db, log):
    rows = _tables(db)["contacts"].rows
    assert [(r["day"], r["phone"], r["chat"], r["video"], r["total"]) for r in rows] == [
        ("2026-10-05", 1, 1, 0, 2), ("2026-10-06", 1, 2, 0, 3), ("2026-10-07", 2, 0, 0, 2)]


def test_where_contacts_were_routed_and_the_out_of_hours_share(db, log):
    tables = _tables(db)
    routed = {r["kind"]: (r["contacts"], r["share"]) for r in tables["routed"].rows}
    assert routed["Local IASS"] == (6, 85.7) and routed["Out-of-hours team"] == (1, 14.3)
    assert routed["Specialist helpline"] == (0, 0.0)
    assert [(r["day"], r["out_of_hours"], r["share"]) for r in tables["out-of-hours"].rows] == [
        ("2026-10-05", 0, 0.0), ("2026-10-06", 1, 33.3), ("2026-10-07", 0, 0.0)]


def test_answer_rate_and_median_wait_by_service(db, log):
    rows = {r["service"]: r for r in _tables(db)["answers"].rows}
    bham = rows["Birmingham SENDIASS"]
    # Offered live: a, d, e and the two on the 7th; e abandoned. Waits 20, 40, 60, 90: the median is 50.
    assert (bham["offered"], bham["answered"], bham["answer_rate"], bham["median_wait_s"]) == (5, 4, 80.0, 50)
    national = rows["National SEND helpline"]
    assert (national["offered"], national["answered"], national["answer_rate"], national["median_wait_s"]) == \
        (1, 1, 100.0, 100)
    leeds = rows["Leeds SENDIASS"]
    assert (leeds["offered"], leeds["answered"], leeds["answer_rate"], leeds["median_wait_s"]) == (1, 0, 0.0, None)


def test_phone_answers_logged_before_they_carried_a_channel_still_count(db, log):
    old = log.contact("phone", "2026-10-07T11:00:00+00:00", BHAM)
    log.event(old, "offered", BHAM, 5, channel="phone")
    log.event(old, "answered", BHAM, 300, duration_s=280)  # as the phone line logged it until November 2026
    db.commit()
    bham = {r["service"]: r for r in _tables(db)["answers"].rows}["Birmingham SENDIASS"]
    assert (bham["offered"], bham["answered"], bham["median_wait_s"]) == (6, 5, 50)


def test_fallbacks_abandoned_and_satisfaction(db, log):
    tables = _tables(db)
    fallbacks = {r["service"]: (r["next"], r["message"]) for r in tables["fallbacks"].rows}
    assert fallbacks == {"National SEND helpline": (1, 0), "Birmingham SENDIASS": (0, 1)}
    assert [(r["day"], r["abandoned"], r["rate"]) for r in tables["abandoned"].rows] == [
        ("2026-10-05", 0, 0.0), ("2026-10-06", 1, 33.3), ("2026-10-07", 0, 0.0)]
    scores = {r["service"]: (r["ratings"], r["average"], r["s3"], r["s5"]) for r in tables["satisfaction"].rows}
    assert scores == {"National SEND helpline": (1, 5.0, 0, 1), "Birmingham SENDIASS": (1, 3.0, 1, 0)}


def test_filters_narrow_every_report(db, log):
    chat = _tables(db, channel="chat")
    assert [r["total"] for r in chat["contacts"].rows] == [1, 2, 0]
    bham = {r["service"]: r for r in chat["answers"].rows}["Birmingham SENDIASS"]
    assert (bham["offered"], bham["answered"], bham["median_wait_s"]) == (2, 1, 40)

    leeds = _tables(db, authority=LEEDS)
    assert [r["total"] for r in leeds["contacts"].rows] == [1, 0, 0]
    assert {r["service"] for r in leeds["answers"].rows} == {"National SEND helpline", "Leeds SENDIASS"}

    national = _tables(db, service=NATIONAL)
    assert [r["total"] for r in national["contacts"].rows] == [1, 0, 0]
    assert [r["service"] for r in national["answers"].rows] == ["National SEND helpline"]
    assert [r["service"] for r in national["satisfaction"].rows] == ["National SEND helpline"]


def test_csv_holds_the_same_numbers_as_the_table(db, log):
    table = _tables(db)["answers"]
    lines = table.csv_text().splitlines()
    assert lines[0] == "Service,Offered,Answered,Answer rate,Median wait"
    assert "Birmingham SENDIASS,5,4,80.0,50" in lines
    assert "Leeds SENDIASS,1,0,0.0," in lines
    chart = table.chart_json()
    assert chart["labels"][0] == "Birmingham SENDIASS" and chart["series"][0]["data"][0] == 80.0


def test_a_scope_that_cannot_be_used_gets_a_plain_message():
    today = date(2026, 11, 26)
    scope = parse_scope({}, today, set(), set())
    assert (scope.first_day, scope.last_day) == (date(2026, 10, 30), today)
    for args, message in (({"from": "2026-13-01"}, "not a date"), ({"from": "2026-11-20", "to": "2026-11-01"}, "after"),
                          ({"from": "2024-01-01"}, "at most 366 days"), ({"channel": "fax"}, "unknown channel"),
                          ({"to": "9999-12-31"}, "between 2000 and 2100"),
                          ({"service": "nope"}, "unknown service"), ({"authority": "E0"}, "unknown local authority")):
        with pytest.raises(ScopeError, match=message):
            parse_scope(args, today, {"birmingham-iass"}, {BIRMINGHAM})


def test_retention_keeps_every_figure_the_reports_show(db, log):
    from sqlalchemy import select, update

    from frontdesk.platform.clock import parse_time
    from frontdesk.actions.retention import do_run_retention
    from frontdesk.models import Chat, Contact, HandoffEvent
    for contact in db.query(Contact):
        contact.given = {"postcode": "B73 5AA", "message": "about my son"}
    for chat in db.query(Chat):
        chat.family_name = "Sam"
    events = HandoffEvent.__table__
    for row_id, detail in db.execute(select(events.c.id, events.c.detail)).all():  # an advisor's note on each
        db.execute(update(events).where(events.c.id == row_id).values(detail={**detail, "note": "about her son"}))
    db.commit()
    before = [(t.name, t.rows) for t in build(db, Scope(date(2026, 10, 5), date(2026, 10, 7)))]
    wiped = do_run_retention(db, parse_time("2027-06-01T00:00:00+00:00"), keep_days=90, returning_days=30).counts
    db.commit()
    assert (wiped["contacts"], wiped["chats"], wiped["notes"]) == (7, 3, len(db.scalars(select(events.c.id)).all()))
    assert {d.get("note") for d in db.scalars(select(events.c.detail))} == {""}
    assert [(t.name, t.rows) for t in build(db, Scope(date(2026, 10, 5), date(2026, 10, 7)))] == before

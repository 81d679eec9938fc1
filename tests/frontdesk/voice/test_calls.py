"""Whole calls through the signed Twilio webhooks, as a family would make them.

The clock starts on Wednesday 25 November 2026 at 11:00 in London (all services open).
"""
from sqlalchemy import select

from frontdesk.models import CallbackRequest, PhoneCall, Service
from tests.support import FREEPHONE

from tests.support import MUM, call_events as events, find, verbs

BIRMINGHAM_IASS = "+441214960085"
NATIONAL = "+442079460300"
OUT_OF_HOURS = "+442079460400"
URGENT = "+442079460999"


def test_a_known_postcode_in_hours_rings_the_local_iass(phone, db):
    phone.call()
    gather = find(phone.twiml, "Gather")
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "en-GB"
    assert "Sutton Coldfield" in gather.get("hints") and "Birmingham" in gather.get("hints")
    assert "privacy" not in phone.said and "we only share it" in phone.lines[0]

    phone.do("say", "it's B73 5AA")
    assert "Birmingham" in phone.said
    menu = find(phone.twiml, "Gather")
    assert menu.get("numDigits") == "1" and "press 1 for an EHC plan" in phone.said

    phone.do("press", "1")
    dial = find(phone.twiml, "Dial")
    assert find(dial, "Number").text == BIRMINGHAM_IASS
    assert dial.get("callerId") == FREEPHONE and dial.get("timeout") == "30"
    assert dial.get("action").startswith("/voice/dialled?n=")
    assert "Birmingham SENDIASS" in phone.said
    assert events(db, phone.sid) == [("offered", "birmingham-iass", 0)]

    phone.do("answer", "600")
    assert verbs(phone.twiml)[-1] == "Hangup"
    assert events(db, phone.sid) == [("offered", "birmingham-iass", 0), ("answered", "birmingham-iass", 0),
                                     ("completed", "birmingham-iass", None)]
    call = db.scalar(select(PhoneCall).where(PhoneCall.call_sid == phone.sid))
    assert call.outcome == "answered" and call.duration_s > 600 and call.ended_at is not None
    assert call.contact.authority_code == "E08000025" and call.contact.topic == "ehc_plan"


def test_an_ambiguous_place_is_asked_about(phone, db):
    phone.call().do("say", "Newcastle")
    gather = find(phone.twiml, "Gather")
    assert gather.get("numDigits") == "1"
    assert "Newcastle upon Tyne" in phone.said and "Newcastle-under-Lyme in Staffordshire" in phone.said
    phone.do("say", "the Staffordshire one")
    assert "That's Staffordshire" in phone.said
    phone.do("press", "8")
    assert find(find(phone.twiml, "Dial"), "Number").text == db.get(Service, "staffordshire-iass").phone
    contact = db.scalar(select(PhoneCall).where(PhoneCall.call_sid == phone.sid)).contact
    assert contact.given["local_authority"] == "E10000028"


def test_no_answer_moves_on_to_the_next_target(phone, db):
    phone.call().do("say", "Harrogate").do("press", "2").do("no-answer")
    assert find(find(phone.twiml, "Dial"), "Number").text == NATIONAL
    assert "can't take your call" in phone.said
    phone.do("busy")
    assert find(find(phone.twiml, "Dial"), "Number").text == OUT_OF_HOURS
    phone.do("fail")
    assert phone.waiting == "record"  # nobody left: take a message
    assert events(db, phone.sid) == [
        ("offered", "north-yorkshire-iass", 0), ("no_answer", "north-yorkshire-iass", 0),
        ("offered", "national-helpline", 1), ("busy", "national-helpline", 1),
        ("offered", "out-of-hours", 2), ("failed", "out-of-hours", 2),
        ("offered", "north-yorkshire-iass", None)]


def test_when_everyone_is_closed_the_family_leaves_a_message_for_a_callback(phone, db, clock):
    clock.set("2026-11-26T01:30:00Z")  # Thursday, half past one in the morning
    phone.call().do("say", "Penzance").do("say", "she has been excluded")
    record = find(phone.twiml, "Record")
    assert record.get("maxLength") == "120" and record.get("finishOnKey") == "#"
    assert record.get("recordingStatusCallback") == "/voice/recording"
    assert "Cornwall SENDIASS" in phone.said and "from 9 a.m. today" in phone.said
    request = db.scalar(select(CallbackRequest))
    assert request.phone == MUM and request.service_id == "cornwall-iass"
    assert request.due_at.isoformat() == "2026-11-26T09:00:00+00:00"

    phone.do("message", "Hello, it's Sam, my daughter was excluded on Monday")
    assert "Your message has been saved" in phone.said and verbs(phone.twiml)[-1] == "Hangup"
    db.commit()
    db.refresh(request)
    assert request.recording_url.startswith("https://api.twilio.com/") and request.recording_duration_s > 0
    assert events(db, phone.sid) == [("offered", "cornwall-iass", None), ("completed", "cornwall-iass", None)]


def test_a_friday_evening_call_hears_when_the_local_service_opens(phone, clock):
    clock.set("2026-11-27T20:30:00Z")  # Friday 20:30: only the out-of-hours team is open
    phone.call().do("say", "Leeds").do("press", "2")
    assert "Leeds SENDIASS is closed at the moment; it opens at 9 a.m. on Monday the 30th of November" in phone.said
    assert find(find(phone.twiml, "Dial"), "Number").text == OUT_OF_HOURS


def test_risk_words_go_straight_to_the_urgent_line(phone, db):
    phone.call().do("say", "I'm frightened he's going to hurt himself")
    dial = find(phone.twiml, "Dial")
    assert find(dial, "Number").text == URGENT and dial.get("timeout") == "60"
    assert "call 999 now" in phone.said
    call = db.scalar(select(PhoneCall).where(PhoneCall.call_sid == phone.sid))
    assert call.contact.urgent is True and call.decision.rule == "urgent"


def test_pressing_9_at_the_menu_is_urgent_too(phone):
    phone.call().do("say", "Leeds").do("press", "9")
    assert find(find(phone.twiml, "Dial"), "Number").text == URGENT


def test_pressing_0_puts_the_caller_through_at_once(phone):
    phone.call().do("press", "0")
    assert find(find(phone.twiml, "Dial"), "Number").text == NATIONAL


def test_two_misses_carry_on_without_a_location(phone, db):
    phone.call().do("say", "xyzzy")
    assert "Sorry, I didn't catch that" in phone.said and find(phone.twiml, "Gather") is not None
    phone.do("silence")
    assert "We'll carry on" in phone.said and "What is your call about" in phone.said
    phone.do("silence").do("silence")  # no topic either: routed as "other"
    assert find(find(phone.twiml, "Dial"), "Number").text == NATIONAL


def test_a_postcode_typed_on_the_keypad(phone, db):
    phone.call().do("press", "273522#")  # B73 5AA, each letter by its key
    assert "Did you mean Birmingham" in phone.said  # 273 is also BR3, BS3 and CR3
    phone.do("press", "1").do("press", "2")
    assert find(find(phone.twiml, "Dial"), "Number").text == BIRMINGHAM_IASS


def test_a_keypad_postcode_that_fits_many_places_asks_for_its_first_letter(phone):
    phone.call().do("press", "221322#")  # B21, BA1, BB1, CA1 or CB1
    assert "Which letter does your postcode start with? Press 1 for B, 2 for C." in phone.said
    phone.do("press", "2")
    assert "Did you mean Cumberland, or Cambridgeshire?" in phone.said


def test_a_returning_caller_is_offered_the_area_they_gave_without_it_being_said(phone, db, clock):
    phone.call().do("say", "Harrogate").do("press", "1").do("answer", "60")
    clock.set("2026-11-28T10:00:00Z")
    phone.call()
    assert "Are you calling about the same area as last time?" in phone.said
    assert "North Yorkshire" not in phone.said  # whoever holds the phone now may not be that family
    phone.do("press", "1")
    assert "What is your call about" in phone.said and "North Yorkshire" not in phone.said
    call = db.scalars(select(PhoneCall).order_by(PhoneCall.id)).all()[-1]
    db.refresh(call.contact)
    assert call.contact.given["local_authority"] == "E06000065"  # routed for North Yorkshire all the same
    calls = db.scalars(select(PhoneCall)).all()
    assert len(calls) == 2 and calls[0].caller_hash == calls[1].caller_hash
    assert MUM not in calls[0].caller_hash and len(calls[0].caller_hash) == 64


def test_a_returning_caller_can_give_a_new_area(phone, clock):
    phone.call().do("say", "Harrogate").do("press", "1").do("answer", "60")
    phone.call().do("say", "no, we've moved to Leeds")
    assert "That's Leeds" in phone.said


def test_a_caller_from_long_ago_or_withheld_is_not_recognised(phone, clock):
    phone.call().do("say", "Harrogate").do("press", "1").do("answer", "60")
    clock.set("2027-01-30T10:00:00Z")  # more than 30 days later
    phone.call()
    assert "Where do you live" in phone.said.replace("where", "Where")
    phone.call("anonymous")
    assert "same area as last time" not in phone.said


def test_a_withheld_number_is_asked_to_leave_a_number(phone, db, clock):
    clock.set("2026-11-26T01:30:00Z")
    phone.call("anonymous").do("press", "0")
    assert "Your number is withheld, so please say a phone number" in phone.said
    assert db.scalar(select(CallbackRequest)).phone is None


def test_hanging_up_during_the_questions_is_logged_as_abandoned(phone, db):
    phone.call().do("say", "Leeds").do("hangup")
    assert events(db, phone.sid) == [("abandoned", None, None)]
    call = db.scalar(select(PhoneCall).where(PhoneCall.call_sid == phone.sid))
    assert call.outcome == "abandoned" and call.stage == "topic"


def test_hanging_up_while_ringing_is_abandoned(phone, db):
    phone.call().do("say", "Leeds").do("press", "3").do("hangup")
    assert events(db, phone.sid) == [("offered", "leeds-iass", 0), ("abandoned", "leeds-iass", 0)]


def test_the_callers_number_is_kept_only_in_the_callback_request(phone, db, clock):
    clock.set("2026-11-26T01:30:00Z")
    phone.call().do("say", "Leeds").do("press", "3").do("message", "please ring me")
    from frontdesk.extensions import db as _db
    for table in _db.metadata.sorted_tables:
        for row in db.execute(select(table)).mappings():
            holding = [k for k, v in row.items() if isinstance(v, str) and "7700900123" in v]
            assert not holding or table.name == "callback_requests", (table.name, holding)


def test_staff_see_the_callback_with_the_number_masked(phone, client, db, clock):
    from frontdesk.actions.staff import do_create_staff as create_staff, do_issue_token as issue_token
    clock.set("2026-11-26T01:30:00Z")
    phone.call().do("say", "Leeds").do("press", "3").do("message", "please ring me about the exclusion")
    advisor = create_staff(db, "l@example.org", "L", "advisor", "a-long-password", "leeds-iass")
    token = issue_token(db, advisor)
    db.commit()
    contact_id = db.scalar(select(PhoneCall.contact_id))
    body = client.get(f"/api/v1/contacts/{contact_id}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body["callback"]["phone"] == "07••• •••123" and body["callback"]["service"] == "leeds-iass"
    assert body["callback"]["message"]["duration_s"] > 0
    assert "7700900123" not in str(body)


def test_a_returning_caller_can_answer_in_words(phone):
    phone.call().do("say", "Harrogate").do("press", "1").do("answer", "60")
    phone.call().do("say", "yes that's right")
    assert "What is your call about" in phone.said and "North Yorkshire" not in phone.said
    phone.call().do("say", "no")
    assert "where do you live" in phone.said
    phone.call().do("say", "yes, no, I mean")  # both: ask again rather than guess
    assert "Are you calling about the same area as last time?" in phone.said


def test_callers_numbers_and_messages_are_purged_after_the_retention_period(phone, db, clock, runner):
    from frontdesk.cli import main
    clock.set("2026-11-26T01:30:00Z")
    phone.call().do("say", "Leeds").do("press", "3").do("message", "please ring me")
    clock.set("2027-01-20T09:00:00Z")  # 55 days on: the callback is still kept
    first = runner.invoke(main, ["calls", "purge"]).output
    assert "of 0 callback requests" in first and "the caller hash of 1 call." in first
    db.commit()
    assert db.scalar(select(CallbackRequest.phone)) == MUM
    clock.set("2027-03-01T09:00:00Z")  # more than 90 days on
    dry = runner.invoke(main, ["retention", "run", "--dry-run"]).output
    assert dry.startswith("Would wipe the contact details and messages of 1 callback request,")
    assert "It would delete 1 voicemail at Twilio." in dry
    db.commit()
    assert db.scalar(select(CallbackRequest.phone)) == MUM  # a dry run changes nothing
    assert "of 1 callback request," in runner.invoke(main, ["retention", "run"]).output
    db.commit()
    request = db.scalar(select(CallbackRequest))
    assert request.phone is None and request.recording_url is None and request.due_at is not None
    assert db.scalar(select(PhoneCall.caller_hash)) is None
    assert events(db, phone.sid)[-1][0] == "completed"  # the log itself stays


def test_the_reports_count_an_answered_call_and_how_long_it_rang(phone, db, clock):
    from datetime import date, timedelta

    from frontdesk.reports.dashboard import answers
    from frontdesk.reports.scope import Scope
    phone.call().do("say", "B73 5AA").do("press", "1")
    clock.set(clock() + timedelta(seconds=618))  # it rang for 18 s, then they talked for 10 minutes
    phone.do("answer", "600")
    rows = {r["service"]: r for r in answers(db, Scope(date(2026, 11, 25), date(2026, 11, 25))).rows}
    assert rows["Birmingham SENDIASS"] == {"service": "Birmingham SENDIASS", "offered": 1, "answered": 1,
                                           "answer_rate": 100.0, "median_wait_s": 18}

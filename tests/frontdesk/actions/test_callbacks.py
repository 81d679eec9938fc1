"""Callbacks: from a voicemail or an offline chat message to the right service's console list,
claimed by one advisor, called back through Twilio (the SDK's requests recorded, not sent)."""
from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.platform.refusals import ActionError
from frontdesk.actions.callbacks import do_claim_callback as claim
from frontdesk.models import CallbackRequest, HandoffEvent, StaffUser
from frontdesk.platform.transactions import begin_writing
from tests.support import FREEPHONE
from tests.support import Phone, post_signed

from tests.support import ACCOUNT

BEN_PHONE = "+441214960999"


def _offline_message(family, clock, **details) -> int:
    """A Birmingham family who chats on Saturday night and leaves a message: returns the request id."""
    clock.set("2026-11-28T23:30:00+00:00")
    tab = family()
    tab.start(name="Priya")
    ack = tab.emit("offline_message", {"name": "Priya", "message": "Please ring me about the annual review",
                                       **(details or {"phone": "0121 496 0000"})})
    assert ack["ok"], ack
    return ack["conversation"]["id"]


def _request(own_session: Session) -> CallbackRequest:
    own_session.rollback()
    return own_session.scalar(select(CallbackRequest))


def _ready(own_session, clock, staff) -> None:
    clock.set("2026-11-30T09:05:00+00:00")  # Monday: Birmingham SENDIASS is open
    own_session.get(StaffUser, staff["ben"]).phone = BEN_PHONE
    own_session.commit()


def test_a_voicemail_reaches_the_services_console_list_when_it_opens(app, own_session, advisor, clock):
    clock.set("2026-11-28T23:30:00+00:00")  # Saturday night
    ben, sid = advisor("ben"), advisor("sid")
    assert sid.events("callbacks") == [{"due": [], "later": []}]  # on connecting
    caller = Phone(app).call().do("say", "Sutton Coldfield").do("press", "1")  # closed: asked for a message
    ben.events("callbacks")
    caller.do("message", "Please ring me back")  # the recording webhooks
    arrived = ben.latest("callbacks")
    assert arrived["due"] == [] and len(arrived["later"]) == 1
    later = arrived["later"][0]
    assert (later["area"], later["channel"], later["reason"], later["due_at"]) == (
        "Birmingham", "phone", "closed", "2026-11-30T09:00:00+00:00")
    assert later["recording"]["duration_s"] >= 1 and later["recording"]["url"] is None  # no Twilio here to play it
    assert later["phone"].startswith("07") and "•" in later["phone"]  # masked
    assert sid.events("callbacks") == []  # Sutton's console hears nothing of it

    clock.set("2026-11-30T09:01:00+00:00")
    monday = advisor("bea")
    assert [c["id"] for c in monday.latest("callbacks")["due"]] == [later["id"]]


def test_an_offline_chat_message_is_listed_with_its_message_and_only_one_advisor_can_claim_it(
        app, own_session, family, advisor, clock, staff):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben, bea, sid = advisor("ben"), advisor("bea"), advisor("sid")
    due = ben.latest("callbacks")["due"]
    assert [(c["channel"], c["name"], c["message"]) for c in due] == [  # her question, then what she added
        ("chat", "Priya", "My son's EHC plan review is late\n\nPlease ring me about the annual review")]
    assert sid.latest("callbacks") == {"due": [], "later": []}
    assert sid.emit("claim_callback", {"callback": due[0]["id"]})["error"]["code"] == "not_found"
    assert ben.emit("claim_callback", {"callback": due[0]["id"]})["ok"]
    refused = bea.emit("claim_callback", {"callback": due[0]["id"]})
    assert refused["error"] == {"code": "taken", "message": "Ben (Birmingham SENDIASS) has this callback"}
    assert bea.latest("callbacks")["due"][0]["claimed_by"]["name"] == "Ben (Birmingham SENDIASS)"


def test_two_claims_at_the_same_moment_one_wins(app, own_session, family, advisor, clock, staff):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    engine, ready, results = own_session.get_bind(), threading.Barrier(2), {}

    def claim_as(key: str) -> None:
        with app.app_context(), Session(engine) as session:
            ready.wait()  # both start together, as two workers would
            begin_writing(session)
            try:
                claim(session, session.get(StaffUser, staff[key]), session.scalar(select(CallbackRequest)), clock.at)
                session.commit()
                results[key] = "won"
            except ActionError as exc:
                session.rollback()
                results[key] = exc.code
    threads = [threading.Thread(target=claim_as, args=(key,)) for key in ("ben", "bea")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["taken", "won"]
    winner = next(key for key, result in results.items() if result == "won")
    assert _request(own_session).claimed_by_id == staff[winner]


def test_call_back_rings_the_advisor_first_then_dials_the_family_with_the_freephone_number(
        app, own_session, family, advisor, clock, staff, twilio):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    ben.emit("claim_callback", {"callback": callback})
    calling = ben.emit("call_back", {"callback": callback})
    assert calling["ok"] and calling["callback"]["status"] == "calling"
    assert twilio.sent == [{
        "method": "POST", "url": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Calls.json",
        "auth": (ACCOUNT, app.config["TWILIO_AUTH_TOKEN"]),
        "data": {"To": BEN_PHONE, "From": FREEPHONE, "Timeout": 30,
                 "Url": f"http://localhost/voice/callbacks/{callback}/advisor?attempt=1",
                 "StatusCallback": f"http://localhost/voice/callbacks/{callback}/status?attempt=1",
                 "StatusCallbackEvent": ["completed"]}}]

    answer = post_signed(app.test_client(), f"/voice/callbacks/{callback}/advisor?attempt=1",
                         {"CallSid": "CA" + "1" * 32, "CallStatus": "in-progress"})
    twiml = ET.fromstring(answer.data)
    said = twiml.find("Say").text
    assert "You are calling back Priya in Birmingham, about an EHC plan or needs assessment" in said
    dial = twiml.find("Dial")
    assert (dial.find("Number").text, dial.get("callerId")) == ("+441214960000", FREEPHONE)
    assert dial.get("action") == f"/voice/callbacks/{callback}/dialled?attempt=1"

    post_signed(app.test_client(), f"/voice/callbacks/{callback}/dialled?attempt=1",
                {"CallSid": "CA" + "1" * 32, "DialCallStatus": "completed", "DialCallDuration": "310"})
    request = _request(own_session)
    assert (request.status, request.outcome, request.attempts) == ("done", "connected", 1)
    kinds = [(e.kind, e.detail.get("outcome")) for e in own_session.scalars(
        select(HandoffEvent).where(HandoffEvent.contact_id == request.contact_id,
                                   HandoffEvent.detail["channel"].as_string() == "callback").order_by(HandoffEvent.id))]
    assert kinds == [("offered", None), ("answered", "connected")]
    assert ben.latest("callbacks") == {"due": [], "later": []}


def test_an_unreached_family_is_tried_again_then_gets_a_final_message(app, own_session, family, advisor, clock, staff, twilio):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    for attempt in (1, 2, 3):
        assert ben.emit("claim_callback", {"callback": callback})["ok"], attempt
        assert ben.emit("call_back", {"callback": callback})["ok"]
        dialled = {"CallSid": f"CA{attempt:032d}", "DialCallStatus": "no-answer"}
        said = post_signed(app.test_client(), f"/voice/callbacks/{callback}/dialled?attempt={attempt}", dialled)
        post_signed(app.test_client(), f"/voice/callbacks/{callback}/dialled?attempt={attempt}", dialled)  # a retry
        request = _request(own_session)
        assert request.attempts == attempt
        if attempt < 3:
            assert b"try again later" in said.data
            assert (request.status, request.next_try_at) == ("open", clock.at + timedelta(minutes=60))
            assert ben.latest("callbacks")["later"][0]["attempts"] == attempt  # off the due list until then
            clock.set(clock.at + timedelta(minutes=61))
            own_session.rollback()
    assert (request.status, request.outcome) == ("done", "unreached")
    final = twilio.sent[-1]
    assert final["data"]["To"] == "+441214960000" and final["data"]["MachineDetection"] == "DetectMessageEnd"
    assert final["data"]["Url"] == f"http://localhost/voice/callbacks/{callback}/final"
    message = post_signed(app.test_client(), f"/voice/callbacks/{callback}/final", {"CallSid": "CA" + "9" * 32})
    assert b"We tried to call you back" in message.data and b"0808 157 0123" in message.data


def test_an_advisor_who_misses_their_own_phone_costs_the_family_nothing(app, own_session, family, advisor, clock, staff,
                                                                        twilio):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    ben.emit("claim_callback", {"callback": callback})
    ben.emit("call_back", {"callback": callback})
    post_signed(app.test_client(), f"/voice/callbacks/{callback}/status?attempt=1",
                {"CallSid": "CA" + "1" * 32, "CallStatus": "no-answer"})
    request = _request(own_session)
    assert (request.status, request.attempts, request.outcome, request.claimed_by_id) == (
        "claimed", 0, "advisor_unreached", staff["ben"])


def test_without_twilio_the_advisor_calls_from_their_own_phone_and_records_the_outcome(
        app, own_session, family, advisor, clock, staff):
    _offline_message(family, clock, email="priya@example.org")
    _ready(own_session, clock, staff)
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    assert ben.emit("call_back", {"callback": callback})["error"]["code"] == "not_claimed"
    ben.emit("claim_callback", {"callback": callback})
    assert ben.emit("call_back", {"callback": callback})["error"]["code"] == "not_configured"
    assert ben.emit("callback_outcome", {"callback": callback, "outcome": "sent a fax"})["error"]["code"] == "invalid"
    assert ben.emit("callback_outcome", {"callback": callback, "outcome": "emailed", "note": "Sent the review guide"})["ok"]
    assert (_request(own_session).status, _request(own_session).outcome) == ("done", "emailed")


def test_an_advisors_own_number_is_checked(advisor):
    ben = advisor("ben")
    assert ben.emit("set_phone", {"phone": "12345"})["error"]["field"] == "phone"
    assert ben.emit("set_phone", {"phone": "0121 496 0999"}) == {"ok": True, "phone": "0121 496 0999"}


def test_only_the_advisor_holding_a_request_sees_the_full_number(app, own_session, family, advisor, clock, staff):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben, bea = advisor("ben"), advisor("bea")
    callback = ben.latest("callbacks")["due"][0]
    assert callback["phone"] == "01•• ••• •000"
    assert ben.emit("callback_number", {"callback": callback["id"]})["error"]["code"] == "not_claimed"
    ben.emit("claim_callback", {"callback": callback["id"]})
    assert ben.emit("callback_number", {"callback": callback["id"]}) == {"ok": True, "number": "0121 496 0000"}
    assert bea.emit("callback_number", {"callback": callback["id"]})["error"]["code"] == "not_claimed"


def test_a_call_whose_webhooks_never_came_can_be_finished_by_hand(app, own_session, family, advisor, clock, staff, twilio):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    ben.emit("claim_callback", {"callback": callback})
    assert ben.emit("call_back", {"callback": callback})["callback"]["status"] == "calling"
    assert ben.emit("callback_outcome", {"callback": callback, "outcome": "connected"})["ok"]
    post_signed(app.test_client(), f"/voice/callbacks/{callback}/dialled?attempt=1",
                {"CallSid": "CA" + "1" * 32, "DialCallStatus": "no-answer"})  # arrives late: changes nothing
    request = _request(own_session)
    assert (request.status, request.outcome, request.attempts) == ("done", "connected", 1)


def test_a_voicemail_due_for_deletion_is_deleted_at_twilio_too(app, own_session, clock, twilio, runner):
    from frontdesk.cli import main
    clock.set("2026-11-28T23:30:00+00:00")
    Phone(app).call().do("say", "Sutton Coldfield").do("press", "1").do("message", "Please ring me back")
    sid = _request(own_session).recording_sid
    own_session.rollback()
    clock.set("2027-03-01T09:00:00+00:00")  # past the 90 days
    assert "Deleted 1 voicemail at Twilio." in runner.invoke(main, ["retention", "run"]).output
    assert twilio.sent[-1]["method"] == "DELETE"
    assert twilio.sent[-1]["url"] == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{sid}.json"
    request = _request(own_session)
    assert (request.recording_sid, request.recording_url, request.phone) == (None, None, None)


def test_when_twilio_refuses_the_call_the_advisor_is_told_and_still_holds_the_callback(
        own_session, family, advisor, clock, staff, twilio):
    _offline_message(family, clock)
    _ready(own_session, clock, staff)
    ben = advisor("ben")
    callback = ben.latest("callbacks")["due"][0]["id"]
    ben.emit("claim_callback", {"callback": callback})
    twilio.refusing = 1
    refused = ben.emit("call_back", {"callback": callback})
    assert refused["ok"] is False and refused["error"]["code"] == "call_failed"
    assert "Twilio could not place the call" in refused["error"]["message"]
    request = _request(own_session)
    assert (request.status, request.claimed_by_id, request.attempts, request.call_sid) == ("claimed", staff["ben"], 0,
                                                                                         None)
    assert ben.latest("callbacks")["due"][0]["status"] == "claimed"  # the list is put right at once
    assert not own_session.scalars(select(HandoffEvent).where(  # no try is counted: nothing rang
        HandoffEvent.detail["channel"].as_string() == "callback")).all()
    assert ben.emit("call_back", {"callback": callback})["ok"]  # and the advisor can simply try again
    assert _request(own_session).call_sid == "CA" + "2".zfill(32)

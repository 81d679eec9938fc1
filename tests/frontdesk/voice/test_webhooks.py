"""The webhooks as Twilio meets them: signatures, retries, and whatever odd input arrives."""
import logging
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from frontdesk.models import CallbackRequest, Contact, HandoffEvent, PhoneCall
from frontdesk.actions.phone import calls
from frontdesk.platform.twilio_webhooks import sign
from tests.support import TWILIO_TOKEN

from tests.support import MUM, call_events as events, find, post_signed, verbs

CALL = {"CallSid": "CA" + "1" * 32, "AccountSid": "AC" + "0" * 32, "From": MUM, "To": "+448081570123",
        "CallStatus": "ringing", "Direction": "inbound"}


def twiml(answer) -> ET.Element:
    assert answer.status_code == 200 and answer.mimetype == "text/xml", answer.get_data(as_text=True)
    return ET.fromstring(answer.get_data(as_text=True))


def test_an_unsigned_request_is_refused_and_logged(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="frontdesk.platform.twilio_webhooks"):
        answer = client.post("/voice/incoming", data=CALL)
    assert answer.status_code == 403 and "signed by Twilio" in answer.get_json()["error"]
    assert "refused a voice webhook" in caplog.text
    assert db.scalar(select(func.count()).select_from(Contact)) == 0


@pytest.mark.parametrize("token, base", [("someone-elses-token", "http://localhost"),
                                         (TWILIO_TOKEN, "http://evil.example")])
def test_a_wrongly_signed_request_is_refused(client, token, base):
    answer = client.post("/voice/incoming", data=CALL, base_url="http://localhost",
                         headers={"X-Twilio-Signature": sign(base + "/voice/incoming", CALL, token)})
    assert answer.status_code == 403


def test_a_request_signed_with_other_parameters_is_refused(client):
    signature = sign("http://localhost/voice/incoming", CALL, TWILIO_TOKEN)
    answer = client.post("/voice/incoming", data={**CALL, "From": "+447700900999"},
                         headers={"X-Twilio-Signature": signature})
    assert answer.status_code == 403


def test_behind_a_proxy_the_public_url_is_what_twilio_signed(app, client):
    app.config["PUBLIC_URL"] = "https://helpline.example.org"
    signature = sign("https://helpline.example.org/voice/incoming", CALL, TWILIO_TOKEN)
    answer = client.post("/voice/incoming", data=CALL, base_url="http://10.0.0.7:8000",
                         headers={"X-Twilio-Signature": signature})
    assert verbs(twiml(answer)) == ["Say", "Gather", "Redirect"]
    assert post_signed(client, "/voice/incoming", CALL, base="http://10.0.0.7:8000").status_code == 403


def test_skipping_the_check_must_be_asked_for_is_announced_and_is_refused_in_production(app, make_app, capsys):
    unchecked = make_app(TWILIO_SKIP_SIGNATURE_CHECK="yes")
    assert "accept requests that Twilio did not sign" in capsys.readouterr().err
    answer = unchecked.test_client().post("/voice/incoming", data={**CALL, "CallSid": "CA" + "5" * 32})
    assert answer.status_code == 200
    with pytest.raises(RuntimeError, match="refused in production"):
        make_app(TWILIO_SKIP_SIGNATURE_CHECK="yes", FRONTDESK_ENV="production")


def test_a_retried_webhook_gets_the_same_answer_and_logs_nothing_twice(client, db):
    first = post_signed(client, "/voice/incoming", CALL)
    again = post_signed(client, "/voice/incoming", CALL)
    assert first.get_data() == again.get_data()
    step = {**CALL, "Digits": "0"}  # "put me through now"
    dialled = post_signed(client, "/voice/location?n=1", step)
    retried = post_signed(client, "/voice/location?n=1", step)
    assert dialled.get_data() == retried.get_data()
    assert find(twiml(retried), "Dial/Number").text == "+442079460300"
    assert events(db, CALL["CallSid"]) == [("offered", "national-helpline", 0)]
    assert db.scalar(select(func.count()).select_from(Contact)) == 1
    assert db.scalar(select(PhoneCall.step)) == 1
    result = {**CALL, "DialCallStatus": "busy"}
    for _ in range(3):
        post_signed(client, "/voice/dialled?n=2&t=0", result)
    assert events(db, CALL["CallSid"]) == [("offered", "national-helpline", 0), ("busy", "national-helpline", 0),
                                           ("offered", "out-of-hours", 1)]
    for _ in range(2):
        post_signed(client, "/voice/status", {**CALL, "CallStatus": "completed", "CallDuration": "95"})
    assert [e[0] for e in events(db, CALL["CallSid"])].count("abandoned") == 1


def test_a_late_retry_of_an_earlier_step_changes_nothing(client, db):
    post_signed(client, "/voice/incoming", CALL)
    post_signed(client, "/voice/location?n=1", {**CALL, "SpeechResult": "Leeds"})
    later = post_signed(client, "/voice/topic?n=2", {**CALL, "Digits": "1"})
    stale = post_signed(client, "/voice/location?n=1", {**CALL, "SpeechResult": "Leeds"})
    assert stale.get_data() == later.get_data()
    assert len(events(db, CALL["CallSid"])) == 1


@pytest.mark.parametrize("params", [
    {"Digits": "*#*#77"}, {"Digits": "12345678901234567890123456789012345678901234567890"},
    {"Digits": "<script>"}, {"SpeechResult": "la " * 5000}, {"SpeechResult": "\x00\x07\u202e\ufffd😀 Leeds"},
    {"SpeechResult": ""}, {"SpeechResult": "   "}, {},
])
def test_odd_input_gets_a_spoken_answer_never_an_error(client, params):
    post_signed(client, "/voice/incoming", CALL)
    root = twiml(post_signed(client, "/voice/location?n=1", {**CALL, **params}))
    assert root.find(".//Say") is not None and set(verbs(root)) & {"Gather", "Dial"}


def test_badly_encoded_speech_is_read_safely(client):
    post_signed(client, "/voice/incoming", CALL)
    body = "&".join(f"{k}={v}" for k, v in CALL.items()).replace("+", "%2B") + "&SpeechResult=Le%FF%FEeds"
    as_read = {**CALL, "SpeechResult": "Le%FF%FEeds"}  # bytes that are not UTF-8 stay as they came
    answer = client.post("/voice/location?n=1", data=body, content_type="application/x-www-form-urlencoded",
                         headers={"X-Twilio-Signature": sign("http://localhost/voice/location?n=1", as_read,
                                                             TWILIO_TOKEN)})
    assert "Sorry, I didn't catch that" in find(twiml(answer), ".//Say").text


@pytest.mark.parametrize("path", ["/voice/location", "/voice/topic?n=abc", "/voice/dialled?n=3"])
def test_missing_parameters_get_a_spoken_apology(client, path):
    root = twiml(post_signed(client, path, {"From": MUM}))
    assert verbs(root) == ["Say", "Hangup"] and "call again" in find(root, "Say").text


def test_a_step_for_a_call_we_never_saw_starts_it_properly(client):
    root = twiml(post_signed(client, "/voice/topic?n=4", {**CALL, "Digits": "1"}))
    assert verbs(root) == ["Redirect"] and find(root, "Redirect").text == "/voice/incoming"


def test_a_crash_in_a_step_still_answers_the_caller(app, client, db, monkeypatch):
    def broken(step):
        raise RuntimeError("the database fell over")
    monkeypatch.setitem(calls.STEPS, "location", broken)
    post_signed(client, "/voice/incoming", CALL)
    root = twiml(post_signed(client, "/voice/location?n=1", {**CALL, "SpeechResult": "Leeds"}))
    assert verbs(root) == ["Say", "Hangup"] and "something has gone wrong" in find(root, "Say").text
    app.config["FALLBACK_NUMBER"] = "+442079460300"
    root = twiml(post_signed(client, "/voice/location?n=1", {**CALL, "SpeechResult": "Leeds"}))
    assert find(root, "Dial").text == "+442079460300"


def test_callbacks_for_unknown_calls_are_answered_quietly(client, db):
    for path in ("/voice/status", "/voice/recording"):
        root = twiml(post_signed(client, path, {**CALL, "CallStatus": "completed", "CallDuration": "4"}))
        assert verbs(root) == []
    assert db.scalar(select(func.count()).select_from(HandoffEvent)) == 0


def test_the_recording_status_callback_keeps_the_message(phone, db, clock):
    clock.set("2026-11-26T01:30:00Z")
    phone.call().do("press", "0").do("hangup")  # hung up during the message: Twilio still stores it
    request = db.scalar(select(CallbackRequest))
    assert request.recording_url and request.recording_duration_s == 1
    assert db.scalar(select(PhoneCall.outcome)) == "message"


def test_many_calls_at_once_are_all_answered_and_kept(app, db):
    from concurrent.futures import ThreadPoolExecutor
    client = app.test_client()

    def ring(n: int) -> list[str]:
        call = {**CALL, "CallSid": f"CA{n:032d}", "From": f"+4477009001{n:02d}"}
        first = twiml(post_signed(client, "/voice/incoming", call))
        second = twiml(post_signed(client, "/voice/location?n=1", {**call, "SpeechResult": "Leeds"}))
        return verbs(first) + verbs(second)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ring, range(24)))
    assert all(a == ["Say", "Gather", "Redirect", "Say", "Gather", "Redirect"] for a in answers), answers
    db.commit()
    assert db.scalar(select(func.count()).select_from(PhoneCall).where(PhoneCall.step == 1)) == 24

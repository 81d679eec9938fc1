"""The phone simulator: its page and endpoints, `frontdesk call`, and that production has neither."""
import re

from frontdesk.contacts.phone_numbers import display as phone
from frontdesk.models import Service


def _csrf(client) -> dict:
    page = client.get("/simulator/").get_data(as_text=True)
    return {"X-CSRFToken": re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)}


def test_the_page_offers_a_keypad_and_a_call_button(client):
    page = client.get("/simulator/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Call the helpline" in html and 'data-key="#"' in html and "07700" not in html.split("value=")[0]


def test_a_call_from_the_page_reaches_the_real_webhooks(client, db):
    cornwall = db.get(Service, "cornwall-iass").phone
    headers = _csrf(client)
    started = client.post("/simulator/call", json={"from": "07700 900123"}, headers=headers).get_json()
    assert started["waiting"] == {"kind": "gather", "keys": None, "number": None}
    assert any("where do you live" in line["text"] for line in started["lines"])
    said = client.post("/simulator/act", json={"action": "say", "value": "Penzance"}, headers=headers).get_json()
    assert any("That's Cornwall" in line["text"] for line in said["lines"])
    assert said["waiting"]["keys"] == 1
    ringing = client.post("/simulator/act", json={"action": "press", "value": "3"}, headers=headers).get_json()
    assert ringing["waiting"]["kind"] == "dial" and ringing["waiting"]["number"] == cornwall
    assert f"Cornwall SENDIASS ({phone(cornwall)})" in ringing["lines"][-1]["text"]
    assert ringing["log"]["decision"]["rule"] == "local-iass"
    done = client.post("/simulator/act", json={"action": "answer", "value": "240"}, headers=headers).get_json()
    assert done["ended"] and done["log"]["outcome"] == "answered"
    assert [e["kind"] for e in done["log"]["events"]] == ["offered", "answered", "completed"]
    assert "<Hangup" in done["twiml"]


def test_the_page_explains_what_does_not_fit(client):
    headers = _csrf(client)
    assert client.post("/simulator/act", json={"action": "press", "value": "1"}, headers=headers).status_code == 409
    client.post("/simulator/call", json={"from": "07700 900123"}, headers=headers)
    wrong = client.post("/simulator/act", json={"action": "busy"}, headers=headers)
    assert wrong.status_code == 409 and "listening for keys or speech" in wrong.get_json()["error"]
    unknown = client.post("/simulator/act", json={"action": "dance"}, headers=headers)
    assert unknown.status_code == 400 and "unknown action" in unknown.get_json()["error"]
    bad = client.post("/simulator/call", json={"from": "my house"}, headers=headers)
    assert bad.status_code == 400 and "not a phone number" in bad.get_json()["error"]
    assert client.post("/simulator/call", json={"from": "07700 900123"}).status_code == 400  # no CSRF token


def test_a_withheld_number_can_be_tried(client):
    headers = _csrf(client)
    client.post("/simulator/call", json={"withheld": True}, headers=headers)
    answer = client.post("/simulator/act", json={"action": "press", "value": "0"}, headers=headers).get_json()
    assert answer["waiting"]["kind"] == "dial"


def test_frontdesk_call_plays_a_scripted_call(runner, clock):
    from frontdesk.cli import main
    result = runner.invoke(main, ["call", "--at", "2026-11-25T11:00:00Z", "say:Sutton Coldfield", "press:1",
                                  "no-answer", "answer:120"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "HELPLINE  Thank you. That's Birmingham." in out
    assert "The line rings Birmingham SENDIASS (0121 496 0085)" in out
    assert "The line rings National SEND helpline (020 7946 0300)" in out
    assert '"outcome": "answered"' in out and '"rule": "local-iass"' in out


def test_frontdesk_call_says_when_a_step_does_not_fit(runner):
    from frontdesk.cli import main
    result = runner.invoke(main, ["call", "answer"])
    assert result.exit_code == 1 and "step 1 (answer) does not fit" in result.output
    assert runner.invoke(main, ["call", "dance:now"]).exit_code == 2


def test_production_has_no_simulator(make_app):
    client = make_app(FRONTDESK_ENV="production").test_client()
    assert client.get("/simulator/").status_code == 404
    assert client.post("/simulator/call", json={}).status_code in (400, 404)
    assert "Phone simulator" not in client.get("/").get_data(as_text=True)

"""The JSON API: routing for operators, contacts for staff who may see them, clear 4xx errors."""
import pytest

from frontdesk.actions.staff import do_create_staff as create_staff, do_issue_token as issue_token
from frontdesk.contacts.input import ContactInput
from frontdesk.platform.clock import parse_time
from frontdesk.actions._handoff_log import open_contact, record_decision, record_event
from frontdesk.rules.decide import decide


@pytest.fixture
def tokens(db):
    """Bearer tokens for a supervisor, a Birmingham IASS advisor and a Leeds IASS advisor."""
    people = {
        "supervisor": create_staff(db, "sup@example.org", "Sup", "supervisor", "a-long-password"),
        "birmingham": create_staff(db, "b@example.org", "B", "advisor", "a-long-password", "birmingham-iass"),
        "leeds": create_staff(db, "l@example.org", "L", "advisor", "a-long-password", "leeds-iass"),
    }
    out = {k: {"Authorization": f"Bearer {issue_token(db, u)}"} for k, u in people.items()}
    db.commit()
    return out


def test_route_needs_an_operator(client, tokens):
    body = {"channel": "chat", "postcode": "B73 5AA"}
    assert client.post("/api/v1/route", json=body).status_code == 401
    answer = client.post("/api/v1/route", json=body, headers=tokens["birmingham"])
    assert answer.status_code == 403 and "supervisor" in answer.get_json()["error"]
    assert client.post("/api/v1/route", json=body, headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_route_returns_the_decision(client, tokens, clock):
    clock.set("2026-11-25T11:00:00Z")
    answer = client.post("/api/v1/route", json={"channel": "chat", "postcode": "b73 5aa", "message": "EHCP"},
                         headers=tokens["supervisor"])
    assert answer.status_code == 200
    d = answer.get_json()
    assert d["contact"]["local_authority"]["code"] == "E08000025" and d["contact"]["local_authority"]["via"] == "postcode"
    assert d["contact"]["topic"] == "ehc_plan"
    assert d["rule"] == "local-iass" and d["targets"][0]["address"] == "chat:birmingham-iass"
    assert d["decided_at"] == "2026-11-25T11:00:00+00:00"


def test_route_takes_a_time_and_a_batch(client, tokens):
    answer = client.post("/api/v1/route?at=2026-11-25T21:30:00Z", headers=tokens["supervisor"],
                         json=[{"channel": "phone", "place": "Harrogate"},
                               {"channel": "phone", "place": "Harrogate", "received_at": "2026-11-25T11:00:00Z"}])
    rules = [d["rule"] for d in answer.get_json()]
    assert rules == ["out-of-hours", "local-iass"]


@pytest.mark.parametrize("body, field", [
    ({"postcode": "B73 5AA"}, "channel"),
    ({"channel": "fax"}, "channel"),
    ({"channel": "chat", "topic": "money"}, "topic"),
    ({"channel": "chat", "age": "six"}, "age"),
    ({"channel": "chat", "received_at": "yesterday"}, "received_at"),
    ({"channel": "chat", "colour": "blue"}, "colour"),
    ({"channel": "chat", "message": "x" * 5000}, "message"),
])
def test_bad_contacts_get_a_400_naming_the_field(client, tokens, body, field):
    answer = client.post("/api/v1/route", json=body, headers=tokens["supervisor"])
    assert answer.status_code == 400
    assert field in answer.get_json()["fields"]


def test_non_json_gets_a_clear_400(client, tokens):
    answer = client.post("/api/v1/route", data="channel=chat", headers=tokens["supervisor"])
    assert answer.status_code == 400 and "JSON" in answer.get_json()["error"]


def _logged_contact(db, postcode: str, when: str):
    inp = ContactInput(channel="phone", received_at=parse_time(when), postcode=postcode)
    decision = decide(db, inp)
    contact = open_contact(db, inp, channel_ref="CA" + postcode.replace(" ", ""))
    record = record_decision(db, contact, decision)
    record_event(db, contact, "offered", decision.decided_at, decision=record,
                 service_id=decision.targets[0].service, target_index=0, key=f"{contact.channel_ref}:offered:0")
    db.commit()
    return contact.id


def test_staff_see_contacts_only_for_their_own_service(client, db, tokens):
    brum = _logged_contact(db, "B73 5AA", "2026-11-25T11:00:00Z")
    url = f"/api/v1/contacts/{brum}"
    assert client.get(url).status_code == 401
    as_advisor = client.get(url, headers=tokens["birmingham"])
    assert as_advisor.status_code == 200
    body = as_advisor.get_json()
    assert body["local_authority"] == "E08000025"
    assert body["decisions"][0]["decision"]["targets"][0]["service"] == "birmingham-iass"
    assert [e["kind"] for e in body["events"]] == ["offered"]
    assert client.get(url, headers=tokens["leeds"]).status_code == 404
    assert client.get(url, headers=tokens["supervisor"]).status_code == 200
    assert client.get("/api/v1/contacts/nope", headers=tokens["supervisor"]).get_json() == {"error": "no such contact"}


def test_session_posts_need_a_csrf_token(client, db, app):
    from flask_login import login_user

    from frontdesk.models import StaffUser
    create_staff(db, "s2@example.org", "S2", "supervisor", "a-long-password")
    db.commit()

    @app.get("/_test_login")
    def _login():
        login_user(db.query(StaffUser).filter_by(email="s2@example.org").one())
        return "ok"

    client.get("/_test_login")
    answer = client.post("/api/v1/route", json={"channel": "chat"})
    assert answer.status_code == 400 and "form expired" in answer.get_json()["error"]


def test_a_later_fallback_that_was_never_tried_cannot_read_the_contact(client, db, tokens):
    national = create_staff(db, "n@example.org", "N", "advisor", "a-long-password", "national-helpline")
    as_national = {"Authorization": f"Bearer {issue_token(db, national)}"}
    db.commit()
    brum = _logged_contact(db, "B73 5AA", "2026-11-25T11:00:00Z")  # offered to Birmingham; national is a fallback
    url = f"/api/v1/contacts/{brum}"
    assert client.get(url, headers=as_national).status_code == 404  # what the family said is not theirs to read
    from frontdesk.models import Contact
    contact = db.get(Contact, brum)
    record_event(db, contact, "no_answer", parse_time("2026-11-25T11:00:30Z"), service_id="birmingham-iass")
    record_event(db, contact, "offered", parse_time("2026-11-25T11:00:31Z"), service_id="national-helpline",
                 target_index=1)
    db.commit()
    assert client.get(url, headers=as_national).status_code == 200  # once it was put through to them, it is

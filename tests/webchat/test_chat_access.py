"""Who may connect, see and act: enforced for Socket.IO events, pages and JSON alike."""
from __future__ import annotations

import re

import pytest

from frontdesk.actions.staff import do_issue_token as issue_token
from frontdesk.extensions import socketio
from frontdesk.models import StaffUser
from frontdesk.platform.event_contract import check_event

from tests.support import PASSWORD


def _accepted_chat(family, ben, **form) -> tuple[object, str]:
    tab = family()
    chat_id = tab.start(**form)["conversation"]["id"]
    assert ben.emit("accept", {"chat": chat_id})["ok"]
    return tab, chat_id


def test_another_iass_advisor_can_neither_see_nor_touch_a_birmingham_chat(family, advisor):
    ben, sid = advisor("ben"), advisor("sid")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    assert all(not q["waiting"] for q in sid.events("queue"))
    for event, data in [("open", {"chat": chat_id}), ("accept", {"chat": chat_id}),
                        ("send", {"chat": chat_id, "text": "hi", "client_id": "s1"}),
                        ("transfer", {"chat": chat_id, "service": "sutton-iass", "note": "mine now"}),
                        ("close", {"chat": chat_id, "outcome": "other"})]:
        assert sid.emit(event, data)["error"]["code"] == "not_found", event
    ben.emit("accept", {"chat": chat_id})
    tab.emit("send", {"text": "Something private about my son", "client_id": "f1"})
    assert sid.events("message") == []  # never joined the conversation's room


def test_a_second_advisor_of_the_same_service_cannot_write_to_a_colleagues_chat(family, advisor):
    ben, bea = advisor("ben"), advisor("bea")
    _, chat_id = _accepted_chat(family, ben)
    assert bea.emit("send", {"chat": chat_id, "text": "hi", "client_id": "x"})["error"]["code"] == "not_found"


def test_a_supervisor_sees_every_queue_and_can_watch_any_chat(family, advisor):
    sam = advisor("sam")
    tab = family()
    chat_id = tab.start(place="Sutton")["conversation"]["id"]
    assert [w["service"] for w in sam.latest("queue")["waiting"]] == ["sutton-iass"]
    opened = sam.emit("open", {"chat": chat_id})
    assert opened["ok"] and opened["messages"][0]["text"] == "My son's EHC plan review is late"


def test_the_console_refuses_anyone_not_signed_in_and_other_websites(app, staff):
    anonymous = socketio.test_client(app, namespace="/console")
    assert not anonymous.is_connected("/console")
    http = app.test_client()
    with http.session_transaction() as session:
        session["_user_id"] = str(staff["ben"])
    foreign = socketio.test_client(app, namespace="/console", flask_test_client=http,
                                   headers={"Origin": "https://evil.example"})
    assert not foreign.is_connected("/console")


def test_the_widget_refuses_unknown_sites_and_origins_not_on_the_allow_list(app, site):
    for auth, origin in [({"site": "no-such-site"}, "https://www.westmere-forum.example"),
                         ({"site": site}, "https://copycat.example"), ({}, "https://www.westmere-forum.example")]:
        tab = socketio.test_client(app, namespace="/chat", auth=auth, headers={"Origin": origin})
        assert not tab.is_connected("/chat"), (auth, origin)


def test_pages_and_json_follow_the_same_rules(app, own_session, family, advisor, staff):
    ben = advisor("ben")
    tab, chat_id = _accepted_chat(family, ben)
    tab.emit("send", {"text": "<script>alert('x')</script> & more", "client_id": "f1"})
    ben.http.get("/")  # the advisor's own browser session
    page = ben.http.get(f"/console/chats/{chat_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html

    sid = own_session.get(StaffUser, staff["sid"])
    sid_token = issue_token(own_session, sid)
    sam_token = issue_token(own_session, own_session.get(StaffUser, staff["sam"]))
    own_session.commit()
    assert app.test_client().get(f"/api/v1/chats/{chat_id}",
                                 headers={"Authorization": f"Bearer {sid_token}"}).status_code == 404
    seen = app.test_client().get(f"/api/v1/chats/{chat_id}", headers={"Authorization": f"Bearer {sam_token}"})
    assert seen.status_code == 200
    body = seen.get_json()
    assert body["service"] == "birmingham-iass" and [e["kind"] for e in body["events"]] == ["offered", "answered"]
    from frontdesk.models import AuditEntry
    own_session.rollback()
    assert [(e.action, e.actor, e.detail.get("via")) for e in own_session.query(AuditEntry).order_by(AuditEntry.id)] == [
        ("accept_chat", "ben@bham.example", None), ("view_chat", "ben@bham.example", "page"),
        ("view_chat", "sam@example", "api")]  # the refused view is not one
    assert app.test_client().get(f"/console/chats/{chat_id}").status_code == 401


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_staff_sign_in_with_a_password_and_a_csrf_token(app, staff):
    http = app.test_client()
    assert http.get("/console/").status_code == 302
    form = http.get("/signin").get_data(as_text=True)
    assert http.post("/signin", data={"email": "ben@bham.example", "password": PASSWORD}).status_code == 400
    wrong = http.post("/signin", data={"email": "ben@bham.example", "password": "nope", "csrf_token": _csrf(form)})
    assert wrong.status_code == 401 and "not right" in wrong.get_data(as_text=True)
    right = http.post("/signin", data={"email": "BEN@bham.example", "password": PASSWORD, "csrf_token": _csrf(form),
                                       "next": "https://evil.example/"})
    assert right.status_code == 302 and right.headers["Location"] == "/console/"
    console = http.get("/console/")
    assert console.status_code == 200 and "Ben (Birmingham SENDIASS)" in console.get_data(as_text=True)
    client = socketio.test_client(app, namespace="/console", flask_test_client=http)
    assert client.is_connected("/console")
    received = [(p["name"], check_event("/console", p["name"], p["args"][0])) for p in client.get_received("/console")]
    hello = next(data for name, data in received if name == "hello")
    assert hello["user"]["service_name"] == "Birmingham SENDIASS"
    client.disconnect(namespace="/console")
    http.post("/signout", data={"csrf_token": _csrf(console.get_data(as_text=True))})
    assert http.get("/console/").status_code == 302


def test_session_cookies_are_secure_in_production(make_app):
    app = make_app(FRONTDESK_ENV="production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]


@pytest.mark.parametrize("event, data, code", [
    ("send", {"text": "x" * 2001, "client_id": "a"}, "too_long"),
    ("send", {"text": "   ", "client_id": "a"}, "invalid"),
    ("send", {"text": 42, "client_id": "a"}, "invalid"),
    ("send", "not an object", "invalid"),
    ("read", {"upto": "ten"}, "invalid"),
    ("survey", {"rating": 5}, "invalid"),
    ("offline_message", {"name": "A", "email": "a@example.org", "message": "m"}, "invalid"),
])
def test_bad_events_get_a_clear_error_and_the_chat_carries_on(family, event, data, code):
    tab = family()
    tab.start()
    assert tab.emit(event, data)["error"]["code"] == code
    assert tab.emit("send", {"text": "still here", "client_id": "ok"})["ok"]


def test_bad_pre_chat_forms_say_what_is_wrong(family):
    tab = family()
    assert tab.start(consent=False)["error"]["field"] == "consent"
    assert tab.start(place="")["error"]["field"] == "place"
    assert tab.start(age=99)["error"]["field"] == "age"
    assert tab.start(topic="astrology")["error"]["field"] == "topic"
    assert tab.start(message="x" * 5000)["error"]["code"] == "too_long"


def test_messages_are_limited_per_minute(app, family):
    app.config["CHAT_MESSAGES_PER_MINUTE"] = 3
    tab = family()
    tab.start()  # the first message counts
    assert tab.emit("send", {"text": "two", "client_id": "2"})["ok"]
    assert tab.emit("send", {"text": "three", "client_id": "3"})["ok"]
    assert tab.emit("send", {"text": "four", "client_id": "4"})["error"]["code"] == "too_fast"


def test_an_advisor_has_a_limit_of_concurrent_chats(own_session, family, advisor, staff):
    own_session.get(StaffUser, staff["ben"]).max_chats = 1
    own_session.commit()
    ben = advisor("ben")
    _accepted_chat(family, ben)
    second = family().start()["conversation"]["id"]
    assert ben.emit("accept", {"chat": second})["error"]["code"] == "limit"


def test_risk_words_show_signposting_at_once_and_move_a_waiting_chat_to_the_urgent_line(own_session, family, advisor):
    ben = advisor("ben")
    tab = family()
    tab.start()
    tab.emit("send", {"text": "He said he wants to hurt himself tonight", "client_id": "r1"})
    conversation = tab.latest("conversation")
    assert conversation["urgent"] is True
    assert "call 999" in conversation["signposting"]
    assert conversation["service_name"] == "Urgent and safeguarding duty line"
    assert any("call 999" in m["text"] for m in tab.events("message"))
    assert ben.latest("queue")["waiting"] == []


def test_risk_words_in_an_answered_chat_alert_the_advisor(family, advisor):
    ben = advisor("ben")
    tab, chat_id = _accepted_chat(family, ben)
    tab.emit("send", {"text": "I'm scared, he is in danger at home", "client_id": "r1"})
    assert ben.latest("chat")["urgent"] is True
    assert tab.latest("conversation")["status"] == "active"  # Ben stays with the family


def test_urgent_chats_are_queued_first(family, advisor, clock):
    from datetime import timedelta
    sam = advisor("sam")
    family().start()
    clock.set(clock.at + timedelta(seconds=30))
    family().start(message="My child is not safe")
    waiting = sam.latest("queue")["waiting"]
    assert [w["urgent"] for w in waiting] == [True, False]


def test_a_failed_event_is_also_reported_as_an_error_event_naming_it(family):
    tab = family()
    tab.start()
    tab.client.emit("send", {"text": ""}, namespace="/chat")  # no callback
    assert tab.latest("error") == {"code": "invalid", "message": "the message is empty", "field": "text", "event": "send"}


def test_signing_out_or_being_switched_off_ends_the_console_connection(app, own_session, advisor, staff, clock):
    from datetime import timedelta
    ben = advisor("ben")
    assert ben.emit("heartbeat")["ok"]
    clock.set(clock.at + timedelta(seconds=5))
    page = ben.http.get("/console/").get_data(as_text=True)
    ben.http.post("/signout", data={"csrf_token": _csrf(page)})
    assert ben.emit("heartbeat")["error"]["code"] == "signed_out"
    assert not ben.client.is_connected("/console")

    bea = advisor("bea")
    own_session.get(StaffUser, staff["bea"]).active = False
    own_session.commit()
    assert bea.emit("heartbeat")["error"]["code"] == "signed_out"
    assert not bea.client.is_connected("/console")


def test_staff_are_away_until_they_choose_to_take_chats(app, own_session, staff):
    own_session.get(StaffUser, staff["ben"]).presence = "available"
    own_session.commit()
    http = app.test_client()
    form = http.get("/signin").get_data(as_text=True)
    http.post("/signin", data={"email": "ben@bham.example", "password": PASSWORD, "csrf_token": _csrf(form)})
    client = socketio.test_client(app, namespace="/console", flask_test_client=http)
    received = [(p["name"], check_event("/console", p["name"], p["args"][0])) for p in client.get_received("/console")]
    hello = next(data for name, data in received if name == "hello")
    assert hello["presence"] == "away"
    client.disconnect(namespace="/console")


def test_a_fallback_service_reads_only_chats_it_was_actually_offered(app, own_session, family, advisor, staff):
    ben = advisor("ben")
    _, chat_id = _accepted_chat(family, ben)  # national was a fallback in the decision, never offered it
    nadia_token = issue_token(own_session, own_session.get(StaffUser, staff["nadia"]))
    own_session.commit()
    assert app.test_client().get(f"/api/v1/chats/{chat_id}",
                                 headers={"Authorization": f"Bearer {nadia_token}"}).status_code == 404


def test_pressing_start_twice_keeps_one_conversation(family):
    tab = family()
    first = tab.start()
    again = tab.start(message="Hello? Did that send?")
    assert again["conversation"]["id"] == first["conversation"]["id"]
    tab.emit("end")
    fresh = tab.start(message="A new question about transport")
    assert fresh["conversation"]["id"] != first["conversation"]["id"]


def test_one_browser_can_start_only_a_few_conversations_an_hour(family):
    tab = family()
    for _ in range(6):
        assert tab.start()["ok"]
        tab.emit("end")
    assert tab.start()["error"]["code"] == "too_fast"


def test_earlier_chats_of_the_same_family_show_in_the_context_panel(family, advisor, clock):
    from datetime import timedelta
    ben = advisor("ben")
    first = family()
    ack = first.start(message="A question about the annual review")
    first.emit("end")
    first.client.disconnect(namespace="/chat")
    clock.set(clock.at + timedelta(days=7))  # the next Wednesday
    later = family(family_token=ack["family"])
    chat_id = later.start(message="Back again about the review")["conversation"]["id"]
    earlier = ben.emit("accept", {"chat": chat_id})["chat"]["earlier"]
    assert [(e["id"], e["service_name"], e["outcome"]) for e in earlier] == [
        (ack["conversation"]["id"], "Birmingham SENDIASS", "ended")]


def test_reading_past_the_newest_message_is_clamped(family):
    tab = family()
    newest = tab.start()["messages"][-1]["id"]
    assert tab.emit("read", {"upto": 10**12})["upto"] == newest


def test_a_chat_moved_by_another_worker_mid_event_is_handled_on_what_is_there_now(family, monkeypatch):
    from frontdesk.actions import chat_family as conversations
    from frontdesk.platform.refusals import MoveLost
    tab = family()
    tab.start()
    real, calls = conversations.enqueue, []

    def lose_the_first_race(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise MoveLost("chat")
        return real(*args, **kwargs)
    monkeypatch.setattr(conversations, "enqueue", lose_the_first_race)
    sent = tab.emit("send", {"text": "He says he wants to hurt himself", "client_id": "r1"})
    assert sent["ok"] and len(calls) == 2
    assert tab.latest("conversation")["service_name"] == "Urgent and safeguarding duty line"


def test_a_switched_off_account_cannot_open_the_console_or_its_pages(app, own_session, staff):
    http = app.test_client()
    with http.session_transaction() as session:
        session["_user_id"] = str(staff["ben"])
    assert http.get("/console/").status_code == 200
    own_session.get(StaffUser, staff["ben"]).active = False
    own_session.commit()
    assert http.get("/console/").status_code == 302
    client = socketio.test_client(app, namespace="/console", flask_test_client=http)
    assert not client.is_connected("/console")

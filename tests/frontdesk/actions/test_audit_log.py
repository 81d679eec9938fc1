"""The audit log: staff actions are recorded, and only admins can read them."""
from __future__ import annotations

import re

from sqlalchemy import select

from frontdesk.actions.staff import do_create_staff as create_staff, do_issue_token as issue_token
from frontdesk.cli import main
from frontdesk.extensions import db as _db
from frontdesk.models import AuditEntry, Contact
from routing_rules import default_rulebook_path

PASSWORD = "correct horse battery"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _log(db) -> list[tuple]:
    db.rollback()
    return [(e.action, e.actor, e.target) for e in db.query(AuditEntry).order_by(AuditEntry.id)]


def test_sign_ins_refused_sign_ins_and_sign_outs_are_logged(app, db):
    create_staff(db, "ben@bham.example", "Ben", "advisor", PASSWORD, "birmingham-iass")
    db.commit()
    http = app.test_client()
    token = _csrf(http.get("/signin").get_data(as_text=True))
    http.post("/signin", data={"email": "ben@bham.example", "password": "guess", "csrf_token": token})
    http.post("/signin", data={"email": "ben@bham.example", "password": PASSWORD, "csrf_token": token})
    http.post("/signout", data={"csrf_token": _csrf(http.get("/console/").get_data(as_text=True))})
    assert _log(db) == [("sign_in_failed", "ben@bham.example", None), ("sign_in", "ben@bham.example", None),
                        ("sign_out", "ben@bham.example", None)]


def test_viewing_a_contact_and_publishing_a_rulebook_and_exporting_are_logged(app, db, client, runner):
    sam = create_staff(db, "sam@example.org", "Sam", "supervisor", PASSWORD)
    token = issue_token(db, sam)
    db.commit()
    decided = client.post("/api/v1/route", json={"channel": "chat", "place": "Leeds"},
                          headers={"Authorization": f"Bearer {token}"})
    assert decided.status_code == 200
    assert client.get("/api/v1/contacts/nope", headers={"Authorization": f"Bearer {token}"}).status_code == 404
    runner.invoke(main, ["rules", "publish", str(default_rulebook_path())])
    runner.invoke(main, ["directory", "export", "--format", "csv", "-o", "-"])
    actions = [action for action, _, _ in _log(db)]
    assert actions == ["publish_rulebook", "export"]  # a contact not found was not viewed


def test_only_admins_read_the_log(app, client):
    # No app context held open here: each request gets its own, as in a server (Flask-Login keeps
    # the signed-in user in the context's `g`).
    with app.app_context():
        ade = create_staff(_db.session, "ade@example.org", "Ade", "admin", PASSWORD)
        sam = create_staff(_db.session, "sam@example.org", "Sam", "supervisor", PASSWORD)
        admin_token, supervisor_token = issue_token(_db.session, ade), issue_token(_db.session, sam)
        _db.session.commit()
    http = app.test_client()
    token = _csrf(http.get("/signin").get_data(as_text=True))
    http.post("/signin", data={"email": "ade@example.org", "password": PASSWORD, "csrf_token": token})
    page = http.get("/admin/audit?action=sign_in")
    assert page.status_code == 200 and "ade@example.org" in page.get_data(as_text=True)
    assert client.get("/api/v1/audit", headers={"Authorization": f"Bearer {supervisor_token}"}).status_code == 403
    body = client.get("/api/v1/audit?action=sign_in", headers={"Authorization": f"Bearer {admin_token}"}).get_json()
    assert [(e["action"], e["actor"]) for e in body] == [("sign_in", "ade@example.org")]
    assert app.test_client().get("/admin/audit").status_code == 401


def test_the_route_tester_shows_a_decision_and_its_trace_and_logs_nothing(app, client):
    with app.app_context():
        sam = create_staff(_db.session, "sam@example.org", "Sam", "supervisor", PASSWORD)
        ben = create_staff(_db.session, "ben@bham.example", "Ben", "advisor", PASSWORD, "birmingham-iass")
        tokens = {"sam": issue_token(_db.session, sam), "ben": issue_token(_db.session, ben)}
        _db.session.commit()
    auth = {"Authorization": f"Bearer {tokens['sam']}"}
    page = client.get("/admin/route-tester?where=Sutton+Coldfield&channel=chat&at=2026-11-25T19:05", headers=auth)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Decision: rule <code>national</code>" in html and "Birmingham" in html  # the IASS closes at 17:00
    assert "birmingham-iass closed" in html  # the trace says why the local rule did not match
    bad = client.get("/admin/route-tester?where=Leeds&age=99&at=2026-11-25T20:05", headers=auth).get_data(as_text=True)
    assert "must be a whole number of years from 0 to 30" in bad and "Decision:" not in bad
    assert client.get("/admin/route-tester", headers={"Authorization": f"Bearer {tokens['ben']}"}).status_code == 403
    with app.app_context():
        assert _db.session.query(AuditEntry).count() == 0 and _db.session.query(Contact).count() == 0


def test_audit_entries_and_a_rulebooks_first_publication_are_timed_by_the_apps_clock(app, db, runner, clock):
    from frontdesk.models import RulebookVersion
    clock.set("2027-01-04T10:00:00+00:00")  # the app's clock (a test's, or a shifted one), not the wall's
    runner.invoke(main, ["rules", "publish", str(default_rulebook_path())])
    runner.invoke(main, ["directory", "export", "--format", "csv", "-o", "-"])
    db.rollback()
    assert [(e.action, e.at) for e in db.query(AuditEntry).order_by(AuditEntry.id)] == [
        ("publish_rulebook", clock.at), ("export", clock.at)]
    assert [row.published_at for row in db.query(RulebookVersion)] == [clock.at]
    clock.set("2027-01-05T10:00:00+00:00")
    runner.invoke(main, ["rules", "publish", str(default_rulebook_path())])  # again: it was first published before
    db.rollback()
    assert [row.published_at for row in db.query(RulebookVersion)] == [clock.set("2027-01-04T10:00:00+00:00")]


def _signed_in_from(app, db, headers: dict) -> str:
    """Sign Ben in through a proxy at 10.0.0.2; the address the audit log recorded."""
    http, proxy = app.test_client(), {"REMOTE_ADDR": "10.0.0.2"}
    token = _csrf(http.get("/signin", environ_base=proxy, headers=headers).get_data(as_text=True))
    http.post("/signin", data={"email": "ben@bham.example", "password": PASSWORD, "csrf_token": token},
              environ_base=proxy, headers=headers)
    db.rollback()
    return db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first().detail["ip"]


def test_the_audit_log_has_the_clients_address_behind_a_trusted_proxy_and_never_a_forged_one(app, make_app, db):
    create_staff(db, "ben@bham.example", "Ben", "advisor", PASSWORD, "birmingham-iass")
    db.commit()
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    assert _signed_in_from(app, db, forwarded) == "10.0.0.2"  # by default no proxy is trusted: the header is ignored
    behind_haproxy = make_app(TRUSTED_PROXIES=1)
    assert _signed_in_from(behind_haproxy, db, forwarded) == "203.0.113.7"
    # One proxy trusted: what the client itself put before the proxy's entry is not believed.
    assert _signed_in_from(behind_haproxy, db, {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}) == "203.0.113.7"


def _entries(own_session) -> list[tuple]:
    own_session.rollback()
    return [(e.action, e.actor, e.target) for e in own_session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_opening_and_accepting_a_chat_and_showing_a_familys_number_are_logged(own_session, family, advisor, clock):
    ben, sid = advisor("ben"), advisor("sid")
    chat_id = family().start()["conversation"]["id"]
    assert sid.emit("open", {"chat": chat_id})["error"]["code"] == "not_found"  # not Sutton's: not seen, not logged
    assert ben.emit("open", {"chat": chat_id})["ok"] and ben.emit("accept", {"chat": chat_id})["ok"]
    assert _entries(own_session) == [("open_chat", "ben@bham.example", f"chat:{chat_id}"),
                                     ("accept_chat", "ben@bham.example", f"chat:{chat_id}")]

    clock.set("2026-11-28T23:30:00+00:00")  # Saturday night: a family leaves a number to ring
    tab = family()
    tab.start(name="Priya")
    assert tab.emit("offline_message", {"name": "Priya", "message": "Ring me", "phone": "0121 496 0000"})["ok"]
    clock.set("2026-11-30T09:05:00+00:00")
    ben = advisor("ben")  # Monday morning's console
    callback = ben.latest("callbacks")["due"][0]["id"]
    assert ben.emit("callback_number", {"callback": callback})["error"]["code"] == "not_claimed"  # not shown
    ben.emit("claim_callback", {"callback": callback})
    assert ben.emit("callback_number", {"callback": callback})["number"] == "0121 496 0000"
    assert _entries(own_session)[2:] == [("show_number", "ben@bham.example", f"callback:{callback}")]

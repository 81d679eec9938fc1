"""The operator's pages through the Flask test client: reports, the scorecard and the rulebook."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from frontdesk.actions.staff import do_create_staff as create_staff
from frontdesk.contacts.input import ContactInput
from frontdesk.platform.clock import parse_time
from frontdesk.actions._handoff_log import new_contact, record_decision
from frontdesk.models import AuditEntry, DecisionRecord, RulebookVersion
from frontdesk.rules.decide import decide
from frontdesk.actions.rulebooks import do_publish_rulebook as publish_rulebook
from frontdesk.rules.store import active_rulebook
from routing_rules import default_rulebook_path

from tests.support import HandLog

PASSWORD = "correct horse battery"
DEFAULT = default_rulebook_path().read_text(encoding="utf-8")
NO_LOCAL = DEFAULT[:DEFAULT.index("  - id: local-iass")] + DEFAULT[DEFAULT.index("  - id: national\n"):]


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _signed_in(app, db, role: str):
    email = f"{role}@example.org"
    create_staff(db, email, role.title(), role, PASSWORD, "birmingham-iass" if role == "advisor" else None)
    db.commit()
    http = app.test_client()
    token = _csrf(http.get("/signin").get_data(as_text=True))
    http.post("/signin", data={"email": email, "password": PASSWORD, "csrf_token": token})
    return http


@pytest.fixture
def supervisor(app, db):
    return _signed_in(app, db, "supervisor")


@pytest.fixture
def admin(app, db):
    return _signed_in(app, db, "admin")


@pytest.fixture
def october(db):
    """Three contacts for Birmingham SENDIASS in October 2026: two answered, one not."""
    log = HandLog(db)
    for at, waited in (("2026-10-06T10:00:00+00:00", 30), ("2026-10-06T11:00:00+00:00", 90)):
        log.answered(log.contact("phone", at, "birmingham-iass"), "birmingham-iass", "phone", waited)
    log.event(log.contact("chat", "2026-10-07T10:00:00+00:00", "birmingham-iass"), "offered", "birmingham-iass", 1,
              channel="chat")
    db.commit()


def _exports(db) -> list[tuple]:
    db.rollback()
    return [(e.actor, e.target, e.detail) for e in db.scalars(select(AuditEntry).where(AuditEntry.action == "export"))]


def test_reports_are_for_supervisors_and_admins(app, db, client):
    assert client.get("/admin/reports").status_code == 401
    advisor = _signed_in(app, db, "advisor")
    assert advisor.get("/admin/reports").status_code == 403
    assert advisor.get("/admin/scorecard").status_code == 403
    assert advisor.get("/admin/rulebook").status_code == 403


def test_the_dashboard_shows_each_report_with_its_table_and_csv(db, supervisor, october):
    page = supervisor.get("/admin/reports?from=2026-10-01&to=2026-10-31&service=birmingham-iass")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for title in ("Contacts per day by channel", "Where contacts were routed", "Out-of-hours share",
                  "Answer rate and median wait by service", "Fallbacks used", "Abandoned contacts",
                  "Satisfaction scores"):
        assert title in html
    # The answers table: 3 put through, 2 answered, 66.7 %, median 1 min.
    assert re.search(r"Birmingham SENDIASS</th>\s*<td class=\"count\">3</td><td class=\"count\">2</td>"
                     r"<td class=\"percent\">66.7 %</td><td class=\"seconds\">1 min</td>", html)
    assert 'class="chart-data"' in html and "vendor/chart.umd.min.js" in html
    download = supervisor.get("/admin/reports/answers.csv?from=2026-10-01&to=2026-10-31&service=birmingham-iass")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.get_data(as_text=True).splitlines()[1] == "Birmingham SENDIASS,3,2,66.7,60"
    assert _exports(db) == [("supervisor@example.org", "report:answers",
                             {"from": "2026-10-01", "to": "2026-10-31", "service": "birmingham-iass"})]


def test_scripts_with_an_api_token_download_and_are_named_in_the_audit_log(app, db, client, october):
    from frontdesk.actions.staff import do_issue_token as issue_token
    sam = create_staff(db, "sam@example.org", "Sam", "supervisor", PASSWORD)
    token = issue_token(db, sam)
    db.commit()
    answer = client.get("/admin/scorecard.csv?month=2026-10", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert _exports(db) == [("sam@example.org", "scorecard", {"month": "2026-10"})]


def test_filters_that_cannot_be_used_are_explained(supervisor):
    page = supervisor.get("/admin/reports?from=2026-10-31&to=2026-10-01")
    assert page.status_code == 400 and "the start date is after the end date" in page.get_data(as_text=True)
    download = supervisor.get("/admin/reports/answers.csv?channel=fax")
    assert download.status_code == 400 and "unknown channel 'fax'" in download.get_json()["error"]
    assert supervisor.get("/admin/reports/nope.csv").status_code == 404


def test_the_scorecard_league_a_service_card_and_the_csv(db, supervisor, october):
    html = supervisor.get("/admin/scorecard?month=2026-10").get_data(as_text=True)
    assert "League, October 2026" in html and "at least 80 %" in html
    row = re.search(r"Birmingham SENDIASS</a></th>(.*?)</tr>", html, re.S).group(1)
    assert "66.7 %" in row and "not met" in row and "1 min" in row and "1 of 2" in row
    card = supervisor.get("/admin/scorecard/birmingham-iass?month=2026-10").get_data(as_text=True)
    assert "3 contacts put through" in card and "2 answered contacts" in card and "the last 6 months" in card
    download = supervisor.get("/admin/scorecard.csv?month=2026-10").get_data(as_text=True)
    assert "2026-10,birmingham-iass,Birmingham SENDIASS,Birmingham,Answer rate,>=80,66.7,no,3," in download
    assert supervisor.get("/admin/scorecard?month=soon").status_code == 400
    assert supervisor.get("/admin/scorecard?month=0001-01").status_code == 400
    assert supervisor.get("/admin/scorecard.csv?month=9999-12").get_json()["error"] == \
        "choose a month between 2000 and 2100"
    assert supervisor.get("/admin/scorecard/nowhere-iass").status_code == 404


@pytest.fixture
def decided(db):
    """Two contacts decided by the default rulebook, in force."""
    publish_rulebook(db, DEFAULT, "default.yaml", by="test")
    for at, place in (("2026-10-07T10:00:00+00:00", "Leeds"), ("2026-10-08T10:00:00+00:00", "Sutton Coldfield")):
        inp = ContactInput(channel="phone", received_at=parse_time(at), place=place)
        contact = new_contact(inp)
        db.add(contact)
        db.flush()
        record_decision(db, contact, decide(db, inp))
    db.commit()


def _check(http, text: str, **form):
    token = _csrf(http.get("/admin/rulebook").get_data(as_text=True))
    return http.post("/admin/rulebook/draft", data={"csrf_token": token, "draft": text, "from": "2026-10-01",
                                                    "to": "2026-10-31", **form}, content_type="multipart/form-data")


def test_a_draft_with_mistakes_is_explained_by_line(supervisor, decided):
    page = _check(supervisor, DEFAULT.replace("national-helpline]", "natonal-helpline]", 1))
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "cannot be used: 1 problem" in html and "Line 13</a>: unknown service &#39;natonal-helpline&#39;" in html
    assert 'id="draft-L13" class="bad"' in html


def test_replaying_the_rulebook_in_force_changes_nothing_and_a_draft_shows_its_moves(supervisor, decided):
    same = _check(supervisor, DEFAULT).get_data(as_text=True)
    assert "The draft is sound" in same and "No lines differ" in same
    assert "<strong>0</strong> of 2 contacts" in same
    draft = _check(supervisor, "", file=(io.BytesIO(NO_LOCAL.encode()), "no-local.yaml")).get_data(as_text=True)
    assert "<strong>2</strong> of 2 contacts" in draft and "(100.0 %)" in draft
    assert "Leeds SENDIASS</td><td>National SEND helpline</td>" in draft
    assert '<td class="old"><span class="visually-hidden">removed: </span><code>  - id: local-iass</code>' in draft
    assert "An admin publishes rulebooks" in draft and "Publish this draft" not in draft
    token = _csrf(draft)
    assert supervisor.post("/admin/rulebook/publish", data={"csrf_token": token, "draft": NO_LOCAL}).status_code == 403


def test_publishing_keeps_versions_and_rolling_back_is_one_action(app, db, admin, decided):
    old = active_rulebook(db).version
    token = _csrf(admin.get("/admin/rulebook").get_data(as_text=True))
    published = admin.post("/admin/rulebook/publish", data={"csrf_token": token, "draft": NO_LOCAL},
                           follow_redirects=True)
    assert "Published “Frontdesk default routing policy”" in published.get_data(as_text=True)
    db.rollback()
    new = active_rulebook(db).version
    assert new != old and db.scalar(select(RulebookVersion.version).where(RulebookVersion.active)) == new
    # Decisions name the version that made them.
    inp = ContactInput(channel="phone", received_at=parse_time("2026-10-09T10:00:00+00:00"), place="Leeds")
    assert decide(db, inp).rulebook_version == new
    assert db.scalar(select(DecisionRecord.rulebook_version).limit(1)) == old

    page = admin.get("/admin/rulebook").get_data(as_text=True)
    assert page.count("Roll back to this") == 1 and "<strong>In force</strong>" in page
    rolled = admin.post(f"/admin/rulebook/versions/{old}/activate", data={"csrf_token": _csrf(page)},
                        follow_redirects=True)
    assert "Rolled back to" in rolled.get_data(as_text=True)
    db.rollback()
    assert active_rulebook(db).version == old
    assert db.scalar(select(RulebookVersion.version).where(RulebookVersion.active)) == old
    assert len(db.scalars(select(RulebookVersion)).all()) == 2
    entries = [(e.action, e.target, e.detail.get("rolled_back")) for e in db.scalars(
        select(AuditEntry).where(AuditEntry.action == "publish_rulebook").order_by(AuditEntry.id))]
    assert entries[-2:] == [("publish_rulebook", f"rulebook:{new}", None), ("publish_rulebook", f"rulebook:{old}", True)]
    missing = admin.post("/admin/rulebook/versions/sha256:nope/activate", data={"csrf_token": _csrf(page)})
    assert missing.status_code == 404

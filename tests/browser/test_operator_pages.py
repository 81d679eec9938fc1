"""The operator's pages in a browser: reports, the scorecard, the rulebook, the audit log and the
route tester. Each page is checked with axe-core for WCAG 2.2 AA."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from frontdesk.actions.staff import do_create_staff as create_staff
from frontdesk.devtools.demo_data import install_demo_chat
from frontdesk.devtools.demo_history import load_history
from frontdesk.extensions import db as _db
from frontdesk.actions.rulebooks import do_publish_rulebook as publish_rulebook
from routing_rules import default_rulebook_path

from .conftest import PASSWORD, assert_accessible, shot, signed_in_page

DEFAULT = default_rulebook_path().read_text(encoding="utf-8")


@pytest.fixture
def operators(app):
    """Sam, a supervisor, and Ade, an admin."""
    with app.app_context():
        create_staff(_db.session, "sam@example.org", "Sam (supervisor)", "supervisor", PASSWORD)
        create_staff(_db.session, "ade@example.org", "Ade (admin)", "admin", PASSWORD)
        _db.session.commit()


@pytest.fixture
def history(app, clock, operators):
    """Eight weeks of made-up contacts up to the test clock."""
    with app.app_context():
        publish_rulebook(_db.session, DEFAULT, "default_rulebook.yaml", by="test")
        install_demo_chat(_db.session)
        load_history(_db.session, clock(), days=56, per_day=40)
        _db.session.commit()


def test_a_supervisor_reads_the_reports_filters_them_and_downloads_a_table(browser, live_url, history):
    page = signed_in_page(browser, live_url, "sam@example.org")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    charts = page.locator(".chart")
    expect(charts).to_have_count(7)
    for n in range(7):  # Chart.js drew every chart
        expect(charts.nth(n)).to_have_attribute("data-drawn", "yes")
    assert_accessible(page, "the reports")
    shot(page, "reports")

    page.get_by_label("Channel", exact=True).select_option("chat")
    page.get_by_label("Service", exact=True).select_option("national-helpline")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Channel", exact=True)).to_have_value("chat")
    answers = page.get_by_role("region", name="Answer rate and median wait by service")
    answers.get_by_text("Table: Answer rate and median wait by service").click()
    table = answers.get_by_role("table")
    expect(table.get_by_role("rowheader")).to_have_text(["National SEND helpline"])
    shown = [c.strip() for c in table.locator("tbody tr").first.locator("td").all_inner_texts()]

    with page.expect_download() as download:
        answers.get_by_role("link", name=re.compile("^Download the table as CSV")).click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["Service", "Offered", "Answered", "Answer rate", "Median wait"]
    assert rows[1][0] == "National SEND helpline" and rows[1][1:3] == shown[:2]
    assert shown[2] == f"{rows[1][3]} %"  # the same numbers, the page adding units


def test_a_supervisor_reads_the_league_and_one_services_trend(browser, live_url, history):
    page = signed_in_page(browser, live_url, "sam@example.org", "/admin/scorecard?month=2026-10")
    expect(page.get_by_role("heading", name="League, October 2026")).to_be_visible()
    league = page.locator("table.league tbody tr")
    assert league.count() > 100  # every local IASS
    expect(league.first.locator("td").last).to_be_visible()
    assert_accessible(page, "the scorecard league")
    shot(page, "scorecard-league")
    page.get_by_role("link", name="Birmingham SENDIASS").click()
    expect(page.get_by_role("heading", name="Birmingham SENDIASS", exact=True)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Answer rate")).to_be_visible()
    expect(page.locator(".chart")).to_have_attribute("data-drawn", "yes")
    assert_accessible(page, "a service's scorecard")
    shot(page, "scorecard-service")


def test_an_admin_uploads_a_draft_fixes_it_replays_publishes_and_rolls_back(browser, live_url, history, tmp_path):
    page = signed_in_page(browser, live_url, "ade@example.org", "/admin/rulebook")
    expect(page.get_by_role("heading", name="In force")).to_be_visible()
    broken = tmp_path / "draft.yaml"
    broken.write_text(DEFAULT.replace("national-helpline]", "natonal-helpline]", 1), encoding="utf-8")
    page.get_by_label("Upload a rulebook file (YAML)").set_input_files(str(broken))
    page.get_by_role("button", name="Check, compare and replay").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("draft.yaml cannot be used: 1 problem")
    expect(alert).to_contain_text("did you mean 'national-helpline'?")
    assert_accessible(page, "a rulebook with a mistake")

    draft = DEFAULT[:DEFAULT.index("  - id: local-iass")] + DEFAULT[DEFAULT.index("  - id: national\n"):]
    page.get_by_label("Draft rulebook").fill(draft)
    page.get_by_role("button", name="Check, compare and replay").click()
    expect(page.get_by_role("heading", name="The draft is sound")).to_be_visible()
    expect(page.locator("table.diff td.old").first).to_contain_text("- id: local-iass")
    expect(page.get_by_text("would have gone elsewhere")).to_be_visible()
    assert_accessible(page, "a draft compared and replayed")
    shot(page, "rulebook-draft")

    page.get_by_role("button", name="Publish this draft").click()
    expect(page.get_by_role("status")).to_contain_text("Published")
    versions = page.locator("section", has=page.get_by_role("heading", name="Published versions")).locator("tbody tr")
    expect(versions).to_have_count(2)
    page.get_by_role("button", name="Roll back to this").click()
    expect(page.get_by_role("status")).to_contain_text("Rolled back to")
    expect(versions.first.locator("td").last).to_have_text("Roll back to this version, " + versions.first
                                                           .locator("code").inner_text())
    assert_accessible(page, "the rulebook page")
    shot(page, "rulebook")


def test_an_admin_reads_the_audit_log(browser, live_url, operators):
    page = signed_in_page(browser, live_url, "ade@example.org")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.get_by_role("cell", name="Signed in")).to_be_visible()
    page.get_by_label("Action").select_option("sign_in_failed")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("No entries match.")).to_be_visible()
    assert_accessible(page, "the audit log")
    shot(page, "audit-log")


def test_a_supervisor_tries_a_route_in_the_route_tester(browser, live_url, operators):
    page = signed_in_page(browser, live_url, "sam@example.org", "/admin/route-tester")
    page.get_by_label("Postcode or place").fill("Newcastle")
    page.get_by_label("Channel", exact=True).select_option("chat")
    page.get_by_label("When (London time)").fill("2026-11-25T11:00")
    page.get_by_role("button", name="Route it").click()
    expect(page.get_by_text("could be Newcastle upon Tyne")).to_be_visible()
    expect(page.get_by_role("heading", name="Decision: rule national")).to_be_visible()
    assert_accessible(page, "the route tester")
    shot(page, "route-tester")

"""A family chats from a partner's page; advisors answer in the console, transfer, and close.

The partner page is served from another origin than the front desk, as on a real partner's
site. Each page is checked with axe-core (from the npm registry) for WCAG 2.2 AA.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import Flask, render_template
from playwright.sync_api import expect
from werkzeug.serving import make_server

from frontdesk.actions.staff import do_create_staff as create_staff
from frontdesk.extensions import db as _db
from frontdesk.actions.sites import do_add_site as add_site

from .conftest import PASSWORD, assert_accessible, shot, signed_in_page

TEMPLATES = Path(__file__).resolve().parents[2] / "webchat" / "templates"

@pytest.fixture
def partner_url(app, live_url):
    """A partner's website on its own origin, embedding the widget from the front desk."""
    partner = Flask("partner", template_folder=str(TEMPLATES))

    @partner.get("/")
    def home():
        return render_template("webchat/demo_partner.html", frontdesk_url=live_url, site_key="westmere")

    server = make_server("127.0.0.1", 0, partner, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        add_site(_db.session, "Westmere Parent Carer Forum", [origin], key="westmere")
        create_staff(_db.session, "ben@bham.example", "Ben (Birmingham SENDIASS)", "advisor", PASSWORD, "birmingham-iass")
        create_staff(_db.session, "nadia@national.example", "Nadia (national)", "advisor", PASSWORD, "national-helpline")
        _db.session.commit()
    yield origin + "/"
    server.shutdown()
    thread.join()


def sign_in(browser, live_url: str, email: str):
    """An advisor at the console, available to take chats."""
    page = signed_in_page(browser, live_url, email)
    expect(page.get_by_role("heading", name="Console")).to_be_visible()
    page.get_by_label("Available").check()
    return page


def test_a_family_chats_is_transferred_and_rates_the_chat(browser, live_url, partner_url):
    family = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                 timezone_id="Europe/London").new_page()
    family.goto(partner_url)
    assert_accessible(family, "the partner page")
    family.get_by_role("button", name="Chat with an advisor").click()
    family.get_by_label("Your first name (optional)").fill("Priya")
    family.get_by_label("Your postcode or town").fill("Sutton Coldfield")
    family.get_by_label("Child's or young person's age").fill("9")
    family.get_by_label("What is it about?").select_option("ehc_plan")
    family.get_by_label("Your question").fill("My son's EHC plan review is late. What can I do?")
    family.get_by_label("I have read the privacy notice").check()
    assert_accessible(family, "the widget's pre-chat form")
    shot(family, "chat-1-family-form")
    family.get_by_role("button", name="Start chat").click()
    expect(family.get_by_text("Connecting you to Birmingham SENDIASS")).to_be_visible()
    expect(family.get_by_text("number 1 in the queue")).to_be_visible()
    shot(family, "chat-2-family-waiting")

    ben = sign_in(browser, live_url, "ben@bham.example")
    ben.get_by_role("button", name="Accept chat from Birmingham").click()
    expect(ben.get_by_text("My son's EHC plan review is late. What can I do?").first).to_be_visible()
    ben.get_by_label("Reply to Priya").fill("Hello Priya, I'm Ben. Let's look at the review dates.")
    ben.get_by_label("Reply to Priya").press("Enter")
    expect(family.get_by_text("Ben has joined the chat.")).to_be_visible()
    expect(family.get_by_text("Hello Priya, I'm Ben. Let's look at the review dates.")).to_be_visible()

    family.get_by_label("Your message").fill("Thank you. It was due in October. <b>not bold</b>")
    family.get_by_label("Your message").press("Enter")
    expect(ben.get_by_text("Thank you. It was due in October. <b>not bold</b>")).to_be_visible()  # shown as text
    expect(family.get_by_text("Read").last).to_be_visible()
    assert_accessible(ben, "the console with a chat open")
    assert_accessible(family, "the widget in a conversation")
    shot(ben, "chat-3-console-chat")
    shot(family, "chat-4-family-chatting")

    ben.get_by_label("Transfer to").select_option(label="National SEND helpline")
    ben.get_by_label("Note for the next advisor").fill("Review overdue since October; mum wants to complain.")
    ben.get_by_role("button", name="Transfer", exact=True).click()
    expect(family.get_by_text("Connecting you to National SEND helpline")).to_be_visible()

    nadia = sign_in(browser, live_url, "nadia@national.example")
    expect(nadia.get_by_text("Review overdue since October; mum wants to complain.").first).to_be_visible()
    nadia.get_by_role("button", name="Accept chat from Birmingham").click()
    expect(family.get_by_text("Nadia has joined the chat.")).to_be_visible()
    shot(nadia, "chat-5-console-after-transfer")
    nadia.get_by_label("Outcome").select_option("advice_given")
    nadia.get_by_role("button", name="Close chat").click()

    expect(family.get_by_text("This chat has ended.")).to_be_visible()
    with family.expect_download() as download:
        family.get_by_role("button", name="Download the conversation").click()
    transcript = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Hello Priya, I'm Ben." in transcript and "Nadia has joined the chat." in transcript
    family.get_by_label("5").check()
    family.get_by_role("button", name="Send").click()
    expect(family.get_by_text("Thank you for your feedback.")).to_be_visible()
    assert_accessible(family, "the widget's survey")
    shot(family, "chat-6-family-survey")


def test_the_sign_in_page_is_accessible(page, live_url):
    page.goto(f"{live_url}/signin")
    assert_accessible(page, "the sign-in page")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    assert_accessible(page, "the sign-in page with an error")


def test_an_advisor_finds_a_familys_offline_message_claims_it_and_records_the_outcome(
        app, browser, live_url, partner_url, clock):
    clock.set("2026-11-28T23:30:00+00:00")  # Saturday night: nobody can answer
    family = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    family.goto(partner_url)
    family.get_by_role("button", name="Chat with an advisor").click()
    family.get_by_label("Your postcode or town").fill("B73 5AA")
    family.get_by_label("Your question").fill("Can the school refuse to assess my daughter?")
    family.get_by_label("I have read the privacy notice").check()
    family.get_by_role("button", name="Start chat").click()
    expect(family.get_by_text("Sorry, nobody can answer the chat just now.").first).to_be_visible()
    family.get_by_label("Your name").fill("Priya")
    family.get_by_label("Phone number").fill("0121 496 0000")
    family.get_by_label("Anything to add? (optional)").fill("Please ring me after 10 about the assessment.")
    family.get_by_role("button", name="Send message").click()
    expect(family.get_by_text("Thank you.").first).to_be_visible()

    clock.set("2026-11-30T09:05:00+00:00")  # Monday morning: Birmingham SENDIASS opens
    ben = sign_in(browser, live_url, "ben@bham.example")
    callbacks = ben.get_by_role("region", name="Callbacks")
    expect(callbacks.get_by_text("Can the school refuse to assess my daughter?")).to_be_visible()  # her question
    expect(callbacks.get_by_text("Please ring me after 10 about the assessment.")).to_be_visible()  # and her note
    callbacks.get_by_role("button", name="Claim").first.click()
    expect(callbacks.get_by_text("You have claimed this").first).to_be_visible()
    callbacks.get_by_role("button", name="Show the number").click()
    expect(callbacks.get_by_role("link", name="0121 496 0000")).to_be_visible()  # to ring from Ben's own phone
    assert_accessible(ben, "the console's callback list")
    shot(ben, "callbacks-1-claimed")
    callbacks.get_by_label("How it went").select_option("connected")
    callbacks.get_by_role("button", name="Save outcome").click()
    expect(callbacks.get_by_text("No callbacks are due.")).to_be_visible()


def _remote_video_playing(page) -> None:
    page.wait_for_function("""() => {
        const find = (root) => {
            const hit = root.querySelector('[data-testid="remote-video"]');
            if (hit) return hit;
            for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
            return null;
        };
        const video = find(document);
        return video && video.readyState >= 2 && video.videoWidth > 0;
    }""", timeout=20_000)


def test_a_family_and_an_advisor_see_each_other_on_a_peer_to_peer_video_call(browser, live_url, partner_url):
    family_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    family = family_context.new_page()
    family.goto(partner_url)
    family.get_by_role("button", name="Chat with an advisor").click()
    family.get_by_label("Your postcode or town").fill("Sutton Coldfield")
    family.get_by_label("Your question").fill("Could we talk on video? My son uses signs.")
    family.get_by_label("I'd like a video call").check()
    family.get_by_label("I have read the privacy notice").check()
    family.get_by_role("button", name="Start chat").click()
    expect(family.get_by_text("Connecting you to Birmingham SENDIASS")).to_be_visible()

    ben = sign_in(browser, live_url, "ben@bham.example")
    ben.get_by_role("button", name="Accept chat from Birmingham").click()
    family.get_by_role("button", name="Join video").click()
    ben.get_by_role("button", name="Join video").click()
    _remote_video_playing(family)  # Ben's fake camera, seen by the family
    _remote_video_playing(ben)  # and the family's, seen by Ben
    shot(family, "video-1-family")
    shot(ben, "video-2-advisor")
    assert_accessible(family, "the widget in a video call")
    assert_accessible(ben, "the console in a video call")


def test_a_family_leaves_a_message_without_typing_their_question_again(app, browser, live_url, partner_url, clock):
    clock.set("2026-11-28T23:30:00+00:00")  # Saturday night: nobody can answer
    family = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    family.goto(partner_url)
    family.get_by_role("button", name="Chat with an advisor").click()
    family.get_by_label("Your postcode or town").fill("B73 5AA")
    family.get_by_label("Your question").fill("Our transport was stopped without notice. What can we do?")
    family.get_by_label("I have read the privacy notice").check()
    family.get_by_role("button", name="Start chat").click()
    family.get_by_label("Your name").fill("Sam")
    family.get_by_label("Email address").fill("sam@example.org")
    family.get_by_role("button", name="Send message").click()  # nothing more to add
    expect(family.get_by_text("Thank you.").first).to_be_visible()
    clock.set("2026-11-30T09:05:00+00:00")
    ben = sign_in(browser, live_url, "ben@bham.example")
    expect(ben.get_by_role("region", name="Callbacks").get_by_text(
        "Our transport was stopped without notice. What can we do?")).to_be_visible()


def test_a_family_whose_chat_cannot_start_now_still_sees_who_to_call(app, browser, partner_url):
    app.config["CHAT_STARTS_PER_ADDRESS"] = 0  # as if a flood from this network had used up its starts
    family = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    family.goto(partner_url)
    family.get_by_role("button", name="Chat with an advisor").click()
    family.get_by_label("Your postcode or town").fill("Leeds")
    family.get_by_label("Your question").fill("I am scared he will hurt himself tonight")
    family.get_by_label("I have read the privacy notice").check()
    family.get_by_role("button", name="Start chat").click()
    expect(family.get_by_text("a lot of chats have been started from your network")).to_be_visible()
    help_now = family.locator(".signposting").filter(has_text="You can also ring us free")
    expect(help_now).to_contain_text("NSPCC")  # the rulebook's emergency advice
    expect(help_now.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    expect(help_now.get_by_role("link", name="0808 157 0123")).to_have_attribute("href", "tel:08081570123")
    assert_accessible(family, "the widget refusing a start")
    shot(family, "chat-refused-start")

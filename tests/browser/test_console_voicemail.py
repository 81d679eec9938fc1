"""The console's voicemail player: it plays from the front desk (which fetches the recording from
Twilio, recorded here, not sent), and says so when there is no recording to play."""
from __future__ import annotations

from playwright.sync_api import expect

from frontdesk.actions.staff import do_create_staff as create_staff
from frontdesk.extensions import db as _db
from tests.support import ACCOUNT, Phone, RecordingTwilio

from .conftest import PASSWORD, assert_accessible, signed_in_page


def test_the_voicemail_plays_from_the_desk_and_without_twilio_the_console_says_it_is_not_here(
        app, browser, live_url, clock):
    with app.app_context():
        create_staff(_db.session, "ben@bham.example", "Ben (Birmingham SENDIASS)", "advisor", PASSWORD, "birmingham-iass")
        _db.session.commit()
    clock.set("2026-11-28T23:30:00+00:00")  # Saturday night: a caller from Sutton Coldfield leaves a message
    Phone(app).call().do("say", "Sutton Coldfield").do("press", "1").do("message", "Please ring me back")
    clock.set("2026-11-30T09:05:00+00:00")

    ben = signed_in_page(browser, live_url, "ben@bham.example")  # the phone simulator's: nothing to play
    ben.get_by_label("Available").check()  # (once the console has connected)
    callbacks = ben.get_by_role("region", name="Callbacks")
    expect(callbacks.get_by_text("the recording is not available here")).to_be_visible()
    expect(callbacks.locator("audio")).to_have_count(0)  # no player that would show 0:00
    assert_accessible(ben, "the callback list with a voicemail that can't be played here")

    twilio = RecordingTwilio()
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_HTTP_CLIENT=twilio)  # Twilio holds the recordings now
    ben.reload()
    ben.get_by_label("Away").check()
    player = callbacks.get_by_label("Voicemail from Birmingham", exact=False)
    expect(player).to_be_visible()
    src = player.get_attribute("src")
    assert src.startswith(f"{live_url}/console/callbacks/") and src.endswith("/voicemail")  # the desk, not Twilio
    fetched = ben.evaluate("""async (src) => {
        const answer = await fetch(src);
        return [answer.status, answer.headers.get('Content-Type'), (await answer.arrayBuffer()).byteLength];
    }""", src)
    assert fetched == [200, "audio/mpeg", len(twilio.audio)]
    assert_accessible(ben, "the callback list with a voicemail player")

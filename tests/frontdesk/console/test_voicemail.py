"""Voicemails in the console: streamed from Twilio (the SDK's requests recorded, not sent) to the
staff who may see the callback request, each playing in the audit log; Twilio's own link is
never handed out."""
from __future__ import annotations

import json

from sqlalchemy import select

from frontdesk.actions.staff import do_issue_token as issue_token
from frontdesk.models import AuditEntry, CallbackRequest, StaffUser
from tests.support import ACCOUNT, TWILIO_TOKEN, Phone


def _voicemail(app, own_session, clock) -> CallbackRequest:
    """A Sutton Coldfield caller leaves a message on Saturday night (Birmingham SENDIASS calls back)."""
    clock.set("2026-11-28T23:30:00+00:00")
    Phone(app).call().do("say", "Sutton Coldfield").do("press", "1").do("message", "Please ring me back")
    own_session.rollback()
    return own_session.scalar(select(CallbackRequest))


def _played(own_session) -> list[tuple]:
    own_session.rollback()
    return [(e.actor, e.target) for e in own_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "play_voicemail").order_by(AuditEntry.id))]


def test_a_voicemail_plays_for_its_services_staff_from_twilio_and_each_playing_is_logged(
        app, own_session, advisor, clock, twilio):
    request = _voicemail(app, own_session, clock)
    ben, sid, sam = advisor("ben"), advisor("sid"), advisor("sam")
    listed = ben.latest("callbacks")
    assert "twilio.com" not in json.dumps(listed)  # Twilio's link (public if it worked unsigned) is never given
    url = listed["later"][0]["recording"]["url"]
    assert url == f"/console/callbacks/{request.id}/voicemail"

    played = ben.http.get(url)
    assert played.status_code == 200 and played.mimetype == "audio/mpeg"
    assert played.data == twilio.audio and played.headers["Cache-Control"] == "no-store"
    fetched = twilio.sent[-1]
    assert (fetched["method"], fetched["url"], fetched["auth"]) == (
        "GET", f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{request.recording_sid}.mp3",
        (ACCOUNT, TWILIO_TOKEN))
    assert sid.http.get(url).status_code == 404  # Sutton's advisor: as if there were no such callback
    assert sam.http.get(url).status_code == 200  # a supervisor sees every service's
    assert app.test_client().get(url).status_code == 401
    assert _played(own_session) == [("ben@bham.example", f"callback:{request.id}"),
                                    ("sam@example", f"callback:{request.id}")]


def test_without_twilio_there_is_no_recording_to_play_and_the_console_is_told(app, own_session, advisor, clock):
    request = _voicemail(app, own_session, clock)  # the phone simulator: nothing is recorded anywhere
    ben = advisor("ben")
    assert ben.latest("callbacks")["later"][0]["recording"] == {"url": None, "duration_s": request.recording_duration_s}
    answer = ben.http.get(f"/console/callbacks/{request.id}/voicemail", headers={"Accept": "application/json"})
    assert (answer.status_code, answer.get_json()) == (404, {"error": "the recording is not available here"})
    assert _played(own_session) == []


def test_a_recording_twilio_has_lost_or_cannot_send_is_not_logged_as_played(app, own_session, advisor, clock, twilio):
    request = _voicemail(app, own_session, clock)
    ben, url = advisor("ben"), f"/console/callbacks/{request.id}/voicemail"
    twilio.refusing = 1
    failed = ben.http.get(url, headers={"Accept": "application/json"})
    assert failed.status_code == 502 and "try again" in failed.get_json()["error"]
    twilio.gone.add(request.recording_sid)
    assert ben.http.get(url).status_code == 404
    assert ben.http.get(f"/console/callbacks/{request.id + 1}/voicemail").status_code == 404
    assert _played(own_session) == []


def test_the_api_gives_the_desks_link_too_and_a_token_plays_it(app, own_session, clock, twilio, staff):
    request = _voicemail(app, own_session, clock)
    token = issue_token(own_session, own_session.get(StaffUser, staff["ben"]))
    own_session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    record = app.test_client().get(f"/api/v1/contacts/{request.contact_id}", headers=auth).get_json()
    assert "twilio.com" not in json.dumps(record)
    url = record["callback"]["message"]["url"]
    assert app.test_client().get(url, headers=auth).data == twilio.audio
    assert _played(own_session) == [("ben@bham.example", f"callback:{request.id}")]

"""Video sessions: routed to services that take video, joined only by the family and the advisor
who accepted, on Twilio (requests recorded, tokens decoded) or peer-to-peer."""
from __future__ import annotations

from datetime import datetime, timezone

import jwt
import pytest
from sqlalchemy import select

from frontdesk.models import Chat, HandoffEvent

from tests.support import post_signed

from tests.support import ACCOUNT

API_KEY, API_SECRET = "SK" + "1" * 32, "video-api-secret-of-thirty-two-chars"


@pytest.fixture
def twilio_video(app, twilio):
    app.config.update(TWILIO_API_KEY=API_KEY, TWILIO_API_SECRET=API_SECRET)
    return twilio


def _video_chat(family, ben) -> tuple[object, str]:
    tab = family()
    ack = tab.start(video=True)
    assert ack["ok"] and ack["conversation"]["video"] is True
    assert ben.emit("accept", {"chat": ack["conversation"]["id"]})["ok"]
    return tab, ack["conversation"]["id"]


def test_a_video_request_goes_only_to_services_that_take_video(family, clock):
    clock.set("2026-11-28T16:00:00+00:00")  # Saturday afternoon: only the out-of-hours team, which takes no video
    chat = family().start()
    video = family().start(video=True, message="Could we talk on video? My son signs.")
    assert chat["conversation"]["service_name"] == "Out-of-hours advice team"
    assert video["conversation"]["status"] == "offline"  # no dead end: a message for Birmingham SENDIASS
    assert video["conversation"]["opening"]["service_name"] == "Birmingham SENDIASS"


def test_without_twilio_the_family_and_their_advisor_join_peer_to_peer_and_nobody_else(family, advisor):
    ben, bea, sam = advisor("ben"), advisor("bea"), advisor("sam")
    tab, chat_id = _video_chat(family, ben)
    joined = tab.emit("video_join")["video"]
    assert joined["mode"] == "p2p" and len(joined["room"]) >= 24
    assert ben.emit("video_join", {"chat": chat_id})["video"]["room"] == joined["room"]
    assert bea.emit("video_join", {"chat": chat_id})["error"]["code"] == "not_found"
    sam.emit("open", {"chat": chat_id})
    assert sam.emit("video_join", {"chat": chat_id})["error"]["code"] == "not_found"  # watching is not joining
    other = family()
    other.start()
    assert other.emit("video_join")["error"]["code"] == "no_video"

    assert tab.emit("video_signal", {"signal": {"type": "ready"}})["ok"]
    assert ben.latest("video_signal") == {"chat": chat_id, "signal": {"type": "ready"}}
    assert sam.events("video_signal") == []  # only the advisor in the call
    offer = {"type": "offer", "sdp": "v=0 ..."}
    assert ben.emit("video_signal", {"chat": chat_id, "signal": offer})["ok"]
    assert tab.latest("video_signal") == {"signal": offer}
    assert tab.emit("video_signal", {"signal": "x" * 10})["error"]["code"] == "invalid"


def test_with_twilio_the_room_is_made_by_rest_and_each_token_grants_that_room_only(
        app, family, advisor, twilio_video, clock):
    ben, bea = advisor("ben"), advisor("bea")
    tab, chat_id = _video_chat(family, ben)
    made = twilio_video.sent[0]
    assert (made["method"], made["url"], made["auth"]) == ("POST", "https://video.twilio.com/v1/Rooms",
                                                           (API_KEY, API_SECRET))
    room = made["data"]["UniqueName"]
    assert made["data"] == {"UniqueName": room, "Type": "group", "StatusCallback": "http://localhost/video/status",
                            "StatusCallbackMethod": "POST"}

    family_join = tab.emit("video_join")["video"]
    advisor_join = ben.emit("video_join", {"chat": chat_id})["video"]
    assert bea.emit("video_join", {"chat": chat_id})["error"]["code"] == "not_found"
    for joined, identity in ((family_join, f"family-{chat_id[:12]}"), (advisor_join, "advisor-")):
        claims = jwt.decode(joined["token"], API_SECRET, algorithms=["HS256"])
        assert claims["iss"] == API_KEY and claims["sub"] == ACCOUNT
        assert claims["grants"]["identity"].startswith(identity)
        assert claims["grants"]["video"] == {"room": room}  # that room and nothing else
        assert claims["exp"] - claims["nbf"] <= 600 + 1
        assert claims["exp"] > datetime.now(timezone.utc).timestamp()

    assert ben.emit("close", {"chat": chat_id, "outcome": "advice_given"})["ok"]
    ended = twilio_video.sent[-1]
    assert (ended["url"], ended["data"]) == (f"https://video.twilio.com/v1/Rooms/{'RM' + '1'.zfill(32)}",
                                             {"Status": "completed"})


def test_room_and_participant_callbacks_become_handoff_events(app, own_session, family, advisor, twilio_video):
    ben = advisor("ben")
    tab, chat_id = _video_chat(family, ben)
    room = twilio_video.sent[0]["data"]["UniqueName"]
    client = app.test_client()
    base = {"RoomName": room, "RoomSid": "RM" + "1".zfill(32), "AccountSid": ACCOUNT}
    for params in ({"StatusCallbackEvent": "participant-connected", "ParticipantIdentity": f"family-{chat_id[:12]}"},
                   {"StatusCallbackEvent": "participant-connected", "ParticipantIdentity": "advisor-1"},
                   {"StatusCallbackEvent": "room-ended", "RoomDuration": "420"}):
        assert post_signed(client, "/video/status", {**base, **params}).status_code == 204
    post_signed(client, "/video/status", {**base, "StatusCallbackEvent": "room-ended", "RoomDuration": "420"})  # a retry
    assert client.post("/video/status", data={**base, "StatusCallbackEvent": "room-ended"}).status_code == 403
    chat = own_session.get(Chat, chat_id)
    logged = [(e.kind, e.detail.get("video"), e.detail.get("participant"), e.detail.get("duration_s"))
              for e in own_session.scalars(select(HandoffEvent).where(HandoffEvent.contact_id == chat.contact_id,
                                                             HandoffEvent.detail["channel"].as_string() == "video")
                                  .order_by(HandoffEvent.id))]
    assert logged == [("answered", "participant-connected", "family", None),
                      ("answered", "participant-connected", "advisor", None),
                      ("completed", "room-ended", None, 420)]


def test_an_advisor_can_offer_video_inside_a_chat(family, advisor):
    ben = advisor("ben")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    ben.emit("accept", {"chat": chat_id})
    assert tab.emit("video_join")["error"]["code"] == "no_video"
    assert ben.emit("offer_video", {"chat": chat_id})["chat"]["video"] is True
    assert tab.latest("conversation")["video"] is True
    assert any("offered a video call" in m["text"] for m in tab.events("message"))
    assert tab.emit("video_join")["video"]["mode"] == "p2p"


def test_a_room_twilio_cannot_make_is_taken_back_and_both_sides_are_told(
        own_session, family, advisor, twilio_video):
    ben = advisor("ben")
    twilio_video.refusing = 1
    tab, chat_id = _video_chat(family, ben)  # the chat is accepted all the same: the family is not left waiting
    assert own_session.get(Chat, chat_id).video_room is None
    said = "Sorry, the video call could not be set up just now. You can carry on typing."
    assert any(m["text"] == said for m in tab.events("message"))
    assert any(m["text"] == said for m in ben.events("message"))
    assert tab.emit("video_join")["error"]["code"] == "no_video"
    assert ben.emit("offer_video", {"chat": chat_id})["ok"]  # offering again makes a new room
    own_session.rollback()
    assert own_session.get(Chat, chat_id).video_room_sid == "RM" + "2".zfill(32)
    assert tab.emit("video_join")["video"]["mode"] == "twilio"


def test_a_transferred_video_chat_gets_a_new_room_and_the_old_one_ends(app, own_session, family, advisor,
                                                                       twilio_video):
    ben, nadia = advisor("ben"), advisor("nadia")
    tab, chat_id = _video_chat(family, ben)
    old_room = own_session.get(Chat, chat_id).video_room
    old_token = ben.emit("video_join", {"chat": chat_id})["video"]
    assert ben.emit("transfer", {"chat": chat_id, "service": "national-helpline", "note": "Needs a national advisor"})["ok"]
    ended = twilio_video.sent[-1]
    assert (ended["url"], ended["data"]) == (f"https://video.twilio.com/v1/Rooms/{'RM' + '1'.zfill(32)}",
                                             {"Status": "completed"})  # the old room ends at Twilio
    assert ben.emit("video_join", {"chat": chat_id})["error"]["code"] == "not_found"
    assert tab.emit("video_join")["error"]["code"] == "no_video"  # until the next advisor takes the chat
    assert nadia.emit("accept", {"chat": chat_id})["ok"]
    own_session.rollback()
    new_room = own_session.get(Chat, chat_id).video_room
    assert new_room and new_room != old_room == old_token["room"]
    assert twilio_video.sent[-1]["data"]["UniqueName"] == new_room  # a room of its own, made at Twilio
    joined = tab.emit("video_join")["video"]
    assert joined["room"] == new_room and joined["token"] != old_token["token"]

"""Video sessions: a chat the family and its advisor also see each other in (docs/video.md).

A video session is routed and queued like any chat (channel `video`, so only services that take
video). When an advisor accepts it, or offers video inside a chat, it gets a room with an
unguessable name. With Twilio (account, API key and secret), the room is created through the
REST API with a status callback, and the family and the accepting advisor each get a short-lived
access token whose only grant is that room. Without Twilio the two browsers connect
peer-to-peer, with their WebRTC signalling carried over the existing Socket.IO connections.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant

from .action_error import ActionError
from .directory.snapshot import current_snapshot
from .handoff import record_event
from .extensions import socketio
from .models import Chat, StaffUser
from .realtime import CONSOLE, FAMILY, chat_room, staff_room
from .twilio_rest import public_url, twilio_client

TOKEN_TTL_S = 600  # long enough to join; Twilio keeps a joined participant connected after expiry
MAX_SIGNAL = 64_000  # characters in one WebRTC signalling message (an SDP offer is a few thousand)


def hosted_by_twilio() -> bool:
    """Whether rooms and tokens come from Twilio (else: peer-to-peer in the browsers)."""
    config = current_app.config
    return bool(twilio_client() and config.get("TWILIO_API_KEY") and config.get("TWILIO_API_SECRET"))


def open_room(chat: Chat) -> None:
    """Give a video chat its room, once (on Twilio too, when Twilio hosts video)."""
    if chat.video_room:
        return
    chat.video_room = "fd-" + secrets.token_urlsafe(18)
    if hosted_by_twilio():
        try:
            room = twilio_client().video.v1.rooms.create(
                unique_name=chat.video_room, type="group", status_callback=public_url(url_for("video.status")),
                status_callback_method="POST")
        except TwilioException as exc:
            raise ActionError("video_failed", f"the video room could not be made: {exc}") from None
        chat.video_room_sid = room.sid


def close_room(chat: Chat) -> None:
    """End a Twilio room when its chat is closed (a peer-to-peer call ends with the pages)."""
    if chat.video_room_sid and hosted_by_twilio():
        try:
            twilio_client().video.v1.rooms(chat.video_room_sid).update(status="completed")
        except TwilioException:
            pass  # Twilio ends an empty room by itself after a few minutes


def offer_video(session: Session, user: StaffUser, chat: Chat, now: datetime) -> None:
    """The advisor offers video inside a chat; the family can join or carry on typing."""
    from webchat.queue import notify_family, system_message

    from .console.present import notify_chat
    if chat.status != "active" or chat.advisor_id != user.id:
        raise ActionError("not_found", "no such chat")
    service = current_snapshot(session).directory.services.get(chat.service_id)
    if service is None or not service.video:
        raise ActionError("no_video", f"{service.name if service else 'this service'} does not take video calls")
    if not chat.video:
        chat.video = True
        open_room(chat)
        system_message(session, chat, f"{user.first_name} has offered a video call. Press “Join video” to see "
                       "each other, or carry on typing.", now)
    notify_family(session, chat, now)
    notify_chat(session, chat)


def _grant(identity: str, room: str) -> str:
    config = current_app.config
    token = AccessToken(config["TWILIO_ACCOUNT_SID"], config["TWILIO_API_KEY"], config["TWILIO_API_SECRET"],
                        identity=identity, ttl=TOKEN_TTL_S)
    token.add_grant(VideoGrant(room=room))
    return token.to_jwt()


def join(chat: Chat, identity: str) -> dict:
    """How one side joins the chat's video: a Twilio token for that room only, or peer-to-peer."""
    if not chat.video or not chat.video_room or chat.status != "active":
        raise ActionError("no_video", "there is no video call in this chat")
    if hosted_by_twilio():
        return {"mode": "twilio", "room": chat.video_room, "identity": identity, "token": _grant(identity, chat.video_room)}
    return {"mode": "p2p", "room": chat.video_room, "identity": identity}


def family_identity(chat: Chat) -> str:
    return f"family-{chat.id[:12]}"


def advisor_identity(user: StaffUser) -> str:
    return f"advisor-{user.id}"


def check_signal(data: object) -> dict:
    """A WebRTC signalling message (offer, answer, ICE candidate, ready, bye), passed on as it is."""
    if not isinstance(data, dict) or not isinstance(data.get("type"), str) or len(str(data)) > MAX_SIGNAL:
        raise ActionError("invalid", "a signal is an object with a type, of at most 64,000 characters")
    return data


def pass_signal(chat: Chat, data: object, advisor: StaffUser | None = None) -> None:
    """Pass a WebRTC signal from the family to the advisor in the call, or (with `advisor`) from that
    advisor to the family; nobody else, not even staff watching the chat, gets one."""
    signal = check_signal(data)
    in_call = chat.video and chat.status == "active" and chat.advisor_id is not None \
        and (advisor is None or chat.advisor_id == advisor.id)
    if not in_call:
        raise ActionError("no_video", "there is no video call in this chat")
    if advisor is None:
        socketio.emit("video_signal", {"chat": chat.id, "signal": signal}, to=staff_room(chat.advisor_id),
                      namespace=CONSOLE)
    else:
        socketio.emit("video_signal", {"signal": signal}, to=chat_room(chat.id), namespace=FAMILY)


def on_room_status(session: Session, params: dict, now: datetime) -> None:
    """Twilio's room and participant status callbacks, as handoff events on the chat's contact."""
    from sqlalchemy import select
    chat = session.scalar(select(Chat).where(Chat.video_room == params.get("RoomName", "")))
    event = params.get("StatusCallbackEvent", "")
    kind = {"room-created": "offered", "participant-connected": "answered",
            "participant-disconnected": "completed", "room-ended": "completed"}.get(event)
    if chat is None or kind is None:
        return
    who = params.get("ParticipantIdentity") or ""
    detail = {"channel": "video", "video": event, "room": chat.video_room}
    if who:
        detail["participant"] = "family" if who.startswith("family-") else "advisor"
    if params.get("RoomDuration", "").isdigit():
        detail["duration_s"] = int(params["RoomDuration"])
    record_event(session, chat.contact, kind, now, decision=chat.decision, service_id=chat.service_id,
                 key=f"video:{params.get('RoomSid', chat.video_room)}:{event}:{who}"[:160], detail=detail)

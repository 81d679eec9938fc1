"""Video sessions: a chat the family and its advisor also see each other in (docs/video.md).

A video session is routed and queued like any chat (channel `video`, so only services that take
video). When an advisor accepts it, or offers video inside a chat, it gets a room with an
unguessable name. With Twilio (account, API key and secret), the room is created through the
REST API after the commit, with a status callback; the room's sid is kept by a follow-up
transaction (a room that could not be made is taken back, and both sides are told). Without
Twilio the two browsers connect peer-to-peer, with their WebRTC signalling carried over the
existing Socket.IO connections.
"""
from __future__ import annotations

import logging
import secrets
from datetime import datetime
from functools import partial

from flask import url_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException

from ..contacts.chat_status import ChatStatus
from ..directory.snapshot import current_snapshot
from ..models import Chat, StaffUser
from ..platform.clock import now as clock_now
from ..platform.outbox import call_after_commit, send_now
from ..platform.refusals import ActionError
from ..platform.rooms import CONSOLE, FAMILY, chat_room, staff_room
from ..platform.transactions import in_new_transaction
from ..platform.twilio_client import public_url, twilio_client
from ..reads.video import hosted_by_twilio
from ._handoff_log import event_key, record_event
from ._messages import system_message
from ._notify import notify_chat, notify_family

log = logging.getLogger(__name__)
MAX_SIGNAL = 64_000  # characters in one WebRTC signalling message (an SDP offer is a few thousand)
_ROOM_EVENTS = {"room-created": "offered", "participant-connected": "answered",
                "participant-disconnected": "completed", "room-ended": "completed"}


def open_room(session: Session, chat: Chat) -> None:
    """Give a video chat its room, once; when Twilio hosts video, the room is made there after
    the commit."""
    if chat.video_room:
        return
    chat.video_room = "fd-" + secrets.token_urlsafe(18)
    if hosted_by_twilio():
        call_after_commit(session, partial(_make_twilio_room, chat.id, chat.video_room,
                                           public_url(url_for("video.status"))))


def _make_twilio_room(chat_id: str, room: str, status_url: str) -> None:
    try:
        made = twilio_client().video.v1.rooms.create(unique_name=room, type="group", status_callback=status_url,
                                                     status_callback_method="POST")
    except TwilioException as exc:
        log.warning("the video room for chat %s could not be made: %s", chat_id, exc)
        in_new_transaction(_room_not_made, chat_id, room, clock_now())
        return
    in_new_transaction(_keep_room_sid, chat_id, room, made.sid)


def _keep_room_sid(session: Session, chat_id: str, room: str, sid: str) -> None:
    session.execute(update(Chat).where(Chat.id == chat_id, Chat.video_room == room).values(video_room_sid=sid))


def _room_not_made(session: Session, chat_id: str, room: str, now: datetime) -> None:
    """Twilio could not make the room: take it back, so video can be offered again, and say so."""
    chat = session.get(Chat, chat_id)
    if chat is None or chat.video_room != room:
        return
    chat.video_room = None
    if chat.status == ChatStatus.ACTIVE:
        system_message(session, chat, "Sorry, the video call could not be set up just now. "
                       "You can carry on typing.", now)
        notify_family(session, chat, now)
        notify_chat(session, chat)


def close_room(session: Session, chat: Chat) -> None:
    """End a Twilio room, after the commit, when its chat is closed (a peer-to-peer call ends with
    the pages)."""
    if chat.video_room_sid and hosted_by_twilio():
        call_after_commit(session, partial(_end_twilio_room, chat.video_room_sid))


def _end_twilio_room(sid: str) -> None:
    try:
        twilio_client().video.v1.rooms(sid).update(status="completed")
    except TwilioException:
        pass  # Twilio ends an empty room by itself after a few minutes


def do_offer_video(session: Session, user: StaffUser, chat: Chat, now: datetime) -> None:
    """The advisor offers video inside a chat; the family can join or carry on typing."""
    if chat.status != ChatStatus.ACTIVE or chat.advisor_id != user.id:
        raise ActionError("not_found", "no such chat")
    service = current_snapshot(session).directory.services.get(chat.service_id)
    if service is None or not service.video:
        raise ActionError("no_video", f"{service.name if service else 'this service'} does not take video calls")
    if not chat.video or not chat.video_room:
        chat.video = True
        open_room(session, chat)
        system_message(session, chat, f"{user.first_name} has offered a video call. Press “Join video” to see "
                       "each other, or carry on typing.", now)
    notify_family(session, chat, now)
    notify_chat(session, chat)


def _check_signal(data: object) -> dict:
    """A WebRTC signalling message (offer, answer, ICE candidate, ready, bye), passed on as it is."""
    if not isinstance(data, dict) or not isinstance(data.get("type"), str) or len(str(data)) > MAX_SIGNAL:
        raise ActionError("invalid", "a signal is an object with a type, of at most 64,000 characters")
    return data


def do_send_video_signal(chat: Chat, data: object, advisor: StaffUser | None = None) -> None:
    """Pass a WebRTC signal from the family to the advisor in the call, or (with `advisor`) from that
    advisor to the family; nobody else, not even staff watching the chat, gets one. Sent at once."""
    signal = _check_signal(data)
    in_call = chat.video and chat.status == ChatStatus.ACTIVE and chat.advisor_id is not None \
        and (advisor is None or chat.advisor_id == advisor.id)
    if not in_call:
        raise ActionError("no_video", "there is no video call in this chat")
    if advisor is None:
        send_now("video_signal", {"chat": chat.id, "signal": signal}, to=staff_room(chat.advisor_id), namespace=CONSOLE)
    else:
        send_now("video_signal", {"signal": signal}, to=chat_room(chat.id), namespace=FAMILY)


def do_record_room_status(session: Session, params: dict, now: datetime) -> None:
    """Twilio's room and participant status callbacks, as handoff events on the chat's contact."""
    chat = session.scalar(select(Chat).where(Chat.video_room == params.get("RoomName", "")))
    event = params.get("StatusCallbackEvent", "")
    kind = _ROOM_EVENTS.get(event)
    if chat is None or kind is None:
        return
    who = params.get("ParticipantIdentity") or ""
    detail = {"channel": "video", "video": event, "room": chat.video_room}
    if who:
        detail["participant"] = "family" if who.startswith("family-") else "advisor"
    if params.get("RoomDuration", "").isdigit():
        detail["duration_s"] = int(params["RoomDuration"])
    record_event(session, chat.contact, kind, now, decision=chat.decision, service_id=chat.service_id,
                 key=event_key("video", params.get("RoomSid", chat.video_room), event, who), detail=detail)

"""The console's Socket.IO namespace (/console): signed-in staff only, from our own pages only.

Each handler parses the event, calls one action (or one read) and answers with the ack. The staff
member is read again from the database for every event, so a deactivated account stops working at
once; what each may see is decided in `reads.access`.
"""
from __future__ import annotations

from flask import session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace, disconnect, emit, join_room

from ..actions.callbacks import (do_call_back, do_claim_callback, do_record_callback_outcome, do_release_callback,
                                 do_set_advisor_phone)
from ..actions.chat_advisor import (do_accept_chat, do_advisor_message, do_advisor_typing, do_close_chat,
                                    do_heartbeat, do_mark_read_by_advisor, do_set_presence, do_transfer_chat)
from ..actions.records import do_open_chat, do_show_number
from ..actions.video import do_offer_video, do_send_video_signal
from ..extensions import db
from ..models import StaffUser
from ..platform.clock import now
from ..platform.refusals import ActionError
from ..platform.rooms import chat_room
from ..platform.socket_events import event, own_origins, request_origin
from ..reads.access import find_callback, find_chat, find_chat_in_call, queue_services
from ..reads.callbacks import callback_json, callbacks_json
from ..reads.console import chat_details, console_rooms, hello_json, mine_json, opened_json, queue_for, sent_json
from ..reads.video import advisor_identity, join_json


def _still_signed_in(user: StaffUser | None) -> bool:
    """The account is active, has not signed out since this connection began, and has the
    role and service whose rooms the connection joined."""
    return (user is not None and user.active and (user.role, user.service_id) == tuple(session.get("joined_as", ()))
            and (user.signed_out_at is None or user.signed_out_at.timestamp() < session.get("connected_at", 0)))


def _user() -> StaffUser:
    user = db.session.get(StaffUser, session.get("staff_id") or 0)
    if not _still_signed_in(user):
        disconnect()  # its rooms would go on showing it the queues: the console reconnects afresh
        raise ActionError("signed_out", "you are signed out; sign in again")
    return user


def _field(data, key: str):
    return data.get(key) if isinstance(data, dict) else None


class ConsoleNamespace(Namespace):
    def on_connect(self, auth=None):
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("sign in to use the console")
        origin = request_origin()
        if origin is not None and origin not in own_origins():
            raise ConnectionRefusedError("the console works only from its own pages")
        user = db.session.get(StaffUser, current_user.id)
        session["staff_id"], session["joined_as"] = user.id, (user.role, user.service_id)
        session["connected_at"] = now().timestamp()
        for room in console_rooms(db.session, user):
            join_room(room)
        emit("hello", hello_json(db.session, user))
        emit("queue", queue_for(db.session, user, now()))
        emit("mine", mine_json(db.session, user))
        emit("callbacks", callbacks_json(db.session, queue_services(user), now()))
        db.session.rollback()  # connecting only reads; the console's heartbeat keeps seen_at

    @event()
    def on_presence(self, data=None):
        user = _user()
        do_set_presence(user, _field(data, "status"), now())
        return {"presence": user.presence}

    @event()
    def on_heartbeat(self, data=None):
        do_heartbeat(_user(), now())
        return {}

    @event()
    def on_open(self, data=None):
        user = _user()
        chat = find_chat(db.session, user, _field(data, "chat"))
        do_open_chat(db.session, user, chat, now())
        join_room(chat_room(chat.id))
        return opened_json(db.session, chat)

    @event()
    def on_accept(self, data=None):
        user = _user()
        chat = find_chat(db.session, user, _field(data, "chat"))
        do_accept_chat(db.session, user, chat, now())
        join_room(chat_room(chat.id))
        return opened_json(db.session, chat)

    @event()
    def on_send(self, data=None):
        user = _user()
        chat = find_chat(db.session, user, _field(data, "chat"), write=True)
        message = do_advisor_message(db.session, user, chat, _field(data, "text"), _field(data, "client_id"), now())
        return {"message": sent_json(chat, message)}

    def on_typing(self, data=None):
        try:
            user = _user()
            chat = find_chat(db.session, user, _field(data, "chat"), write=True)
        except ActionError:
            return
        do_advisor_typing(user, chat, bool(_field(data, "typing")))

    @event()
    def on_read(self, data=None):
        chat = find_chat(db.session, _user(), _field(data, "chat"), write=True)
        return {"upto": do_mark_read_by_advisor(db.session, chat, _field(data, "upto"))}

    @event()
    def on_transfer(self, data=None):
        user = _user()
        chat = find_chat(db.session, user, _field(data, "chat"), write=True)
        return {"service_name": do_transfer_chat(db.session, user, chat, _field(data, "service"),
                                                 _field(data, "note"), now())}

    @event()
    def on_close(self, data=None):
        user = _user()
        chat = find_chat(db.session, user, _field(data, "chat"), write=True)
        do_close_chat(db.session, user, chat, _field(data, "outcome"), _field(data, "note"), now())
        return {}

    # --- callbacks (docs/callbacks.md) ---

    @event()
    def on_set_phone(self, data=None):
        return {"phone": do_set_advisor_phone(_user(), _field(data, "phone"))}

    def _callback_event(self, data, act) -> dict:
        user = _user()
        request = find_callback(db.session, user, _field(data, "callback"))
        act(db.session, user, request, now())
        return {"callback": callback_json(db.session, request)}

    @event()
    def on_claim_callback(self, data=None):
        return self._callback_event(data, do_claim_callback)

    @event()
    def on_release_callback(self, data=None):
        return self._callback_event(data, do_release_callback)

    @event()
    def on_call_back(self, data=None):
        return self._callback_event(data, do_call_back)

    @event()
    def on_callback_number(self, data=None):
        user = _user()
        return {"number": do_show_number(db.session, user, find_callback(db.session, user, _field(data, "callback")),
                                         now())}

    @event()
    def on_callback_outcome(self, data=None):
        return self._callback_event(data, lambda session, user, request, at: do_record_callback_outcome(
            session, user, request, _field(data, "outcome"), _field(data, "note"), at))

    # --- video (docs/video.md) ---

    @event()
    def on_offer_video(self, data=None):
        user = _user()
        chat = find_chat(db.session, user, _field(data, "chat"), write=True)
        do_offer_video(db.session, user, chat, now())
        return {"chat": chat_details(db.session, chat)}

    @event(write=False)
    def on_video_join(self, data=None):
        user = _user()
        return {"video": join_json(find_chat_in_call(db.session, user, _field(data, "chat")), advisor_identity(user))}

    @event(write=False)
    def on_video_signal(self, data=None):
        user = _user()
        do_send_video_signal(find_chat(db.session, user, _field(data, "chat"), write=True), _field(data, "signal"), user)
        return {}

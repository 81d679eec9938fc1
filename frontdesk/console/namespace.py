"""The console's Socket.IO namespace (/console): signed-in staff only, from our own pages only.

The staff member is read again from the database for every event, so a deactivated account
stops working at once; what each may see is decided in `access`.
"""
from __future__ import annotations

from flask import session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace, disconnect, emit, join_room

from webchat.conversations import mark_read
from webchat.present import message_json
from webchat.queue import waiting_chats

from .. import callbacks, video
from ..action_error import ActionError
from ..clock import now
from ..extensions import db
from ..models import StaffUser
from ..realtime import ALL_SERVICES, FAMILY, chat_room, service_room, staff_room
from ..socket_events import event, own_origins, request_origin
from . import actions
from .access import queue_services
from .present import chat_details, hello_json, mine_json, open_chats, queue_json


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


def _watch(chat_id: str) -> None:
    join_room(chat_room(chat_id))


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
        join_room(staff_room(user.id))
        services = queue_services(user)
        for room in ([ALL_SERVICES] if services is None else [service_room(s) for s in services]):
            join_room(room)
        for chat in open_chats(db.session, user):
            _watch(chat.id)
        emit("hello", hello_json(db.session, user))
        emit("queue", queue_json(db.session, waiting_chats(db.session, services), now()))
        emit("mine", mine_json(db.session, user))
        emit("callbacks", callbacks.callbacks_json(db.session, services, now()))
        db.session.rollback()  # connecting only reads; the console's heartbeat keeps seen_at

    @event()
    def on_presence(self, data=None):
        user = _user()
        actions.set_presence(user, data.get("status") if isinstance(data, dict) else None, now())
        return {"presence": user.presence}

    @event()
    def on_heartbeat(self, data=None):
        _user().seen_at = now()
        return {}

    @event(write=False)
    def on_open(self, data=None):
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat") if isinstance(data, dict) else None)
        _watch(chat.id)
        return {"chat": chat_details(db.session, chat), "messages": [message_json(m) for m in chat.messages]}

    @event()
    def on_accept(self, data=None):
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat") if isinstance(data, dict) else None)
        actions.accept(db.session, user, chat, now())
        _watch(chat.id)
        return {"chat": chat_details(db.session, chat), "messages": [message_json(m) for m in chat.messages]}

    @event()
    def on_send(self, data=None):
        data = data if isinstance(data, dict) else {}
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat"), write=True)
        message = actions.advisor_says(db.session, user, chat, data.get("text"), data.get("client_id"), now())
        return {"message": {"chat": chat.id, **message_json(message)}}

    def on_typing(self, data=None):
        data = data if isinstance(data, dict) else {}
        try:
            user = _user()
            chat = actions.find_chat(db.session, user, data.get("chat"), write=True)
        except ActionError:
            return
        emit("typing", {"typing": bool(data.get("typing")), "name": user.first_name},
             to=chat_room(chat.id), namespace=FAMILY)

    @event()
    def on_read(self, data=None):
        data = data if isinstance(data, dict) else {}
        chat = actions.find_chat(db.session, _user(), data.get("chat"), write=True)
        return {"upto": mark_read(db.session, chat, "advisor", data.get("upto"))}

    @event()
    def on_transfer(self, data=None):
        data = data if isinstance(data, dict) else {}
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat"), write=True)
        return {"service_name": actions.transfer(db.session, user, chat, data.get("service"), data.get("note"), now())}

    @event()
    def on_close(self, data=None):
        data = data if isinstance(data, dict) else {}
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat"), write=True)
        actions.close(db.session, user, chat, data.get("outcome"), data.get("note"), now())
        return {}

    # --- callbacks (docs/callbacks.md) ---

    @event()
    def on_set_phone(self, data=None):
        return {"phone": callbacks.set_phone(_user(), data.get("phone") if isinstance(data, dict) else None)}

    def _callback_event(self, data, act) -> dict:
        user = _user()
        request = callbacks.find_callback(db.session, user, data.get("callback") if isinstance(data, dict) else None)
        act(user, request)
        return {"callback": callbacks.callback_json(db.session, request, now())}

    @event()
    def on_claim_callback(self, data=None):
        return self._callback_event(data, lambda user, r: callbacks.claim(db.session, user, r, now()))

    @event()
    def on_release_callback(self, data=None):
        return self._callback_event(data, lambda user, r: callbacks.release(db.session, user, r, now()))

    @event()
    def on_call_back(self, data=None):
        return self._callback_event(data, lambda user, r: callbacks.call_back(db.session, user, r, now()))

    @event(write=False)
    def on_callback_number(self, data=None):
        user = _user()
        request = callbacks.find_callback(db.session, user, data.get("callback") if isinstance(data, dict) else None)
        return {"number": callbacks.number_to_call(user, request)}

    @event()
    def on_callback_outcome(self, data=None):
        data = data if isinstance(data, dict) else {}
        return self._callback_event(data, lambda user, r: callbacks.record_outcome(
            db.session, user, r, data.get("outcome"), data.get("note"), now()))

    # --- video (docs/video.md) ---

    @event()
    def on_offer_video(self, data=None):
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat") if isinstance(data, dict) else None, write=True)
        video.offer_video(db.session, user, chat, now())
        return {"chat": chat_details(db.session, chat)}

    @event(write=False)
    def on_video_join(self, data=None):
        user = _user()
        chat = actions.find_chat(db.session, user, data.get("chat") if isinstance(data, dict) else None, write=True)
        if chat.advisor_id != user.id:  # a supervisor watching is not in the call
            raise ActionError("not_found", "no such chat")
        return {"video": video.join(chat, video.advisor_identity(user))}

    @event(write=False)
    def on_video_signal(self, data=None):
        data = data if isinstance(data, dict) else {}
        user = _user()
        video.pass_signal(actions.find_chat(db.session, user, data.get("chat"), write=True), data.get("signal"), user)
        return {}

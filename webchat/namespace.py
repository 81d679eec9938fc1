"""The widget's Socket.IO namespace (/chat): parse each event, call one conversation action (or
one read) and answer.

The connection remembers (in its Socket.IO session) which partner site it came from and which
conversation it belongs to; a family can reach only the conversation its signed token names.
"""
from __future__ import annotations

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room, leave_room

from frontdesk.actions.chat_family import (do_family_end, do_family_message, do_family_typing,
                                           do_leave_offline_message, do_mark_read_by_family, do_rate_chat,
                                           do_start_or_resume_chat)
from frontdesk.actions.video import do_send_video_signal
from frontdesk.extensions import db
from frontdesk.models import Chat
from frontdesk.platform.clock import now
from frontdesk.platform.logs import tag_contact
from frontdesk.platform.pseudonyms import client_hash
from frontdesk.platform.refusals import ActionError
from frontdesk.platform.rooms import chat_room
from frontdesk.platform.socket_events import event, own_origins, request_origin
from frontdesk.reads.family_chat import conversation_json, history_json, message_json, started_json
from frontdesk.reads.video import family_identity, join_json

from .resume import BadToken, conversation_to_resume
from .sites import find_site, origin_allowed
from .tokens import make_family_token, make_token, read_family_token


def _join(chat: Chat) -> None:
    if session.get("chat") and session["chat"] != chat.id:
        leave_room(chat_room(session["chat"]))  # one conversation per connection
    session["chat"], session["family"] = chat.id, chat.family_key
    join_room(chat_room(chat.id))


def _chat() -> Chat:
    chat = db.session.get(Chat, session.get("chat") or "")
    if chat is None:
        raise ActionError("no_chat", "start a chat first")
    tag_contact(chat.contact_id)
    return chat


def _field(data, key: str):
    return data.get(key) if isinstance(data, dict) else None


class FamilyNamespace(Namespace):
    def on_connect(self, auth=None):
        try:
            self._connect(auth if isinstance(auth, dict) else {})
        finally:
            db.session.rollback()  # connecting only reads

    def _connect(self, auth: dict) -> None:
        site = find_site(db.session, auth.get("site"))
        if site is None:
            raise ConnectionRefusedError("this chat is not set up for this website")
        if not origin_allowed(site, request_origin(), own_origins()):
            raise ConnectionRefusedError("this website may not use this chat")
        session["site"] = site.key
        session["client"] = client_hash(request.remote_addr, current_app.config["SECRET_KEY"])
        session.pop("chat", None)
        session["family"] = read_family_token(auth.get("family")) or session.get("family")
        try:
            chat = conversation_to_resume(db.session, site, auth.get("token"))
        except BadToken as exc:
            emit("error", exc.to_json())
            return
        if chat:
            _join(chat)
            emit("conversation", conversation_json(db.session, chat, now()))
            emit("history", history_json(chat))

    @event()
    def on_start(self, data=None):
        site = find_site(db.session, session.get("site"))
        if site is None:
            raise ActionError("no_site", "this chat is not set up for this website")
        chat = do_start_or_resume_chat(db.session, site, session.get("chat"), data, session.get("family"),
                                       session.get("client"), now())
        _join(chat)
        return {"token": make_token(chat.id, chat.family_key), "family": make_family_token(chat.family_key),
                **started_json(db.session, chat, now())}

    @event()
    def on_send(self, data=None):
        message = do_family_message(db.session, _chat(), _field(data, "text"), _field(data, "client_id"), now())
        return {"message": message_json(message)}

    def on_typing(self, data=None):
        chat_id = session.get("chat")
        if chat_id:
            do_family_typing(chat_id, bool(_field(data, "typing")))

    @event()
    def on_read(self, data=None):
        return {"upto": do_mark_read_by_family(db.session, _chat(), _field(data, "upto"))}

    @event()
    def on_end(self, data=None):
        chat = _chat()
        do_family_end(db.session, chat, now())
        return {"conversation": conversation_json(db.session, chat, now())}

    @event()
    def on_offline_message(self, data=None):
        chat = _chat()
        do_leave_offline_message(db.session, chat, data, now())
        return {"conversation": conversation_json(db.session, chat, now())}

    @event()
    def on_survey(self, data=None):
        do_rate_chat(db.session, _chat(), data)
        return {}

    # --- video (docs/video.md) ---

    @event(write=False)
    def on_video_join(self, data=None):
        chat = _chat()
        return {"video": join_json(chat, family_identity(chat))}

    @event(write=False)
    def on_video_signal(self, data=None):
        do_send_video_signal(_chat(), _field(data, "signal"))
        return {}

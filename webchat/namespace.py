"""The widget's Socket.IO namespace (/chat): parse each event and call the conversation actions.

The connection remembers (in its Socket.IO session) which partner site it came from and which
conversation it belongs to; a family can reach only the conversation its signed token names.
"""
from __future__ import annotations

from flask import session
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room, leave_room

from frontdesk import video
from frontdesk.action_error import ActionError
from frontdesk.clock import now
from frontdesk.extensions import db
from frontdesk.logs import tag_contact
from frontdesk.models import Chat
from frontdesk.realtime import CONSOLE, chat_room
from frontdesk.socket_events import event, own_origins, request_origin

from . import conversations as talk
from .present import conversation_json, message_json
from .sites import find_site, origin_allowed
from .tokens import make_family_token, make_token, read_family_token, read_token


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
        session.pop("chat", None)
        session["family"] = read_family_token(auth.get("family")) or session.get("family")
        found = read_token(auth.get("token")) if auth.get("token") else None
        if auth.get("token") and found is None:
            emit("error", {"code": "bad_token", "message": "that conversation can't be resumed; please start a new chat"})
            return
        chat = db.session.get(Chat, found[0]) if found else None
        if found and (chat is None or chat.site_key != site.key):
            emit("error", {"code": "bad_token", "message": "that conversation can't be resumed; please start a new chat"})
            return
        if chat:
            _join(chat)
            emit("conversation", conversation_json(db.session, chat, now()))
            emit("history", {"messages": [message_json(m) for m in chat.messages],
                             "read_upto": chat.advisor_read_upto})

    @event()
    def on_start(self, data=None):
        site = find_site(db.session, session.get("site"))
        if site is None:
            raise ActionError("no_site", "this chat is not set up for this website")
        current = db.session.get(Chat, session.get("chat") or "")
        if current is None or not talk.is_open(current):  # a repeated start resumes the open chat
            current = talk.start_chat(db.session, site, talk.parse_start(data), session.get("family"), now())
        _join(current)
        return {"token": make_token(current.id, current.family_key), "family": make_family_token(current.family_key),
                "conversation": conversation_json(db.session, current, now()),
                "messages": [message_json(m) for m in current.messages]}

    @event()
    def on_send(self, data=None):
        data = data if isinstance(data, dict) else {}
        message = talk.family_says(db.session, _chat(), data.get("text"), data.get("client_id"), now())
        return {"message": message_json(message)}

    def on_typing(self, data=None):
        chat_id = session.get("chat")
        if chat_id:
            emit("typing", {"chat": chat_id, "typing": bool(isinstance(data, dict) and data.get("typing"))},
                 to=chat_room(chat_id), namespace=CONSOLE)

    @event()
    def on_read(self, data=None):
        upto = data.get("upto") if isinstance(data, dict) else None
        return {"upto": talk.mark_read(db.session, _chat(), "family", upto)}

    @event()
    def on_end(self, data=None):
        chat = _chat()
        talk.family_ends(db.session, chat, now())
        return {"conversation": conversation_json(db.session, chat, now())}

    @event()
    def on_offline_message(self, data=None):
        chat = _chat()
        talk.leave_offline_message(db.session, chat, data, now())
        return {"conversation": conversation_json(db.session, chat, now())}

    @event()
    def on_survey(self, data=None):
        talk.rate(db.session, _chat(), data)
        return {}

    # --- video (docs/video.md) ---

    @event(write=False)
    def on_video_join(self, data=None):
        chat = _chat()
        return {"video": video.join(chat, video.family_identity(chat))}

    @event(write=False)
    def on_video_signal(self, data=None):
        video.pass_signal(_chat(), data.get("signal") if isinstance(data, dict) else None)
        return {}

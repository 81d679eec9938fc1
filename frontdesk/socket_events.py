"""Running one Socket.IO event: in one transaction, answered with an acknowledgement.

Handlers only parse and call an action. The action's ChatError becomes `{ok: false, error}`;
anything unexpected is logged and answered the same way, so a bad event never breaks the
connection or leaves half its writes behind.
"""
from __future__ import annotations

import logging
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, request
from flask_socketio import emit

from webchat.conversations import ChatError

from .extensions import db
from .sqlite import begin_writing

log = logging.getLogger(__name__)


def event(write: bool = True):
    """Decorate a namespace's `on_*` method: its return value (a dict) is the ack's data.

    A failure is answered in the ack and also sent to the sender as an `error` event naming the
    event, for clients that sent it without a callback.
    """
    def wrap(method):
        name = method.__name__.removeprefix("on_")

        @wraps(method)
        def run(self, *args):
            if write:
                begin_writing(db.session)
            try:
                result = method(self, *args) or {}
                db.session.commit()
                return {"ok": True, **result}
            except ChatError as exc:
                db.session.rollback()
                error = exc.to_json()
            except Exception:
                db.session.rollback()
                log.exception("Socket.IO event %s failed", name)
                error = {"code": "server_error", "message": "something went wrong on our side; please try again"}
            emit("error", {**error, "event": name})
            return {"ok": False, "error": error}
        return run
    return wrap


def own_origin() -> str:
    """This front desk's origin as browsers see it (FRONTDESK_PUBLIC_URL behind a proxy)."""
    public = current_app.config.get("PUBLIC_URL")
    parts = urlsplit(public or request.host_url)
    return f"{parts.scheme}://{parts.netloc}"


def request_origin() -> str | None:
    return request.headers.get("Origin")

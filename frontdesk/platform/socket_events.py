"""Running one Socket.IO event: in one transaction, answered with an acknowledgement.

Handlers only parse and call an action. The action's ActionError becomes `{ok: false, error}`;
anything unexpected is logged and answered the same way, so a bad event never breaks the
connection or leaves half its writes behind.
"""
from __future__ import annotations

import logging
import uuid
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, g, request
from flask_socketio import emit

from ..extensions import db
from .refusals import ActionError, MoveLost, refused_after_commit
from .transactions import begin_writing

log = logging.getLogger(__name__)


def event(write: bool = True):
    """Decorate a namespace's `on_*` method: its return value (a dict) is the ack's data.

    A failure is answered in the ack and also sent to the sender as an `error` event naming the
    event, for clients that sent it without a callback. When another worker moved the chat
    while this event was handled, the event is run once more on the chat as it now is. When an
    external call made after the commit could not be carried out (and was undone), the ack says so.
    """
    def wrap(method):
        name = method.__name__.removeprefix("on_")

        def attempt(self, args):
            if write:
                begin_writing(db.session)
            result = method(self, *args) or {}
            db.session.commit()
            refused = refused_after_commit(db.session)
            if refused is not None:
                raise refused
            return {"ok": True, **result}

        @wraps(method)
        def run(self, *args):
            g.request_id = uuid.uuid4().hex  # for the log lines this event writes
            try:
                try:
                    return attempt(self, args)
                except MoveLost:  # another worker moved the chat meanwhile: once more, on what is there now
                    db.session.rollback()
                    return attempt(self, args)
            except ActionError as exc:
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


def own_origins() -> set[str]:
    """This front desk's origins as browsers see them: the host asked for, and
    FRONTDESK_PUBLIC_URL behind a proxy."""
    found = set()
    for url in (request.host_url, current_app.config.get("PUBLIC_URL")):
        if url:
            parts = urlsplit(url)
            found.add(f"{parts.scheme}://{parts.netloc}")
    return found


def request_origin() -> str | None:
    return request.headers.get("Origin")

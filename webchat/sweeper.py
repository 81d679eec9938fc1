"""The loop that moves unanswered chats along their fallbacks, run beside the server."""
from __future__ import annotations

import logging

from flask import Flask

from frontdesk.clock import now
from frontdesk.extensions import db, socketio
from frontdesk.sqlite import begin_writing

from .queue import advance, overdue_chats

log = logging.getLogger(__name__)
EVERY_S = 5


def sweep_once(app: Flask) -> int:
    """Move every overdue chat once, each in its own transaction (one chat's trouble holds up no
    other); returns how many moved."""
    moved = 0
    with app.app_context():
        at = now()
        for chat_id in overdue_chats(db.session, at):
            db.session.rollback()  # end the read: each move is its own writing transaction
            try:
                begin_writing(db.session)
                moved += advance(db.session, chat_id, at)
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("moving overdue chat %s failed; trying again shortly", chat_id)
        db.session.rollback()
    return moved


def start_sweeper(app: Flask) -> None:
    """Sweep every few seconds in the background. Every worker may run one: each move is a
    compare-and-set, so it happens once however many sweep."""
    def loop():
        while True:
            sweep_once(app)
            socketio.sleep(EVERY_S)
    socketio.start_background_task(loop)

"""The loop that moves unanswered chats along their fallbacks, run beside the server."""
from __future__ import annotations

import logging

from flask import Flask

from frontdesk.clock import now
from frontdesk.extensions import db, socketio
from frontdesk.sqlite import begin_writing

from .queue import advance_overdue

log = logging.getLogger(__name__)
EVERY_S = 5


def sweep_once(app: Flask) -> int:
    """Move every overdue chat once; returns how many moved."""
    with app.app_context():
        try:
            begin_writing(db.session)
            moved = advance_overdue(db.session, now())
            db.session.commit()
            return moved
        except Exception:
            db.session.rollback()
            log.exception("moving overdue chats failed; trying again shortly")
            return 0


def start_sweeper(app: Flask) -> None:
    """Sweep every few seconds in the background. Every worker may run one: each move is a
    compare-and-set, so it happens once however many sweep."""
    def loop():
        while True:
            sweep_once(app)
            socketio.sleep(EVERY_S)
    socketio.start_background_task(loop)

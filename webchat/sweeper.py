"""The loop that moves unanswered chats along their fallbacks, run beside the server."""
from __future__ import annotations

import logging

from flask import Flask

from frontdesk.actions.chat_queue import do_advance_chat, do_requeue_stranded
from frontdesk.extensions import db, socketio
from frontdesk.platform.clock import now
from frontdesk.platform.transactions import begin_writing
from frontdesk.reads.chat_queues import overdue_chats, stranded_chats

log = logging.getLogger(__name__)
EVERY_S = 5


def sweep_once(app: Flask) -> int:
    """Move every overdue chat on, and put every chat whose advisor has gone back in its queue;
    each in its own transaction (one chat's trouble holds up no other). Returns how many moved."""
    moved = 0
    with app.app_context():
        at = now()
        work = [(do_advance_chat, chat_id) for chat_id in overdue_chats(db.session, at)]
        work += [(do_requeue_stranded, chat_id) for chat_id in stranded_chats(db.session, at)]
        for move, chat_id in work:
            db.session.rollback()  # end the read: each move is its own writing transaction
            try:
                begin_writing(db.session)
                moved += move(db.session, chat_id, at)
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("moving chat %s failed; trying again shortly", chat_id)
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

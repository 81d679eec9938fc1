"""What an action sends and calls once its transaction has committed — and never if it has not.

Actions queue their real-time events (`emit_after_commit`, `empty_room_after_commit`) and their
external calls, such as Twilio's REST API (`call_after_commit`), while they write. They wait in the
session and run, in the order queued, once the commit has succeeded: events go out through
Flask-SocketIO (and its Redis message queue, when configured). A rolled-back transaction sends and
calls nothing, and a rolled-back savepoint takes back what was queued inside it, so nobody is told
of a change that did not happen and no phone rings for one.

An external call runs after the commit, so what it learns (a call's sid) or a failure it must undo
is written by a follow-up action in a transaction of its own (`transactions.in_new_transaction`).
A call may raise ActionError to say the family's or advisor's request could not be carried out;
the entry point finds it with `refusals.refused_after_commit` and answers with it. Ephemeral signals that
change nothing (typing, video signalling) go out at once with `send_now`.

Only the actions layer (`frontdesk.actions`) uses this module: an import-linter contract says so.
"""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from ..extensions import socketio
from .refusals import ActionError, keep_refusal

log = logging.getLogger(__name__)
_OUTBOX = "frontdesk.outbox"
_MARKS = "frontdesk.outbox-marks"  # savepoint -> how many items were queued when it began


def emit_after_commit(session: Session, event_name: str, data: dict, *, to: str, namespace: str) -> None:
    """Send `event_name` with `data` to room `to` of `namespace` once `session` commits."""
    _queue(session, lambda: socketio.emit(event_name, data, to=to, namespace=namespace))


def empty_room_after_commit(session: Session, room: str, *, namespace: str) -> None:
    """Take everyone out of `room` (on every worker) once `session` commits."""
    _queue(session, lambda: socketio.close_room(room, namespace=namespace))


def call_after_commit(session: Session, call: Callable[[], None]) -> None:
    """Run `call` (a request to an outside service) once `session` commits. If it raises
    ActionError, the first such error is kept for `refusals.refused_after_commit`; anything else
    it raises is logged, and the other queued items still run."""
    def run() -> None:
        try:
            call()
        except ActionError as exc:
            keep_refusal(session, exc)
        except Exception:
            log.exception("an external call after commit failed")
    _queue(session, run)


def send_now(event_name: str, data: dict, *, to: str, namespace: str) -> None:
    """Send an ephemeral signal that changes nothing stored (typing, video signalling) at once."""
    socketio.emit(event_name, data, to=to, namespace=namespace)


def _queue(session: Session, item: Callable[[], None]) -> None:
    session.info.setdefault(_OUTBOX, []).append(item)


@event.listens_for(Session, "after_commit")
def _send(session: Session) -> None:
    if session.in_nested_transaction():  # SQLAlchemy tells of released savepoints too: not yet
        return
    session.info.pop(_MARKS, None)
    for item in session.info.pop(_OUTBOX, ()):
        item()


@event.listens_for(Session, "after_transaction_create")
def _mark(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:  # a savepoint: remember how much was queued when it began
        session.info.setdefault(_MARKS, {})[transaction] = len(session.info.get(_OUTBOX, ()))


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction
        session.info.pop(_OUTBOX, None)
        session.info.pop(_MARKS, None)
    elif previous.nested and previous in session.info.get(_MARKS, {}):  # a savepoint: what it queued
        del session.info.get(_OUTBOX, [])[session.info[_MARKS].pop(previous):]

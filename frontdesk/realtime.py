"""Real-time events sent only after the transaction that caused them commits.

Actions call `emit_after_commit` while they write; the events wait in the session and go out
through Flask-SocketIO (and its Redis message queue, when configured) once the commit has
succeeded. A rolled-back transaction sends nothing, and a rolled-back savepoint takes back
the events queued inside it, so nobody is told of a change that did not happen.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from .extensions import socketio

_OUTBOX = "frontdesk.outbox"
_MARKS = "frontdesk.outbox-marks"  # savepoint -> how many events were queued when it began


def emit_after_commit(session: Session, event_name: str, data: dict, *, to: str, namespace: str) -> None:
    """Send `event_name` with `data` to room `to` of `namespace` once `session` commits."""
    session.info.setdefault(_OUTBOX, []).append(lambda: socketio.emit(event_name, data, to=to, namespace=namespace))


def empty_room_after_commit(session: Session, room: str, *, namespace: str) -> None:
    """Take everyone out of `room` (on every worker) once `session` commits."""
    session.info.setdefault(_OUTBOX, []).append(lambda: socketio.close_room(room, namespace=namespace))


@event.listens_for(Session, "after_commit")
def _send(session: Session) -> None:
    if session.in_nested_transaction():  # SQLAlchemy tells of released savepoints too: not yet
        return
    session.info.pop(_MARKS, None)
    for send in session.info.pop(_OUTBOX, ()):
        send()


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


FAMILY = "/chat"  # the widget's namespace
CONSOLE = "/console"  # the advisor console's namespace
ALL_SERVICES = "services:all"  # supervisors and admins: every service's queue


def chat_room(chat_id: str) -> str:
    """Everyone in one conversation: the family's tabs (on FAMILY), its advisors (on CONSOLE)."""
    return f"chat:{chat_id}"


def service_room(service_id: str) -> str:
    """A service's advisors, on CONSOLE."""
    return f"service:{service_id}"


def staff_room(user_id: int) -> str:
    """All console tabs of one staff member."""
    return f"staff:{user_id}"

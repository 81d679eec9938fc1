"""Transactions: writers that queue for the write lock, on SQLite as on PostgreSQL, and
follow-up transactions of their own.

SQLite is made a proper transactional store for the embedded default.

Python's sqlite3 driver opens transactions lazily and commits on SAVEPOINT release, which
breaks SQLAlchemy's nested transactions (a failed step could leave half its rows behind).
Following SQLAlchemy's documented recipe, we let SQLAlchemy emit BEGIN itself, and we turn
on foreign keys, WAL (readers never block the writer) and a busy timeout for several threads.

A transaction that reads and then writes must say so up front (`begin_writing`): SQLite
cannot turn a reader into a writer once another connection has written meanwhile, and fails
with "database is locked" at once instead of waiting its turn. BEGIN IMMEDIATE takes the
write lock first, so such transactions queue and then succeed. They queue here, retrying
every fraction of a millisecond, rather than in SQLite's busy handler, whose sleeps grow to
100 ms: with a few writers at once that left the lock idle and calls waiting a quarter second.

`in_new_transaction` runs a follow-up action in a session of its own: what an external call
learned after a commit (a Twilio sid, a failure to undo) is written that way.
"""
from __future__ import annotations

import sqlite3
import time
from typing import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..extensions import db

_WRITE = "frontdesk_write"
BUSY_TIMEOUT_S = 10.0


def begin_writing(session: Session) -> None:
    """Start `session`'s transaction as a writer (BEGIN IMMEDIATE on SQLite; nothing elsewhere).
    Call it before the transaction's first statement."""
    session.connection(execution_options={_WRITE: True})


def in_new_transaction(action: Callable[..., object], *args) -> object:
    """Run `action(session, *args)` as a writer in a new session and transaction, and commit it
    (its own after-commit sends and calls then run). Needs an app context."""
    with Session(db.engine) as session:
        begin_writing(session)
        result = action(session, *args)
        session.commit()
        return result


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _begin_immediate(dbapi_connection: sqlite3.Connection) -> None:
    """Take the write lock, waiting up to BUSY_TIMEOUT_S in short naps while others hold it."""
    deadline, nap = time.monotonic() + BUSY_TIMEOUT_S, 0.0002
    dbapi_connection.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(nap)
            nap = min(nap * 1.5, 0.002)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


@event.listens_for(Engine, "begin")
def _on_begin(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    if connection.get_execution_options().get(_WRITE):
        _begin_immediate(connection.connection.dbapi_connection)
    else:
        connection.exec_driver_sql("BEGIN")

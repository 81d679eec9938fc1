"""SQLite as a proper transactional store for the embedded default.

Python's sqlite3 driver opens transactions lazily and commits on SAVEPOINT release, which
breaks SQLAlchemy's nested transactions (a failed step could leave half its rows behind).
Following SQLAlchemy's documented recipe, we let SQLAlchemy emit BEGIN itself, and we turn
on foreign keys, WAL (readers never block the writer) and a busy timeout for several threads.

A transaction that reads and then writes must say so up front (`begin_writing`): SQLite
cannot turn a reader into a writer once another connection has written meanwhile, and fails
with "database is locked" at once instead of waiting its turn. BEGIN IMMEDIATE takes the
write lock first, so such transactions queue (up to the busy timeout) and then succeed.
"""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

_WRITE = "frontdesk_write"


def begin_writing(session: Session) -> None:
    """Start `session`'s transaction as a writer (BEGIN IMMEDIATE on SQLite; nothing elsewhere).
    Call it before the transaction's first statement."""
    session.connection(execution_options={_WRITE: True})


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _on_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "BEGIN")

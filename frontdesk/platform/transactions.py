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
write lock first, so such transactions queue and then succeed. Every HTTP request that writes
begins as a writer before anything else touches the database (`init_app`): any request whose
method changes things (POST, PUT, PATCH, DELETE), and the GET views marked `transaction("write")`
because they record what was looked at; a POST that writes nothing is marked "read", and a view
whose action runs its own transactions (a call's first webhook) "own". Socket.IO events begin as
writers in `socket_events.event`, the sweeper and the commands for each change they make. On
PostgreSQL the same calls change nothing: its row locks and compare-and-set updates queue writers. They queue here, retrying
every fraction of a millisecond, rather than in SQLite's busy handler, whose sleeps grow to
100 ms: with a few writers at once that left the lock idle and calls waiting a quarter second.

`in_new_transaction` runs a follow-up action in a session of its own: what an external call
learned after a commit (a Twilio sid, a failure to undo) is written that way.
"""
from __future__ import annotations

import sqlite3
import time
from typing import Callable

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, SessionTransaction

from ..extensions import db

_WRITE = "frontdesk_write"
_BEGAN = "frontdesk.began"  # session.info: "writer" or "reader", for the transaction under way
BUSY_TIMEOUT_S = 10.0
CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TRANSACTION_KINDS = ("write", "read", "own")


def begin_writing(session: Session) -> None:
    """Start `session`'s transaction as a writer (BEGIN IMMEDIATE on SQLite; nothing elsewhere).
    Call it before the transaction's first statement; again in the same transaction, it does
    nothing. RuntimeError if the transaction already began as a reader (a bug: it could fail)."""
    began = session.info.get(_BEGAN)
    if began == "writer":
        return
    if began == "reader":
        raise RuntimeError("begin_writing after this transaction began reading: begin it as a writer first")
    session.connection(execution_options={_WRITE: True})


def writing_from_here(session: Session) -> None:
    """An entry point's first step when it will write: begin the transaction as a writer, unless
    one is already under way in this session (only where a test holds one app context open around
    its requests or commands, so they share its session) — then carry on in it."""
    if session.info.get(_BEGAN) is None:
        begin_writing(session)


@event.listens_for(Session, "after_begin")
def _note_how_it_began(session: Session, transaction: SessionTransaction, connection) -> None:
    session.info.setdefault(_BEGAN, "writer" if connection.get_execution_options().get(_WRITE) else "reader")


@event.listens_for(Session, "after_transaction_end")
def _forget_how_it_began(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_BEGAN, None)


def transaction(kind: str):
    """Say how a view's request uses the database when its method alone does not: "write" for a
    GET that writes (an audit entry of what was looked at), "read" for a POST that writes nothing,
    "own" for a view whose action begins and ends its own transactions."""
    if kind not in TRANSACTION_KINDS:
        raise ValueError(f"a view's transaction is one of {', '.join(TRANSACTION_KINDS)}, not '{kind}'")

    def mark(view):
        view.frontdesk_transaction = kind
        return view
    return mark


def init_app(app: Flask) -> None:
    """Every request that writes begins as a writer, before anything else reads (register first)."""
    @app.before_request
    def writers_queue_for_the_write_lock() -> None:
        view = app.view_functions.get(request.endpoint)
        kind = getattr(view, "frontdesk_transaction", None) or (
            "write" if request.method in CHANGING_METHODS else "read")
        if kind == "write":
            writing_from_here(db.session)


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

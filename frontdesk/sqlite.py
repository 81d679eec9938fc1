"""SQLite as a proper transactional store for the embedded default.

Python's sqlite3 driver opens transactions lazily and commits on SAVEPOINT release, which
breaks SQLAlchemy's nested transactions (a failed step could leave half its rows behind).
Following SQLAlchemy's documented recipe, we let SQLAlchemy emit BEGIN itself, and we turn
on foreign keys, WAL (readers never block the writer) and a busy timeout for several threads.
"""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


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
        connection.exec_driver_sql("BEGIN")

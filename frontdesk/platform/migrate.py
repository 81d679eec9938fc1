"""Schema migrations with Alembic, run against the app's database."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from ..extensions import db


def alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "frontdesk:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(revision: str = "head") -> None:
    """Bring the app's database schema up to `revision` (inside an app context)."""
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def make_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    with db.engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)

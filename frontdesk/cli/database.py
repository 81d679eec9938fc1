"""`frontdesk db`: the database schema."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..platform.migrate import upgrade


@click.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply the Alembic migrations up to REVISION (default: the latest)."""
    upgrade(revision)
    click.echo(f"Database is at {revision}: {db.engine.url.render_as_string()}")

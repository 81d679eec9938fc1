"""Alembic environment: the URL and metadata come from the Flask app (see frontdesk/migrate.py)."""
from alembic import context

from frontdesk.models import Base

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `frontdesk db upgrade`, which passes a connection")
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run()

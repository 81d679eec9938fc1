"""Alembic migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from frontdesk.extensions import db as _db
from frontdesk.models import Base


def test_migrated_schema_matches_the_models(db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_db_upgrade_command_is_idempotent(runner):
    from frontdesk.cli import main
    result = runner.invoke(main, ["db", "upgrade"], catch_exceptions=False)
    assert result.exit_code == 0 and "Database is at head" in result.output

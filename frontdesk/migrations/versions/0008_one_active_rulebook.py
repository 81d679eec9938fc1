"""at most one active rulebook, whatever two workers do at once

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 10:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rulebook_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_rulebook_versions_active')
        batch_op.create_index('uq_rulebook_versions_one_active', ['active'], unique=True,
                              sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))


def downgrade() -> None:
    with op.batch_alter_table('rulebook_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_rulebook_versions_one_active')
        batch_op.create_index('ix_rulebook_versions_active', ['active'], unique=False)

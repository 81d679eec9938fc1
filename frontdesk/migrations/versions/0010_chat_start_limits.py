"""chat starts: who started them (a keyed hash of the client address) and the start's own id

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('start_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_chats_client_hash'), ['client_hash'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_chats_site_key'), ['site_key', 'start_id'])


def downgrade() -> None:
    with op.batch_alter_table('chats', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_chats_site_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_chats_client_hash'))
        batch_op.drop_column('start_id')
        batch_op.drop_column('client_hash')

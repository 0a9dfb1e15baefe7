"""index responses by unit and time (a unit's comments and exports for a period)

Revision ID: b3f7c2a91d48
Revises: a9d2f41c7e30
Create Date: 2026-12-01 23:05:00

"""
from alembic import op


revision = 'b3f7c2a91d48'
down_revision = 'a9d2f41c7e30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index('ix_responses_unit_id_submitted_at', ['unit_id', 'submitted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_unit_id_submitted_at')

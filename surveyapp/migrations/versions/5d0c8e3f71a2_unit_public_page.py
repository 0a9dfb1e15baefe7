"""a unit's public results page, off by default

Revision ID: 5d0c8e3f71a2
Revises: 81ecb5f6a6de
Create Date: 2026-12-02 00:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5d0c8e3f71a2'
down_revision = '81ecb5f6a6de'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('public_page', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('public_page')

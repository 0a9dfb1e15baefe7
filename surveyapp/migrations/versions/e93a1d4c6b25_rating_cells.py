"""rating cells (additive summaries per desk x unit x month) and their queue

Revision ID: e93a1d4c6b25
Revises: d58b3c9e1a07
Create Date: 2026-12-01 22:00:00

Existing responses are queued, so the first fold builds their cells.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e93a1d4c6b25'
down_revision = 'd58b3c9e1a07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_summaries',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_pending_summaries_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_pending_summaries'))
    )
    op.create_table('rating_cells',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desks.id'], name=op.f('fk_rating_cells_desk_id_desks')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_rating_cells_instrument_id_instruments')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_rating_cells_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_cells')),
    sa.UniqueConstraint('desk_id', 'unit_id', 'instrument_id', 'month', name=op.f('uq_rating_cells_desk_id_unit_id_instrument_id_month'))
    )
    with op.batch_alter_table('rating_cells', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_cells_month'), ['month'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_cells_unit_id'), ['unit_id'], unique=False)
    op.execute("INSERT INTO pending_summaries (response_id) SELECT id FROM responses")


def downgrade():
    with op.batch_alter_table('rating_cells', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_cells_unit_id'))
        batch_op.drop_index(batch_op.f('ix_rating_cells_month'))
    op.drop_table('rating_cells')
    op.drop_table('pending_summaries')

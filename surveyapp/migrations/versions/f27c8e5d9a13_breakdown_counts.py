"""breakdown counts per unit x month x group (procedure, demographics, priorities)

Revision ID: f27c8e5d9a13
Revises: e93a1d4c6b25
Create Date: 2026-12-01 21:50:00

Filled by the fold; `flask --app wsgi rebuild-summaries` computes them for existing responses.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f27c8e5d9a13'
down_revision = 'e93a1d4c6b25'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('breakdown_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('respondents', sa.Integer(), nullable=False),
    sa.Column('overall_valid', sa.Integer(), nullable=False),
    sa.Column('overall_satisfied', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_breakdown_counts_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breakdown_counts')),
    sa.UniqueConstraint('unit_id', 'month', 'dimension', 'value', name=op.f('uq_breakdown_counts_unit_id_month_dimension_value'))
    )
    with op.batch_alter_table('breakdown_counts', schema=None) as batch_op:
        batch_op.create_index('ix_breakdown_counts_unit_id_month', ['unit_id', 'month'], unique=False)


def downgrade():
    with op.batch_alter_table('breakdown_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_breakdown_counts_unit_id_month')
    op.drop_table('breakdown_counts')

"""improvement plans and their actions

Revision ID: a9d2f41c7e30
Revises: 07cc16841dc6
Create Date: 2026-12-01 22:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9d2f41c7e30'
down_revision = '07cc16841dc6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('component', sa.String(length=16), nullable=False),
        sa.Column('flagged_period', sa.String(length=32), nullable=False),
        sa.Column('baseline_period', sa.String(length=32), nullable=False),
        sa.Column('evaluation_period', sa.String(length=32), nullable=False),
        sa.Column('goal', sa.String(length=300), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('review_comment', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.Column('evaluation', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users')),
        sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_plans_reviewed_by_id_users')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_plans_submitted_by_id_users')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_plans_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_unit_id'), ['unit_id'], unique=False)
    op.create_table(
        'plan_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_actions_plan_id_plans')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions')),
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_actions_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_plan_id'))
    op.drop_table('plan_actions')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_unit_id'))
        batch_op.drop_index(batch_op.f('ix_plans_status'))
    op.drop_table('plans')

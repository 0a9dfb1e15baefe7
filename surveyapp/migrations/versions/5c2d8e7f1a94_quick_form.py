"""quick form: a form mode per desk, and the criteria each response was shown

Existing desks keep the full form (server default "full"); desks created from now on are quick
(the model's default). Existing responses were all shown every criterion: shown_criteria NULL.

Revision ID: 5c2d8e7f1a94
Revises: 5d0c8e3f71a2
Create Date: 2026-12-02 00:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c2d8e7f1a94'
down_revision = '5d0c8e3f71a2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('desks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_mode', sa.String(length=8), server_default='full', nullable=False))
        batch_op.create_check_constraint(op.f('ck_desks_form_mode'), "form_mode IN ('quick', 'full')")
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown_criteria', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('shown_criteria')
    with op.batch_alter_table('desks', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_desks_form_mode'), type_='check')
        batch_op.drop_column('form_mode')

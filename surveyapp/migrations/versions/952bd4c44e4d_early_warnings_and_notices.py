"""early warnings: each desk's latest chart, its warnings, staff notices and their e-mail address

Revision ID: 952bd4c44e4d
Revises: 5c1d8e7a2f64
Create Date: 2026-12-02 00:00:47

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '952bd4c44e4d'
down_revision = '5c1d8e7a2f64'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('desk_charts',
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('baseline_responses', sa.Integer(), nullable=False),
    sa.Column('baseline_not_satisfied', sa.Integer(), nullable=False),
    sa.Column('p0', sa.Float(), nullable=True),
    sa.Column('decision_limit', sa.Float(), nullable=True),
    sa.Column('statistic', sa.Float(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('not_satisfied', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desks.id'], name=op.f('fk_desk_charts_desk_id_desks')),
    sa.PrimaryKeyConstraint('desk_id', name=op.f('pk_desk_charts'))
    )
    op.create_table('early_warnings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('open_desk_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('crossed_at', sa.DateTime(), nullable=False),
    sa.Column('p0', sa.Float(), nullable=False),
    sa.Column('decision_limit', sa.Float(), nullable=False),
    sa.Column('statistic', sa.Float(), nullable=False),
    sa.Column('baseline_responses', sa.Integer(), nullable=False),
    sa.Column('baseline_not_satisfied', sa.Integer(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('not_satisfied', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], name=op.f('fk_early_warnings_acknowledged_by_id_users')),
    sa.ForeignKeyConstraint(['desk_id'], ['desks.id'], name=op.f('fk_early_warnings_desk_id_desks')),
    sa.ForeignKeyConstraint(['open_desk_id'], ['desks.id'], name=op.f('fk_early_warnings_open_desk_id_desks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_early_warnings')),
    sa.UniqueConstraint('open_desk_id', name=op.f('uq_early_warnings_open_desk_id'))
    )
    with op.batch_alter_table('early_warnings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_early_warnings_desk_id'), ['desk_id'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('warning_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('mail_pending', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('early_warning')", name=op.f('ck_notices_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notices_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['warning_id'], ['early_warnings.id'], name=op.f('fk_notices_warning_id_early_warnings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices')),
    sa.UniqueConstraint('warning_id', 'user_id', name=op.f('uq_notices_warning_id_user_id'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_mail_pending'), ['mail_pending'], unique=False)
        batch_op.create_index('ix_notices_user_id_read_at', ['user_id', 'read_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_user_id_read_at')
        batch_op.drop_index(batch_op.f('ix_notices_mail_pending'))

    op.drop_table('notices')
    with op.batch_alter_table('early_warnings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_early_warnings_desk_id'))

    op.drop_table('early_warnings')
    op.drop_table('desk_charts')

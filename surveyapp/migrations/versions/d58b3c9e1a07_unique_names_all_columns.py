"""unique constraints named after all their columns (they were named after the first only)

Revision ID: d58b3c9e1a07
Revises: c41e7a0f2b19
Create Date: 2026-12-01 21:35:00

"""
from alembic import op


revision = 'd58b3c9e1a07'
down_revision = 'c41e7a0f2b19'
branch_labels = None
depends_on = None

RENAMES = [
    ("instruments", "uq_instruments_code", "uq_instruments_code_version", ["code", "version"]),
    ("procedures", "uq_procedures_unit_id", "uq_procedures_unit_id_code", ["unit_id", "code"]),
]


def _rename(old_index, new_index):
    for table, *names, columns in RENAMES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(names[old_index]), type_='unique')
            batch_op.create_unique_constraint(op.f(names[new_index]), columns)


def upgrade():
    _rename(0, 1)


def downgrade():
    _rename(1, 0)

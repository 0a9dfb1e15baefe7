"""organisation since 1 July 2025: unit types, validity, lineage, several units per user, audit

Revision ID: c41e7a0f2b19
Revises: b7dde0c5afd0
Create Date: 2026-12-01 21:30:00

Units keep their rows and ids; the old levels become types: province -> province,
department -> agency (or provincial_centre for a "Trung tâm Phục vụ..."), district ->
former_district (closed on 2025-07-01 only by an explicit reorganisation), commune -> commune.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c41e7a0f2b19'
down_revision = 'b7dde0c5afd0'
branch_labels = None
depends_on = None

# The built-in types as they were when this migration was written (init-db adds later ones).
TYPES = [
    ("province", "Tỉnh, thành phố trực thuộc Trung ương", "Province", 0, False, []),
    ("agency", "Sở, ban, ngành", "Provincial agency", 1, True, ["province"]),
    ("provincial_centre", "Trung tâm Phục vụ hành chính công tỉnh",
     "Provincial public administrative service centre", 2, True, ["province"]),
    ("centre_branch", "Chi nhánh Trung tâm Phục vụ hành chính công",
     "Branch of the provincial centre", 3, True, ["provincial_centre"]),
    ("commune", "Xã, phường, đặc khu", "Commune, ward or special zone", 4, True,
     ["province", "former_district"]),
    ("commune_centre", "Trung tâm Phục vụ hành chính công xã",
     "Commune public administrative service centre", 5, True, ["commune"]),
    ("reception_point", "Điểm tiếp nhận và trả kết quả", "Reception and return point", 6, True,
     ["commune_centre", "centre_branch", "provincial_centre"]),
    ("former_district", "Huyện, quận, thị xã, thành phố thuộc tỉnh (đến 30/6/2025)",
     "District level (until 30 June 2025)", 7, True, ["province"]),
]


def _create_tables():
    unit_types = op.create_table('unit_types',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('hosts_desks', sa.Boolean(), nullable=False),
    sa.Column('parent_types', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_unit_types'))
    )
    op.bulk_insert(unit_types, [
        dict(code=c, name=n, name_en=e, rank=r, hosts_desks=h, parent_types=p)
        for c, n, e, r, h, p in TYPES
    ])
    op.create_table('unit_lineage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('basis', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_id'], ['units.id'], name=op.f('fk_unit_lineage_predecessor_id_units')),
    sa.ForeignKeyConstraint(['successor_id'], ['units.id'], name=op.f('fk_unit_lineage_successor_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_lineage')),
    sa.UniqueConstraint('predecessor_id', 'successor_id', name=op.f('uq_unit_lineage_predecessor_id_successor_id'))
    )
    with op.batch_alter_table('unit_lineage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_lineage_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_lineage_successor_id'), ['successor_id'], unique=False)
    op.create_table('user_units',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_user_units_unit_id_units')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_units_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'unit_id', name=op.f('pk_user_units'))
    )
    op.create_table('audit_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('target_label', sa.String(length=200), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_records_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_records'))
    )
    with op.batch_alter_table('audit_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_records_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_records_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_records_recorded_at'), ['recorded_at'], unique=False)


def upgrade():
    _create_tables()
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('official_code', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('type_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    op.execute("""
        UPDATE units SET type_code = CASE
            WHEN level = 'province' THEN 'province'
            WHEN level = 'department' AND name LIKE 'Trung tâm Phục vụ%' THEN 'provincial_centre'
            WHEN level = 'department' THEN 'agency'
            WHEN level = 'district' THEN 'former_district'
            ELSE 'commune' END
    """)
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.alter_column('type_code', existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_constraint(op.f('ck_units_level'), type_='check')
        batch_op.drop_column('level')
        batch_op.create_index(batch_op.f('ix_units_official_code'), ['official_code'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_units_type_code_unit_types'), 'unit_types', ['type_code'], ['code'])
    op.execute("INSERT INTO user_units (user_id, unit_id) "
               "SELECT id, unit_id FROM users WHERE unit_id IS NOT NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_users_unit_id_units'), type_='foreignkey')
        batch_op.drop_column('unit_id')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_users_unit_id_units'), 'units', ['unit_id'], ['id'])
    op.execute("UPDATE users SET unit_id = (SELECT MIN(unit_id) FROM user_units "
               "WHERE user_units.user_id = users.id)")
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=16), nullable=True))
    op.execute("""
        UPDATE units SET level = CASE
            WHEN type_code = 'province' THEN 'province'
            WHEN type_code IN ('agency', 'provincial_centre', 'centre_branch') THEN 'department'
            WHEN type_code = 'former_district' THEN 'district'
            ELSE 'commune' END
    """)
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.alter_column('level', existing_type=sa.String(length=16), nullable=False)
        batch_op.create_check_constraint(
            op.f('ck_units_level'), "level IN ('province', 'department', 'district', 'commune')")
        batch_op.drop_constraint(op.f('fk_units_type_code_unit_types'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_units_official_code'))
        batch_op.drop_column('closed_on')
        batch_op.drop_column('valid_from')
        batch_op.drop_column('type_code')
        batch_op.drop_column('official_code')
    op.drop_table('audit_records')
    op.drop_table('user_units')
    op.drop_table('unit_lineage')
    op.drop_table('unit_types')

"""Mergers, splits, closing and moving desks: history kept, one audit record per change."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Desk, Response, Unit, UnitLineage
from surveyapp.models.audit import AuditRecordChanged
from surveyapp.services import desks, lineage, units
from surveyapp.services.audit import Actor
from tests import factories

REFORM = date(2025, 7, 1)
ACTOR = Actor.command("test")


@pytest.fixture
def province(app):
    return factories.unit("province", name="Tỉnh Thái Nguyên")


def _commune(province, name):
    commune = factories.unit("commune", province, name)
    centre = factories.unit("commune_centre", commune, f"Trung tâm {name}")
    return commune, factories.desk_with_code(centre)


def _audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditRecord.action).order_by(AuditRecord.id)))


def _responses_at(desk: Desk, count: int, when: datetime | None = None) -> None:
    for _ in range(count):
        factories.response(desk, when)


def test_merger_keeps_responses_where_given_and_links_the_history(client, province):
    first, first_desk = _commune(province, "Xã Nông Thượng")
    second, second_desk = _commune(province, "Xã Xuất Hóa")
    _responses_at(first_desk, 2, datetime(2025, 6, 10))
    _responses_at(second_desk, 3, datetime(2025, 6, 11))
    new = units.create_unit(ACTOR, "TN.PBK", "Phường Bắc Kạn", "commune", province)
    units.merge_units(ACTOR, new, [first, second], REFORM, "Nghị quyết 1683/NQ-UBTVQH15")

    stored = db.session.execute(sa.select(Response.unit_id, Response.desk_id)).all()
    assert sorted(u for u, _ in stored) == sorted(
        [first_desk.unit_id] * 2 + [second_desk.unit_id] * 3
    )
    assert {p.unit.id for p in lineage.predecessors(new)} == {first.id, second.id}
    history = lineage.history_unit_ids(new)
    count = sa.select(sa.func.count()).select_from(Response)
    assert db.session.scalar(count.where(Response.unit_id.in_(_subtree(history)))) == 5
    assert lineage.series_breaks(new) == [REFORM]
    label = lineage.includes_label(new)
    assert label == f"gồm: {first.name} (cũ), {second.name} (cũ)" or label == (
        f"gồm: {second.name} (cũ), {first.name} (cũ)"
    )
    assert first.closed_on == REFORM and not first.is_open(REFORM)
    assert first.is_open(date(2025, 6, 30))
    assert _audit_actions()[-6:] == ["unit.merge", "unit.close", "lineage.add"] * 2


def _subtree(unit_ids: list[int]) -> list[int]:
    """Units and all their descendants (a commune's desks sit at its centre)."""
    found, frontier = set(unit_ids), list(unit_ids)
    while frontier:
        frontier = list(db.session.scalars(sa.select(Unit.id).where(Unit.parent_id.in_(frontier))))
        found |= set(frontier)
    return sorted(found)


def test_a_merger_closes_the_old_units_below_and_their_desks(client, province):
    old, desk = _commune(province, "Xã Dương Quang")
    new = units.create_unit(ACTOR, "TN.X1", "Xã Mới", "commune", province)
    units.merge_units(ACTOR, new, [old], REFORM, "Nghị quyết demo")
    assert desk.unit.closed_on == REFORM and not db.session.get(Desk, desk.id).active
    assert client.get(factories.desk_path(desk)).status_code == 404
    assert _audit_actions()[-3:] == ["unit.merge", "unit.close", "lineage.add"]


def test_split_unit_stays_a_closed_series(client, province):
    old, old_desk = _commune(province, "Huyện cũ")
    _responses_at(old_desk, 2)
    east = units.create_unit(ACTOR, "TN.E", "Xã Đông", "commune", province)
    west = units.create_unit(ACTOR, "TN.W", "Xã Tây", "commune", province)
    units.split_unit(ACTOR, old, [east, west], REFORM, "Nghị quyết demo")
    split = lineage.split_of(old)
    assert split is not None and {u.code for u in split.successors} == {"TN.E", "TN.W"}
    assert lineage.predecessors(east) == [] and lineage.predecessors(west) == []
    assert lineage.split_of(east) is None
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Response)
            .where(Response.unit_id == old_desk.unit_id)
        )
        == 2
    )


def test_a_failed_merger_changes_nothing_and_writes_no_audit(client, province):
    old, _ = _commune(province, "Xã A")
    other, _ = _commune(province, "Xã B")
    new = units.create_unit(ACTOR, "TN.N", "Xã Mới", "commune", province)
    units.close_unit(ACTOR, other, date(2025, 1, 1))
    before = _audit_actions()
    with pytest.raises(units.OrgError, match="closed"):
        units.merge_units(ACTOR, new, [old, other], REFORM, "Nghị quyết demo")
    db.session.rollback()
    assert _audit_actions() == before
    assert db.session.get(Unit, old.id).closed_on is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnitLineage)) == 0


def test_merger_needs_a_legal_basis(client, province):
    old, _ = _commune(province, "Xã A")
    new = units.create_unit(ACTOR, "TN.N", "Xã Mới", "commune", province)
    with pytest.raises(units.OrgError, match="legal basis"):
        units.merge_units(ACTOR, new, [old], REFORM, "  ")


def test_moving_a_desk_keeps_earlier_responses_with_the_old_unit(client, province):
    _, desk = _commune(province, "Xã A")
    _, other_desk = _commune(province, "Xã B")
    old_unit = desk.unit_id
    _responses_at(desk, 1)
    desks.move_desk(ACTOR, desk, other_desk.unit, date.today())
    _responses_at(desk, 1)
    rows = db.session.scalars(sa.select(Response.unit_id).order_by(Response.id)).all()
    assert rows == [old_unit, other_desk.unit_id]
    record = db.session.scalars(
        sa.select(AuditRecord).where(AuditRecord.action == "desk.move")
    ).one()
    assert record.before["unit_id"] == old_unit and record.after["unit_id"] == other_desk.unit_id


def test_placement_rules_come_from_the_unit_types(client, province):
    with pytest.raises(units.OrgError, match="cannot sit under"):
        units.create_unit(ACTOR, "BAD", "Trung tâm", "commune_centre", province)
    with pytest.raises(units.OrgError, match="unknown unit type"):
        units.create_unit(ACTOR, "BAD", "Huyện", "district", province)
    assert _audit_actions() == []


def test_a_unit_without_desks_of_its_own_refuses_a_desk(client, province):
    with pytest.raises(units.OrgError, match="no desks"):
        desks.create_desk(ACTOR, province, "TN.Q1", "Quầy 1", date.today())


def test_audit_records_are_append_only(client, province):
    units.update_unit(ACTOR, province, name="Tỉnh Thái Nguyên mới")
    record = db.session.scalars(sa.select(AuditRecord)).one()
    assert record.before["name"].startswith("Tỉnh Thái Nguyên") and record.after["name"] == (
        "Tỉnh Thái Nguyên mới"
    )
    record.after = {"name": "forged"}
    with pytest.raises(AuditRecordChanged):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(sa.select(AuditRecord)).one())
    with pytest.raises(AuditRecordChanged):
        db.session.flush()


def test_a_refused_merger_changes_nothing_in_the_session_either(client, province):
    first, _ = _commune(province, "Xã A")
    second, _ = _commune(province, "Xã B")
    new = units.create_unit(ACTOR, "TN.N", "Xã Mới", "commune", province)
    units.close_unit(ACTOR, second, date(2025, 1, 1))
    with pytest.raises(units.OrgError, match="closed"):
        units.merge_units(ACTOR, new, [first, second], REFORM, "Nghị quyết demo")
    assert first.closed_on is None  # checked before the first change, not rolled back later
    with pytest.raises(units.OrgError, match="succeed itself"):
        units.merge_units(ACTOR, first, [first], REFORM, "Nghị quyết demo")

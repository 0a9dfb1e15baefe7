"""Unit pages: tree, create, edit, merge, split, close, questionnaire; refusals change nothing."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Desk, Unit
from tests import factories
from tests.admin_fixtures import login


def _audit(action: str) -> list[AuditRecord]:
    query = sa.select(AuditRecord).where(AuditRecord.action == action)
    return list(db.session.scalars(query))


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(client, org):
    login(client, "admin")
    return client


def test_tree_puts_children_under_their_parent(admin, org):
    html = _html(admin.get("/admin/units"))
    order = [org[k].name for k in ("root", "first", "own", "second", "other")]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)
    assert 'class="d2' in html.split(org["own"].name)[0].rsplit("<tr", 1)[1]


def test_tree_search_and_pages(admin, org):
    for number in range(55):
        factories.unit("commune", org["root"], f"Xã Thử {number:02d}")
    html = _html(admin.get("/admin/units?q=thử"))
    assert "Xã Thử 00" in html and org["first"].name not in html
    assert "Trang 1 / 2" in html and "Tổng cộng 55" in html
    second = _html(admin.get("/admin/units?q=thử&page=2"))
    assert "Xã Thử 54" in second and "Xã Thử 00" not in second


def test_supervisor_tree_shows_only_their_units(client, org):
    login(client, "sup1")
    html = _html(client.get("/admin/units"))
    assert org["first"].name in html and org["own"].name in html
    assert org["second"].name not in html and org["root"].name not in html
    tree = html.split('<table class="tree">', 1)[1]
    assert 'class="d0 group"' in tree.split(org["first"].name)[0].rsplit("<tr", 1)[1]


def test_create_unit(admin, org):
    data = {"code": "X1", "name": "Xã Bằng Thành", "type_code": "commune",
            "parent": org["root"].code, "valid_from": "01/07/2025"}  # fmt: skip
    response = admin.post("/admin/units/new", data=data)
    assert response.status_code == 303
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "X1"))
    assert unit.parent_id == org["root"].id and unit.valid_from == date(2025, 7, 1)
    [entry] = _audit("unit.create")
    assert entry.actor == "admin" and entry.target_label == "X1"


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"type_code": "commune_centre"},
            "“Trung tâm Phục vụ hành chính công xã” không thể trực thuộc “Tỉnh",
        ),
        ({"code": "U_TAKEN"}, "đã được dùng"),
        ({"parent": "NOPE"}, "Không có đơn vị mang mã: NOPE"),
        ({"valid_from": "2025/07/01"}, "dd/mm/yyyy"),
        ({"name": ""}, "Xin điền mục này"),
    ],
)
def test_create_unit_refused_keeps_the_form_and_changes_nothing(admin, org, changes, message):
    db.session.add(Unit(code="U_TAKEN", name="Xã Có Sẵn", type_code="commune", parent=org["root"]))
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Unit))
    data = {"code": "X1", "name": "Xã Bằng Thành", "type_code": "commune",
            "parent": org["root"].code} | changes  # fmt: skip
    response = admin.post("/admin/units/new", data=data)
    assert response.status_code == 400
    html = _html(response)
    assert message in html and 'value="Xã Bằng Thành"' in html or changes.get("name") == ""
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == count
    assert _audit("unit.create") == []


def test_edit_unit(admin, org):
    unit = org["first"]
    data = {"edit-name": "Phường Phan Đình Phùng", "edit-name_en": "Phan Dinh Phung Ward",
            "edit-official_code": "05014", "edit-type_code": "commune",
            "edit-parent": org["root"].code}  # fmt: skip
    assert admin.post(f"/admin/units/{unit.id}/edit", data=data).status_code == 303
    db.session.refresh(unit)
    assert (unit.name, unit.official_code) == ("Phường Phan Đình Phùng", "05014")
    [entry] = _audit("unit.update")
    assert entry.after["name"] == "Phường Phan Đình Phùng" and entry.before["name"] != unit.name


def test_edit_unit_into_an_impossible_place_is_refused(admin, org):
    unit, name = org["first"], org["first"].name
    data = {"edit-name": "Tên mới", "edit-type_code": "commune", "edit-parent": unit.code}
    response = admin.post(f"/admin/units/{unit.id}/edit", data=data)
    assert response.status_code == 400
    assert "loại “Xã, phường, đặc khu” không thể trực thuộc “Xã, phường, đặc khu”" in _html(
        response
    )
    assert 'value="Tên mới"' in _html(response)
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).name == name and _audit("unit.update") == []


def _successor(org) -> Unit:
    return factories.unit("commune", org["root"], "Xã Bằng Vân")


def test_merge_units(admin, org):
    successor = _successor(org)
    data = {"merge-units": f"{org['first'].code}, {org['second'].code}",
            "merge-on": "01/07/2025", "merge-basis": "Nghị quyết 1683/NQ-UBTVQH15"}  # fmt: skip
    assert admin.post(f"/admin/units/{successor.id}/merge", data=data).status_code == 303
    db.session.expire_all()
    assert db.session.get(Unit, org["first"].id).closed_on == date(2025, 7, 1)
    html = _html(admin.get(f"/admin/units/{successor.id}"))
    assert f"Gồm: {org['first'].name} (cũ), {org['second'].name} (cũ)" in html.replace(
        f"{org['second'].name} (cũ), {org['first'].name} (cũ)",
        f"{org['first'].name} (cũ), {org['second'].name} (cũ)",
    )
    assert "01/07/2025" in html
    tree = _html(admin.get("/admin/units"))
    assert "(cũ, thôi hoạt động từ 01/07/2025)" in tree
    assert len(_audit("unit.merge")) == 2 and len(_audit("lineage.add")) == 2


@pytest.mark.parametrize(
    "data, message",
    [
        ({"merge-basis": ""}, "Xin điền mục này"),
        ({"merge-on": "1/7/25x"}, "dd/mm/yyyy"),
        ({"merge-units": "NOPE"}, "Không có đơn vị mang mã: NOPE"),
    ],
)
def test_merge_with_bad_input_changes_nothing(admin, org, data, message):
    successor = _successor(org)
    form = {"merge-units": org["first"].code, "merge-on": "01/07/2025",
            "merge-basis": "Nghị quyết 1683"} | data  # fmt: skip
    response = admin.post(f"/admin/units/{successor.id}/merge", data=form)
    assert response.status_code == 400 and message in _html(response)
    db.session.expire_all()
    assert db.session.get(Unit, org["first"].id).closed_on is None
    assert _audit("unit.merge") == []


def test_merge_refused_by_the_service_rolls_back_every_unit(admin, org):
    successor = _successor(org)
    org["second"].closed_on = date(2025, 1, 1)
    db.session.commit()
    form = {"merge-units": f"{org['first'].code} {org['second'].code}",
            "merge-on": "01/07/2025", "merge-basis": "Nghị quyết 1683"}  # fmt: skip
    response = admin.post(f"/admin/units/{successor.id}/merge", data=form)
    assert response.status_code == 400
    assert f"Đơn vị {org['second'].code} đã chấm dứt hoạt động từ ngày 01/01/2025" in _html(
        response
    )
    db.session.expire_all()
    assert db.session.get(Unit, org["first"].id).closed_on is None
    assert _audit("unit.merge") == [] and _audit("lineage.add") == []


def test_split_unit_says_its_responses_stay(admin, org):
    new = [factories.unit("commune", org["root"], name) for name in ("Xã Mới A", "Xã Mới B")]
    form = {"split-units": " ".join(u.code for u in new), "split-on": "01/07/2025",
            "split-basis": "Nghị quyết 1683"}  # fmt: skip
    assert admin.post(f"/admin/units/{org['first'].id}/split", data=form).status_code == 303
    html = _html(admin.get(f"/admin/units/{org['first'].id}"))
    assert "chuỗi số liệu đã khép lại" in html and all(u.name in html for u in new)
    assert len(_audit("unit.split")) == 1


def test_split_into_one_unit_is_refused(admin, org):
    new = factories.unit("commune", org["root"])
    form = {"split-units": new.code, "split-on": "01/07/2025", "split-basis": "NQ 1"}
    response = admin.post(f"/admin/units/{org['first'].id}/split", data=form)
    assert response.status_code == 400 and "ít nhất hai đơn vị mới" in _html(response)
    assert db.session.get(Unit, org["first"].id).closed_on is None


def test_close_unit(admin, org):
    unit = org["own"]
    assert (
        admin.post(f"/admin/units/{unit.id}/close", data={"close-on": "15/08/2025"}).status_code
        == 303
    )
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).closed_on == date(2025, 8, 15)
    assert not db.session.get(Desk, org["desks"]["own"].id).active
    assert len(_audit("unit.close")) == 1


def test_close_twice_is_refused(admin, org):
    unit = org["own"]
    admin.post(f"/admin/units/{unit.id}/close", data={"close-on": "15/08/2025"})
    response = admin.post(f"/admin/units/{unit.id}/close", data={"close-on": "20/08/2025"})
    assert response.status_code == 400 and "15/08/2025" in _html(response)
    assert len(_audit("unit.close")) == 1


def test_set_the_questionnaire_of_a_units_desks(admin, org):
    unit = org["own"]
    response = admin.post(
        f"/admin/units/{unit.id}/instrument", data={"instrument-instrument_code": "sipas-survey"}
    )
    assert response.status_code == 303
    assert db.session.get(Desk, org["desks"]["own"].id).instrument_code == "sipas-survey"
    assert len(_audit("desk.set_instrument")) == 1
    bad = admin.post(f"/admin/units/{unit.id}/instrument", data={"instrument-instrument_code": "x"})
    assert bad.status_code == 400 and len(_audit("desk.set_instrument")) == 1


def test_supervisor_gets_no_link_to_a_parent_out_of_sight(client, org):
    login(client, "sup1")
    own = client.get(f"/admin/units/{org['own'].id}").get_data(as_text=True)
    assert f'href="/admin/units/{org["first"].id}"' in own
    first = client.get(f"/admin/units/{org['first'].id}").get_data(as_text=True)
    assert f'href="/admin/units/{org["root"].id}"' not in first

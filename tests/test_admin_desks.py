"""Desk and procedure pages: create, move, deactivate, procedures and their CSV import."""

from __future__ import annotations

import io

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Desk, Procedure
from tests import factories
from tests.admin_fixtures import login


def _actions() -> list[tuple[str, str]]:
    query = sa.select(AuditRecord.action, AuditRecord.actor).order_by(AuditRecord.id)
    return [tuple(row) for row in db.session.execute(query)]


def test_desks_are_grouped_by_unit_and_searchable(client, org):
    login(client, "admin")
    html = client.get("/admin/desks").get_data(as_text=True)
    assert html.count('<tr class="group">') == 2
    found = client.get("/admin/desks?q=Chợ Rã").get_data(as_text=True)
    assert org["other"].name in found and org["own"].name not in found


def test_supervisor_creates_a_desk_in_their_unit(client, org):
    login(client, "sup1")
    form = client.get(f"/admin/desks/new?unit={org['own'].code}").get_data(as_text=True)
    assert f'value="{org["own"].code}"' in form
    data = {"unit": org["own"].code, "code": "DX.Q9", "name": "Quầy số 9"}
    assert client.post("/admin/desks/new", data=data).status_code == 303
    desk = db.session.scalar(sa.select(Desk).where(Desk.code == "DX.Q9"))
    assert desk.unit_id == org["own"].id and desk.codes
    assert _actions() == [("desk.create", "sup1")]


def test_supervisor_cannot_create_a_desk_elsewhere(client, org):
    login(client, "sup1")
    data = {"unit": org["other"].code, "code": "DX.Q9", "name": "Quầy số 9"}
    response = client.post("/admin/desks/new", data=data)
    assert response.status_code == 400
    assert f"Không có đơn vị mang mã: {org['other'].code}" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Desk).where(Desk.code == "DX.Q9")) is None
    assert _actions() == []


def test_move_desk(client, org):
    login(client, "admin")
    desk = org["desks"]["own"]
    response = client.post(f"/admin/desks/{desk.id}/move", data={"unit": org["other"].code})
    assert response.status_code == 303
    assert db.session.get(Desk, desk.id).unit_id == org["other"].id
    assert _actions() == [("desk.move", "admin")]


def test_move_desk_to_a_province_is_refused(client, org):
    login(client, "admin")
    desk = org["desks"]["own"]
    response = client.post(f"/admin/desks/{desk.id}/move", data={"unit": org["root"].code})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "không có quầy riêng" in html and f'value="{org["root"].code}"' in html
    db.session.expire_all()
    assert db.session.get(Desk, desk.id).unit_id == org["own"].id and _actions() == []


def test_deactivate_and_reactivate_a_desk(client, org, app):
    login(client, "sup1")
    desk = org["desks"]["own"]
    path = factories.desk_path(desk)
    assert client.post(f"/admin/desks/{desk.id}/deactivate").status_code == 303
    assert client.get(path).status_code in (404, 410)
    assert client.post(f"/admin/desks/{desk.id}/reactivate").status_code == 303
    assert client.get(path).status_code == 200
    assert [a for a, _ in _actions()] == ["desk.deactivate", "desk.reactivate"]


def test_reactivating_a_desk_of_a_closed_unit_is_refused(client, org):
    login(client, "admin")
    desk, unit = org["desks"]["own"], org["own"]
    client.post(f"/admin/units/{unit.id}/close", data={"close-on": "01/07/2025"})
    response = client.post(f"/admin/desks/{desk.id}/reactivate")
    assert response.status_code == 400 and "đã chấm dứt hoạt động" in response.get_data(True)
    assert not db.session.get(Desk, desk.id).active


def _procedures(unit) -> dict[str, str]:
    query = sa.select(Procedure.code, Procedure.name).where(Procedure.unit_id == unit.id)
    return dict(db.session.execute(query).all())


def test_supervisor_adds_and_renames_a_procedure(client, org):
    login(client, "sup1")
    unit = org["own"]
    path = f"/admin/units/{unit.id}/procedures"
    data = {"save-code": "2.000001", "save-name": "Chứng thực bản sao"}
    assert client.post(path, data=data).status_code == 303
    data["save-name"] = "Chứng thực bản sao từ bản chính"
    assert client.post(path, data=data).status_code == 303
    assert _procedures(unit)["2.000001"] == "Chứng thực bản sao từ bản chính"
    assert [a for a, _ in _actions()] == ["procedure.create", "procedure.rename"]


def test_procedure_without_a_name_is_refused(client, org):
    login(client, "sup1")
    unit = org["own"]
    before = _procedures(unit)
    response = client.post(f"/admin/units/{unit.id}/procedures", data={"save-code": "2.1"})
    assert response.status_code == 400 and "Xin điền mục này" in response.get_data(True)
    assert _procedures(unit) == before


def _upload(client, unit, text: str):
    data = {"file": (io.BytesIO(text.encode("utf-8-sig")), "tthc.csv")}
    return client.post(f"/admin/units/{unit.id}/procedures/import", data=data)


def test_import_procedures_from_csv(client, org):
    login(client, "sup1")
    unit = org["own"]
    text = (
        f"unit_code,code,name\n{unit.code},3.1,Cấp bản sao trích lục\n"
        f"{unit.code},3.2,Đăng ký giám hộ\n"
    )
    assert _upload(client, unit, text).status_code == 303
    assert _procedures(unit)["3.2"] == "Đăng ký giám hộ"
    assert _upload(client, unit, text).status_code == 303  # twice: nothing changes
    assert [a for a, _ in _actions()].count("procedure.create") == 2


def test_import_with_a_bad_line_imports_nothing(client, org):
    login(client, "sup1")
    unit = org["own"]
    before = _procedures(unit)
    text = (
        f"unit_code,code,name\n{unit.code},3.1,Cấp bản sao trích lục\n{unit.code},3.2,\n"
        f"{org['other'].code},3.3,Đăng ký giám hộ\n"
    )
    response = _upload(client, unit, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dòng 3: Thủ tục cần có mã và tên." in html
    assert f"Dòng 4: Tệp này chỉ được liệt kê đơn vị {unit.code}" in html
    assert _procedures(unit) == before and _actions() == []

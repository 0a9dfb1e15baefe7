"""Staff accounts and the audit trail pages."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, User
from tests.admin_fixtures import login


def _user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _new(org, **changes) -> dict:
    return {
        "username": "ntlan", "full_name": "Nguyễn Thị Lan", "role": "supervisor",
        "units": f"{org['first'].code}, {org['second'].code}", "password": "mật khẩu đủ dài",
    } | changes  # fmt: skip


def test_create_a_supervisor_of_two_units(client, org):
    login(client, "admin")
    assert client.post("/admin/staff/new", data=_new(org)).status_code == 303
    user = _user("ntlan")
    assert [u.code for u in user.units] == sorted([org["first"].code, org["second"].code])
    entry = db.session.scalar(sa.select(AuditRecord).where(AuditRecord.action == "user.create"))
    assert entry.actor == "admin" and "mật khẩu" not in str(entry.after)


def test_create_account_with_a_short_password_or_no_unit_is_refused(client, org):
    login(client, "admin")
    for data, message in (
        (_new(org, password="ngan"), "Mật khẩu cần ít nhất 10 ký tự"),
        (_new(org, units=""), "cần được giao ít nhất một đơn vị"),
        (_new(org, username="sup2"), "đã được dùng"),
    ):
        response = client.post("/admin/staff/new", data=data)
        assert response.status_code == 400 and message in response.get_data(True)
        assert 'value="Nguyễn Thị Lan"' in response.get_data(True)
    assert _user("ntlan") is None


def test_edit_role_and_units(client, org):
    login(client, "admin")
    member = org["users"]["sup2"]
    data = {"full_name": "Trần Văn Hùng", "role": "reviewer", "units": ""}
    assert client.post(f"/admin/staff/{member.id}/edit", data=data).status_code == 303
    db.session.expire_all()
    assert (member.role, member.units, member.full_name) == ("reviewer", [], "Trần Văn Hùng")


def test_admin_cannot_change_their_own_role(client, org):
    login(client, "admin")
    me = org["users"]["admin"]
    data = {"full_name": "Cán bộ admin", "role": "reviewer", "units": ""}
    response = client.post(f"/admin/staff/{me.id}/edit", data=data)
    assert response.status_code == 400 and "tự đổi vai trò" in response.get_data(True)
    db.session.expire_all()
    assert me.role == "admin"


def test_deactivate_and_reactivate(client, org):
    login(client, "admin")
    member = org["users"]["sup2"]
    assert client.post(f"/admin/staff/{member.id}/deactivate").status_code == 303
    other = client.application.test_client()
    response = other.post("/auth/login", data={"username": "sup2", "password": "x" * 21})
    assert response.status_code == 400
    db.session.expire_all()
    assert not member.active
    assert client.post(f"/admin/staff/{member.id}/activate").status_code == 303
    db.session.expire_all()
    assert member.active


def test_cannot_deactivate_oneself(client, org):
    login(client, "admin")
    me = org["users"]["admin"]
    response = client.post(f"/admin/staff/{me.id}/deactivate")
    assert response.status_code == 400 and "tự khóa" in response.get_data(True)
    db.session.expire_all()
    assert me.active


def test_reset_password_shows_the_new_one_once(client, org):
    login(client, "admin")
    member = org["users"]["sup2"]
    response = client.post(f"/admin/staff/{member.id}/password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    password = html.split('<p class="secret"><code>', 1)[1].split("</code>", 1)[0]
    assert password not in client.get(f"/admin/staff/{member.id}").get_data(True)
    other = client.application.test_client()
    signed_in = other.post("/auth/login", data={"username": "sup2", "password": password})
    assert signed_in.status_code == 302
    assert password not in str(db.session.scalars(sa.select(AuditRecord.after)).all())


def test_audit_trail_filters(client, org):
    login(client, "admin")
    client.post(f"/admin/desks/{org['desks']['own'].id}/deactivate")
    client.post(f"/admin/staff/{org['users']['sup2'].id}/deactivate")
    both = client.get("/admin/audit").get_data(as_text=True)
    assert "desk.deactivate" in both and "user.deactivate" in both
    only = client.get("/admin/audit?action=user.deactivate").get_data(as_text=True)
    assert "<code>desk.deactivate</code>" not in only and "<code>user.deactivate</code>" in only
    by_target = client.get("/admin/audit?target=sup2").get_data(as_text=True)
    assert "<code>desk.deactivate</code>" not in by_target
    assert "<code>user.deactivate</code>" in client.get("/admin/audit?actor=adm").get_data(True)
    none = client.get("/admin/audit?actor=sup1").get_data(as_text=True)
    assert "<code>user.deactivate</code>" not in none
    past = client.get("/admin/audit?until=01/01/2020").get_data(as_text=True)
    assert "<code>desk.deactivate</code>" not in past and "Không có bản ghi" in past
    bad = client.get("/admin/audit?since=2020/01/01")
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.get_data(True)


def test_audit_trail_is_read_only(client, org):
    login(client, "admin")
    assert client.post("/admin/audit").status_code == 405

"""Staff pages: sign-in, who sees which desks, posters and re-issue."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.services.accounts import create_user
from tests import factories

PASSWORD = "correct horse battery"


@pytest.fixture
def province(app):
    """A province with two communes, a centre under the first, a desk in each."""
    root = factories.unit("province", name="Tỉnh Thái Nguyên")
    first = factories.unit("commune", root, "Phường Đức Xuân")
    second = factories.unit("commune", root, "Xã Chợ Rã")
    commune = factories.unit("commune_centre", first, "Trung tâm PVHCC phường Đức Xuân")
    desks = {unit.code: factories.desk_with_code(unit) for unit in (first, second, commune)}
    for username, role, unit in (
        ("admin", "admin", None),
        ("reviewer", "reviewer", None),
        ("sup1", "supervisor", first),
        ("sup2", "supervisor", second),
    ):
        create_user(username, PASSWORD, role, username, [unit] if unit else [])
    db.session.commit()
    return {"first": first, "second": second, "commune": commune, "desks": desks}


def _login(client, username, password=PASSWORD):
    return client.post("/auth/login", data={"username": username, "password": password})


def test_pages_need_sign_in(client, province):
    response = client.get("/admin/desks")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    desk = province["desks"][province["first"].code]
    assert client.post(f"/admin/desks/{desk.id}/reissue").status_code == 302


def test_wrong_password_is_refused(client, province):
    response = _login(client, "sup1", "wrong")
    assert response.status_code == 400
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    assert _login(client, "nobody").status_code == 400


def test_passwords_are_hashed(province):
    assert PASSWORD not in factories.database_text()


def test_supervisor_sees_only_their_subtree(client, province):
    _login(client, "sup1")
    html = client.get("/admin/desks").get_data(as_text=True)
    assert province["first"].name in html and province["commune"].name in html
    assert province["second"].name not in html
    other = province["desks"][province["second"].code]
    for path in (f"/admin/desks/{other.id}/poster", f"/admin/desks/{other.id}/qr.png"):
        assert client.get(path).status_code == 404
    assert client.post(f"/admin/desks/{other.id}/reissue").status_code == 404


def test_reviewer_sees_everything_but_cannot_reissue(client, province):
    _login(client, "reviewer")
    html = client.get("/admin/desks").get_data(as_text=True)
    assert all(unit.name in html for unit in (province["first"], province["second"]))
    desk = province["desks"][province["second"].code]
    assert client.post(f"/admin/desks/{desk.id}/reissue").status_code == 403


def test_supervisor_reissues_their_desk(client, province):
    desk = province["desks"][province["first"].code]
    old = factories.desk_path(desk)
    _login(client, "sup1")
    response = client.post(f"/admin/desks/{desk.id}/reissue")
    assert response.status_code == 303
    assert client.get(old).status_code == 410
    assert "Mã cũ không còn dùng được" in client.get("/admin/desks").get_data(as_text=True)


def test_poster_shows_unit_desk_instruction_and_qr(client, province):
    desk = province["desks"][province["commune"].code]
    _login(client, "admin")
    html = client.get(f"/admin/desks/{desk.id}/poster").get_data(as_text=True)
    assert desk.unit.name in html and desk.name in html
    assert "Quét mã QR để đánh giá" in html and "<svg" in html
    png = client.get(f"/admin/desks/{desk.id}/qr.png")
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil",
        "////evil.example/",
        "///evil.example",
        "/\t/evil.example",
        "/%09/evil.example",
        "http:evil.example",
    ],
)
def test_login_never_redirects_off_site(client, province, target):
    response = client.post(
        f"/auth/login?next={target}", data={"username": "admin", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/admin/units"


def test_login_follows_a_same_site_next(client, province):
    response = client.post(
        "/auth/login?next=/admin/desks?page=2", data={"username": "admin", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/admin/desks?page=2"


def test_logout_ends_the_session(client, province):
    _login(client, "admin")
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/admin/desks").status_code == 302

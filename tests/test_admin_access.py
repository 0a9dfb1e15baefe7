"""Who reaches which administration page: role x page x own/other unit, GET and POST."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.models import AuditRecord
from tests.admin_fixtures import PASSWORD, login, make_org
from tests.conftest import form_fields

OK = "ok"  # allowed: the page, a redirect after the change, or the form back with its errors

# path template, then the expected result for admin, reviewer and sup1 on their own unit and
# on another unit ({unit} and {desk} are filled from the scope; {user} is sup2's account).
GET_PAGES = [
    ("/admin/units", (200, 200, 200, 200)),
    ("/admin/units/new", (200, 403, 403, 403)),
    ("/admin/units/{unit}", (200, 200, 200, 404)),
    ("/admin/units/{unit}/procedures", (200, 200, 200, 404)),
    ("/admin/desks", (200, 200, 200, 200)),
    ("/admin/desks/new", (200, 403, 200, 200)),
    ("/admin/desks/{desk}", (200, 200, 200, 404)),
    ("/admin/desks/{desk}/poster", (200, 200, 200, 404)),
    ("/admin/desks/{desk}/qr.svg", (200, 200, 200, 404)),
    ("/admin/staff", (200, 200, 403, 403)),
    ("/admin/staff/new", (200, 403, 403, 403)),
    ("/admin/staff/{user}", (200, 200, 403, 403)),
    ("/admin/audit", (200, 403, 403, 403)),
]
POSTS = [
    ("/admin/units/new", (OK, 403, 403, 403)),
    ("/admin/units/{unit}/edit", (OK, 403, 403, 404)),
    ("/admin/units/{unit}/close", (OK, 403, 403, 404)),
    ("/admin/units/{unit}/merge", (OK, 403, 403, 404)),
    ("/admin/units/{unit}/split", (OK, 403, 403, 404)),
    ("/admin/units/{unit}/instrument", (OK, 403, 403, 404)),
    ("/admin/units/{unit}/public-page", (OK, 403, 403, 404)),
    ("/admin/units/{unit}/procedures", (OK, 403, OK, 404)),
    ("/admin/units/{unit}/procedures/import", (OK, 403, OK, 404)),
    ("/admin/desks/new", (OK, 403, OK, OK)),
    ("/admin/desks/{desk}/move", (OK, 403, OK, 404)),
    ("/admin/desks/{desk}/deactivate", (OK, 403, OK, 404)),
    ("/admin/desks/{desk}/reactivate", (OK, 403, OK, 404)),
    ("/admin/desks/{desk}/reissue", (OK, 403, OK, 404)),
    ("/admin/staff/new", (OK, 403, 403, 403)),
    ("/admin/staff/{user}/edit", (OK, 403, 403, 403)),
    ("/admin/staff/{user}/deactivate", (OK, 403, 403, 403)),
    ("/admin/staff/{user}/activate", (OK, 403, 403, 403)),
    ("/admin/staff/{user}/password", (OK, 403, 403, 403)),
]
CASES = [("admin", "own", 0), ("reviewer", "own", 1), ("sup1", "own", 2), ("sup1", "other", 3)]


def _path(template: str, org, scope: str) -> str:
    return template.format(
        unit=org[scope].id, desk=org["desks"][scope].id, user=org["users"]["sup2"].id
    )


def _matches(status: int, expected) -> bool:
    return status in (200, 303, 400) if expected == OK else status == expected


@pytest.mark.parametrize("role, scope, column", CASES)
@pytest.mark.parametrize("template, expected", GET_PAGES, ids=[p for p, _ in GET_PAGES])
def test_get_page_by_role(client, org, role, scope, column, template, expected):
    login(client, role)
    response = client.get(_path(template, org, scope))
    assert response.status_code == expected[column]


@pytest.mark.parametrize("role, scope, column", CASES)
@pytest.mark.parametrize("template, expected", POSTS, ids=[p for p, _ in POSTS])
def test_post_by_role(client, org, role, scope, column, template, expected):
    login(client, role)
    before = db.session.scalar(db.select(db.func.count()).select_from(AuditRecord))
    response = client.post(_path(template, org, scope), data={})
    assert _matches(response.status_code, expected[column]), response.status_code
    if response.status_code in (403, 404, 400):
        after = db.session.scalar(db.select(db.func.count()).select_from(AuditRecord))
        assert after == before


def test_pages_need_sign_in(client, org):
    for template, _ in GET_PAGES:
        response = client.get(_path(template, org, "own"))
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("template", [p for p, _ in POSTS])
def test_every_post_needs_the_csrf_token(csrf_app, template):
    client = csrf_app.test_client()
    with csrf_app.app_context():
        path = _path(template, make_org(), "own")
        count = db.session.scalar(db.select(db.func.count()).select_from(AuditRecord))
    page = client.get("/auth/login").get_data(as_text=True)
    token = form_fields(page)["csrf_token"]
    signed_in = client.post(
        "/auth/login", data={"username": "admin", "password": PASSWORD,
                             "csrf_token": token},
    )  # fmt: skip
    assert signed_in.status_code == 302
    response = client.post(path, data={})
    assert response.status_code == 400
    assert "tải lại trang" in response.get_data(as_text=True).lower()
    with csrf_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditRecord)) == count


@pytest.mark.parametrize(
    "role, links, absent",
    [
        (
            "admin",
            ["Tổng quan tỉnh", "Đơn vị", "Quầy và mã QR", "Tài khoản cán bộ", "Nhật ký thay đổi"],
            [],
        ),
        (
            "reviewer",
            ["Tổng quan tỉnh", "Đơn vị", "Tài khoản cán bộ"],
            ["Nhật ký thay đổi", "Đơn vị mới"],
        ),
        (
            "sup1",
            ["Kết quả", "Đơn vị", "Quầy và mã QR"],
            ["Tổng quan tỉnh", "Tài khoản cán bộ", "Nhật ký thay đổi"],
        ),
    ],
)
def test_header_shows_who_and_only_usable_links(client, org, role, links, absent):
    login(client, role)
    html = client.get("/admin/units").get_data(as_text=True)
    nav = html.split('<nav class="links"', 1)[1].split("</nav>", 1)[0]
    assert all(f">{label}</a>" in nav for label in links)
    assert not any(label in html for label in absent)
    assert f"Cán bộ {role}" in html and 'action="/auth/logout"' in html
    if role == "sup1":
        assert "Phụ trách đơn vị" in html and org["first"].name in html


@pytest.mark.parametrize("role, landing", [("admin", "/admin/units"), ("reviewer", "/console/"),
                                           ("sup1", "/console/")])  # fmt: skip
def test_landing_page_after_sign_in(client, org, role, landing):
    response = client.post("/auth/login", data={"username": role, "password": PASSWORD})
    assert response.headers["Location"] == landing
    if role != "admin":  # the console sends each role on: the province, or their own unit
        onward = client.get(landing).headers["Location"]
        assert (
            onward == "/console/province"
            if role == "reviewer"
            else (onward == f"/console/units/{org['first'].id}")
        )


def test_citizen_pages_carry_no_staff_header(client, org, desk_path):
    login(client, "admin")
    html = client.get(desk_path).get_data(as_text=True)
    assert 'class="staff' not in html and "Cán bộ admin" not in html


def test_staff_pages_in_english(client, org):
    login(client, "sup1")
    html = client.get("/admin/desks?lang=en").get_data(as_text=True)
    assert "<h1>Desks and QR codes</h1>" in html and "Supervisor" in html
    assert ">Sign out</button>" in html and "New desk" in html


def test_header_marks_the_section_of_the_page(client, org):
    login(client, "admin")
    html = client.get(f"/admin/desks/{org['desks']['own'].id}").get_data(as_text=True)
    assert '<a href="/admin/desks" aria-current="true">' in html
    assert '<a href="/admin/units" aria-current' not in html

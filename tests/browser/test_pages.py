"""The citizen flow on a small phone without JavaScript, languages, errors, staff pages."""

from __future__ import annotations

import re

import pytest

from tests.admin_fixtures import PASSWORD

PHONE = {"viewport": {"width": 360, "height": 740}, "java_script_enabled": False}


@pytest.mark.browser_context(**PHONE)
def test_citizen_rates_a_desk_on_a_phone_without_javascript(page, site):
    page.set_content("<title>before</title><script>document.title = 'script ran'</script>")
    assert page.title() == "before"  # JavaScript really is off
    page.goto(site["desk_url"])
    assert page.locator("h1").count() == 1
    for fieldset in page.locator("fieldset.q").all():
        radios = fieldset.locator("input[type=radio][value='4']")
        if radios.count():
            radios.first.check()
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Xin cảm ơn!"


@pytest.mark.browser_context(**PHONE)
def test_language_switch(page, site):
    page.goto(site["desk_url"])
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Send").is_visible()
    page.get_by_role("link", name="Tiếng Việt").click()
    assert page.locator("html").get_attribute("lang") == "vi"


@pytest.mark.browser_context(**PHONE)
def test_unknown_link_shows_an_error_page(page, site):
    response = page.goto(site["base_url"] + "/no-such-page")
    assert response.status == 404
    assert "Trang này không tồn tại" in page.content()
    response = page.goto(site["base_url"] + "/q/NOT-A-CODE")
    assert response.status in (404, 410)
    assert page.locator("h1").inner_text()


def _sign_in(page, site, username: str = "admin") -> None:
    page.goto(site["base_url"] + "/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/**")
    page.wait_for_load_state("load")


def test_sign_in_and_out(page, site):
    _sign_in(page, site)
    assert page.url.endswith("/admin/units")
    assert "Cán bộ admin" in page.locator(".who").inner_text()
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(site["base_url"] + "/admin/units")
    assert "/auth/login" in page.url


def test_wrong_password_is_refused_in_the_browser(page, site):
    page.goto(site["base_url"] + "/auth/login")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("wrong password")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.content()


ADMIN_PAGES = [
    ("/admin/units", "Đơn vị"),
    ("/admin/units/new", "Đơn vị mới"),
    ("/admin/units/{unit}", "Trung tâm PVHCC phường Đức Xuân"),
    ("/admin/units/{unit}/procedures", "Thủ tục hành chính"),
    ("/admin/desks", "Quầy và mã QR"),
    ("/admin/desks/new", "Quầy mới"),
    ("/admin/desks/{desk}", "Quầy số 1"),
    ("/admin/desks/{desk}/poster", None),
    ("/admin/staff", "Tài khoản cán bộ"),
    ("/admin/staff/new", "Tài khoản mới"),
    ("/admin/staff/{user}", "Cán bộ sup1"),
    ("/admin/audit", "Nhật ký thay đổi"),
]


def _path(template: str, site) -> str:
    return template.format(unit=site["unit_id"], desk=site["desk_id"], user=site["user_id"])


def _watch(page) -> list[str]:
    """Console errors (a blocked style or script, a missing file) and failed requests."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    return problems


@pytest.mark.parametrize("template, heading", ADMIN_PAGES, ids=[p for p, _ in ADMIN_PAGES])
def test_admin_page_loads(page, site, template, heading):
    _sign_in(page, site)
    problems = _watch(page)
    response = page.goto(site["base_url"] + _path(template, site))
    assert response.status == 200
    if heading is None:
        assert page.locator(".poster svg").is_visible()
    else:
        assert re.match(re.escape(heading), page.locator("h1").inner_text())
    assert problems == []


@pytest.mark.browser_context(viewport={"width": 360, "height": 740})
def test_admin_pages_fit_a_small_phone(page, site):
    _sign_in(page, site)
    too_wide = {}
    for template, _ in ADMIN_PAGES:
        page.goto(site["base_url"] + _path(template, site))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[template] = width
    assert too_wide == {}


@pytest.mark.browser_context(**PHONE)
def test_public_page_on_a_phone_without_javascript(page, site):
    problems = _watch(page)
    response = page.goto(f"{site['base_url']}/cong-khai/{site['public_code']}")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Người dân góp ý – chúng tôi đã làm"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Citizens’ feedback – what we did"
    assert problems == []

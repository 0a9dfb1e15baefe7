"""Early warning on the dashboards, the notices page and who sees what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, EarlyWarning, Notice, User
from surveyapp.services.early_warning import check_early_warnings
from tests import warning_data
from tests.conftest import form_fields
from tests.warning_data import CHART_START, NOW, add_responses, baseline, login


def _raise_warning(place) -> EarlyWarning:
    baseline(place.desk)
    baseline(place.other_desk, responses=50)  # "not enough data"
    add_responses(place.desk, CHART_START, [1, 1, 0] * 30, timedelta(hours=3))
    check_early_warnings(NOW)
    return db.session.scalar(sa.select(EarlyWarning))


@pytest.fixture
def warned(app):
    place = warning_data.build()
    return place, _raise_warning(place)


def _unit_page(client, desk) -> str:
    return client.get(f"/console/units/{desk.unit.parent_id}?period=2026-07..2026-10").get_data(
        True
    )


def test_the_unit_page_flags_the_desk_for_its_supervisors(client, warned):
    place, warning = warned
    login(client, "sup")
    html = _unit_page(client, place.desk)
    cell = html.split('class="warning-flag"', 1)[1].split("</td>", 1)[0]
    assert "Cảnh báo sớm" in cell and "20,0%" in cell  # usually 20.0 % not satisfied
    assert f"/console/warnings/{warning.id}/acknowledge" in cell


def test_another_units_supervisor_sees_neither_the_flag_nor_the_notice(client, warned):
    place, warning = warned
    login(client, "other")
    assert client.get(f"/console/units/{place.desk.unit.parent_id}").status_code == 404
    own = _unit_page(client, place.other_desk)
    assert "Cảnh báo sớm</span>" not in own and "chưa đủ dữ liệu" in own
    assert client.get("/console/province").status_code == 403
    notices = client.get("/notices/").get_data(True)
    assert place.desk.name not in notices and "Không có thông báo" in notices
    assert client.post(f"/console/warnings/{warning.id}/acknowledge").status_code == 404
    assert db.session.get(EarlyWarning, warning.id).open_desk_id == place.desk.id


def test_the_province_overview_lists_the_warning_for_reviewers(client, warned):
    place, warning = warned
    login(client, "reviewer")
    html = client.get("/console/province?period=2026-07..2026-10").get_data(True)
    section = html.split('id="early-warnings"', 1)[1].split("</table>", 1)[0]
    assert place.desk.code in section and place.desk.unit.name in section
    assert f"{warning.crossed_at:%d/%m/%Y}" in section
    share = warning.not_satisfied / warning.responses
    assert f"{share * 100:.1f}%".replace(".", ",") in section
    assert f"n&nbsp;=&nbsp;{warning.responses})" in section and "n&nbsp;=&nbsp;300)" in section
    assert place.other_desk.code not in section
    # A reviewer reads but does not acknowledge: that is for whoever manages the desk.
    assert client.post(f"/console/warnings/{warning.id}/acknowledge").status_code == 403


def test_the_header_counts_unread_notices_of_the_signed_in_user(client, warned):
    login(client, "sup")
    html = client.get("/notices/").get_data(True)
    assert re.search(r'class="count"[^>]*>1</span>', html)
    login(client, "admin")
    html = client.get("/notices/").get_data(True)
    assert 'class="count"' not in html


def _notice(username: str) -> Notice:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    return db.session.scalar(sa.select(Notice).where(Notice.user_id == user.id))


def test_marking_a_notice_read_needs_the_csrf_token(csrf_app):
    with csrf_app.app_context():
        place = warning_data.build()
        _raise_warning(place)
        notice_id = _notice("sup").id
    client = csrf_app.test_client()
    token = form_fields(client.get("/auth/login").get_data(True))["csrf_token"]
    client.post(
        "/auth/login",
        data={"username": "sup", "password": warning_data.PASSWORD, "csrf_token": token},
    )
    assert client.post(f"/notices/{notice_id}/read").status_code == 400
    with csrf_app.app_context():
        assert _notice("sup").read_at is None
    page = client.get("/notices/").get_data(True)
    assert "Cảnh báo sớm: Quầy số 1 (" in page and "1 chưa đọc" in page
    token = form_fields(page)["csrf_token"]
    response = client.post(f"/notices/{notice_id}/read", data={"csrf_token": token})
    assert response.status_code == 302
    with csrf_app.app_context():
        assert _notice("sup").read_at is not None
        assert _notice("sup.centre").read_at is None  # only one's own


def test_another_users_notice_id_changes_nothing(client, warned):
    notice_id = _notice("sup").id
    login(client, "other")
    assert client.post(f"/notices/{notice_id}/read").status_code == 302
    assert client.post("/notices/read").status_code == 302
    assert _notice("sup").read_at is None


@pytest.mark.parametrize("username", ["sup.centre", "admin"])
def test_the_desks_managers_acknowledge_a_warning_once(client, warned, username):
    place, warning = warned
    login(client, username)
    path = f"/console/warnings/{warning.id}/acknowledge"
    response = client.post(path, data={"unit_id": place.desk.unit_id, "period": "2026-10"})
    assert response.status_code == 302 and "#desks" in response.headers["Location"]
    db.session.expire_all()
    closed = db.session.get(EarlyWarning, warning.id)
    user = db.session.scalar(sa.select(User).where(User.username == username))
    assert closed.open_desk_id is None and closed.acknowledged_by_id == user.id
    record = db.session.scalar(
        sa.select(AuditRecord).where(AuditRecord.action == "acknowledge_warning")
    )
    assert (record.actor, record.target_id) == (username, str(warning.id))
    assert client.post(path).status_code == 409
    html = client.get(f"/console/units/{place.desk.unit_id}?period=2026-10").get_data(True)
    cell = html.split('class="warning-flag"', 1)[1].split("</td>", 1)[0]
    assert "trong giới hạn" in cell and "acknowledge" not in cell

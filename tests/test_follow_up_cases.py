"""Follow-up cases: only the unit's supervisors see and work them; every step is audited
without the contact; administrators and reviewers see counts, never a contact."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, FollowUpCase
from surveyapp.services import follow_ups
from tests import follow_up_data as data
from tests.plan_data import user


@pytest.fixture
def given(app, client):
    built = data.build()
    case = data.open_case(client, built["desks"]["A"], email=data.EMAIL)
    client.get("/thanks")  # the citizen's visit is over; a staff member signs in next
    return built | {"case": case}


def _audit_text() -> str:
    records = db.session.scalars(sa.select(AuditRecord))
    return "\n".join(
        json.dumps([r.actor, r.action, r.target_label, r.before, r.after], ensure_ascii=False)
        for r in records
    )


def test_the_units_supervisor_sees_the_case_and_its_contact(client, given):
    data.login(client, "sup_a")
    listing = client.get("/plans/follow-ups/").get_data(as_text=True)
    assert f"/plans/follow-ups/{given['case'].id}" in listing and "Đang mở" in listing
    assert data.PHONE_STORED not in listing  # the contact only on the case page
    page = client.get(f"/plans/follow-ups/{given['case'].id}").get_data(as_text=True)
    assert f'href="tel:{data.PHONE_STORED}"' in page and f"mailto:{data.EMAIL}" in page
    assert "Liên hệ lại (1 đang mở)" in page  # the header link with its count


def test_a_supervisor_of_another_unit_gets_404(client, given):
    data.login(client, "sup_b")
    case_id = given["case"].id
    assert client.get(f"/plans/follow-ups/{case_id}").status_code == 404
    assert client.post(f"/plans/follow-ups/{case_id}/contact").status_code == 404
    assert client.post(f"/plans/follow-ups/{case_id}/notes", data={"text": "x"}).status_code == 404
    listing = client.get("/plans/follow-ups/").get_data(as_text=True)
    assert f"/plans/follow-ups/{case_id}" not in listing and "(0 đang mở)" in listing
    assert db.session.get(FollowUpCase, case_id).status == "open"


@pytest.mark.parametrize("username", ["reviewer", "admin"])
def test_reviewers_and_administrators_see_counts_never_a_contact(client, given, username):
    data.login(client, username)
    case_id = given["case"].id
    assert client.get(f"/plans/follow-ups/{case_id}").status_code == 403
    assert client.post(f"/plans/follow-ups/{case_id}/resolve").status_code == 403
    counts = client.get("/plans/follow-ups/").get_data(as_text=True)
    unit = given["desks"]["A"].unit.name
    assert unit in counts and "(1 đang mở)" in counts
    for page in (counts, client.get("/admin/audit").get_data(as_text=True)):
        assert data.PHONE_STORED not in page and data.EMAIL not in page
    assert f"/plans/follow-ups/{case_id}" not in counts


def test_a_supervisor_without_units_is_refused(client, given):
    from surveyapp.services.accounts import create_user

    create_user("sup_none", data.PASSWORD, "supervisor", "Không đơn vị")
    db.session.commit()
    data.login(client, "sup_none")
    assert client.get("/plans/follow-ups/").status_code == 403


def test_the_case_moves_open_contacted_resolved_with_notes_each_audited(client, given):
    case_id = given["case"].id
    data.login(client, "sup_a")
    note = unicodedata.normalize("NFD", "Đã gọi, người dân phản ánh chờ lâu.")
    steps = [
        ("contact", {"note": note}),
        ("notes", {"text": "Đã nhắc quầy 2."}),
        ("resolve", {"note": ""}),
    ]
    for step, form in steps:
        response = client.post(f"/plans/follow-ups/{case_id}/{step}", data=form)
        assert response.status_code == 303, response.get_data(as_text=True)
    case = db.session.get(FollowUpCase, case_id)
    assert case.status == "resolved" and case.contacted_at <= case.resolved_at
    assert [n.text for n in case.notes] == [
        unicodedata.normalize("NFC", note),
        "Đã nhắc quầy 2.",
    ]
    assert {n.author.username for n in case.notes} == {"sup_a"}
    records = follow_ups.history(case)
    assert [(r.actor, r.action) for r in records] == [
        ("citizen", "follow_up.open"),
        ("sup_a", "follow_up.contact"),
        ("sup_a", "follow_up.note"),
        ("sup_a", "follow_up.resolve"),
    ]
    assert records[1].before == {"status": "open"}
    assert records[1].after == {"status": "contacted", "note": case.notes[0].id}
    audit = _audit_text()
    for secret in (data.PHONE_STORED, data.EMAIL, "chờ lâu", "quầy 2"):
        assert secret not in audit
    page = client.get(f"/plans/follow-ups/{case_id}").get_data(as_text=True)
    assert "Cán bộ sup_a" in page and "Đã đánh dấu đã xử lý xong" in page


@pytest.mark.parametrize(
    ("steps", "refused", "message"),
    [
        (["resolve"], "resolve", "Việc không ở trạng thái mà bước này cần."),
        (["contact"], "contact", "Việc không ở trạng thái mà bước này cần."),
        ([], "notes", "Xin điền mục này."),
    ],
)
def test_a_refused_step_changes_nothing(client, given, steps, refused, message):
    case_id = given["case"].id
    data.login(client, "sup_a")
    for step in steps:
        assert client.post(f"/plans/follow-ups/{case_id}/{step}").status_code == 303
    before = (db.session.get(FollowUpCase, case_id).status, len(follow_ups.history(given["case"])))
    response = client.post(f"/plans/follow-ups/{case_id}/{refused}", data={"text": ""})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.session.expire_all()
    case = db.session.get(FollowUpCase, case_id)
    assert (case.status, len(follow_ups.history(case))) == before


def test_a_supervisor_of_several_units_sees_them_grouped_open_first(client, given):
    desks = given["desks"]
    data.open_case(client, desks["B"])
    data.open_case(client, desks["A"])
    first = given["case"]
    follow_ups.move(user("sup_a"), first, "resolve")
    data.login(client, "sup_ab")
    items = follow_ups.cases(user("sup_ab")).items
    assert [c.status for c in items] == ["open", "open", "resolved"]
    assert items[-1].id == first.id
    listing = client.get("/plans/follow-ups/").get_data(as_text=True)
    for desk in desks.values():
        assert f"{desk.unit.name} · Đang mở" in listing
    assert f"{desks['A'].unit.name} · Đã xử lý xong" in listing
    assert "(2 đang mở)" in listing


def test_the_case_list_is_paginated(client, given, monkeypatch):
    monkeypatch.setattr(follow_ups, "PER_PAGE", 1)
    data.open_case(client, given["desks"]["A"])
    data.login(client, "sup_a")
    first = client.get("/plans/follow-ups/").get_data(as_text=True)
    second = client.get("/plans/follow-ups/?page=2").get_data(as_text=True)
    assert "Trang 1 / 2" in first and "Trang 2 / 2" in second
    ids = [c.id for c in db.session.scalars(sa.select(FollowUpCase).order_by(FollowUpCase.id))]
    assert f"/plans/follow-ups/{ids[1]}" in first and f"/plans/follow-ups/{ids[0]}" in second


def test_a_closed_units_supervisor_can_still_close_the_loop(client, given):
    centre = given["desks"]["A"].unit
    centre.closed_on = date(2026, 1, 1)
    db.session.commit()
    data.login(client, "sup_a")
    case_id = given["case"].id
    assert client.post(f"/plans/follow-ups/{case_id}/resolve").status_code == 303

"""The quick mode outside the citizen page: choosing it, the kiosk API, the exports."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Desk, Response
from surveyapp.services import exports
from tests import factories
from tests.admin_fixtures import login
from tests.test_feedback_quick import COMPONENTS, load


def _mode(desk: Desk) -> str:
    return db.session.scalar(sa.select(Desk.form_mode).where(Desk.id == desk.id))


def test_a_desk_made_on_the_admin_page_starts_quick(client, org):
    login(client, "sup1")
    data = {"unit": org["own"].code, "code": "DX.Q7", "name": "Quầy số 7"}
    assert client.post("/admin/desks/new", data=data).status_code == 303
    desk = db.session.scalar(sa.select(Desk).where(Desk.code == "DX.Q7"))
    assert desk.form_mode == "quick"


@pytest.mark.parametrize(
    ("username", "desk", "status", "mode"),
    [
        ("admin", "other", 303, "quick"),
        ("sup1", "own", 303, "quick"),
        ("sup1", "other", 404, "full"),  # not their unit: no hint that it exists
        ("reviewer", "own", 403, "full"),
    ],
)
def test_who_may_choose_a_desks_form(client, org, username, desk, status, mode):
    login(client, username)
    target = org["desks"][desk]
    response = client.post(f"/admin/desks/{target.id}/form-mode", data={"form_mode": "quick"})
    assert response.status_code == status
    assert _mode(target) == mode


def test_choosing_the_form_is_audited_and_shown(client, org):
    login(client, "sup1")
    desk = org["desks"]["own"]
    client.post(f"/admin/desks/{desk.id}/form-mode", data={"form_mode": "quick"})
    record = db.session.scalar(sa.select(AuditRecord).where(AuditRecord.target_id == str(desk.id)))
    assert (record.action, record.actor) == ("desk.set_form_mode", "sup1")
    assert (record.before["form_mode"], record.after["form_mode"]) == ("full", "quick")
    page = client.get(f"/admin/desks/{desk.id}").get_data(as_text=True)
    assert "Nhanh: đánh giá chung và một tiêu chí" in page
    refused = client.post(f"/admin/desks/{desk.id}/form-mode", data={"form_mode": "short"})
    assert refused.status_code == 400 and _mode(desk) == "quick"


def test_a_kiosk_draws_a_set_and_submits_against_it(api, app):
    desk = factories.desk_with_code(form_mode="quick")
    drawn = api("get", f"/api/v1/desks/{factories.token(desk)}/draw")
    assert drawn.status_code == 200 and drawn.headers["Cache-Control"] == "no-store"
    body = drawn.get_json()
    codes = [criterion["code"] for criterion in body["criteria"]]
    assert [code.rsplit(".", 1)[0] for code in codes] == list(COMPONENTS)
    answers = {code: 4 for code in codes} | {"OVERALL": 5}
    sent = {"token": factories.token(desk), "answers": answers, "draw": body["draw"]}
    assert api("post", "/api/v1/responses", json=sent).status_code == 201
    assert db.session.scalar(sa.select(Response.shown_criteria)) == ";".join(codes)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (lambda body, hidden: body | {"draw": body["draw"] + "x"}, "draw", "bad_draw"),
        (lambda body, hidden: body["answers"].update({hidden: 3}) or body, None, "not_shown"),
    ],
)
def test_the_api_refuses_a_bad_draw_and_answers_outside_it(api, app, change, field, code):
    desk = factories.desk_with_code(form_mode="quick")
    drawn = api("get", f"/api/v1/desks/{factories.token(desk)}/draw").get_json()
    codes = [criterion["code"] for criterion in drawn["criteria"]]
    hidden = next(c for c in factories.full_answers() if c not in codes and c != "OVERALL")
    body = {"token": factories.token(desk), "answers": {"OVERALL": 4}, "draw": drawn["draw"]}
    response = api("post", "/api/v1/responses", json=change(body, hidden))
    assert response.status_code == 422
    (problem,) = response.get_json()["problems"]
    assert problem["code"] == code and problem["field"] == (field or hidden)
    assert factories.response_count() == 0


def test_a_draw_for_another_desk_is_refused_by_the_api(api, app):
    desk, other = factories.desk_with_code(), factories.desk_with_code()
    drawn = api("get", f"/api/v1/desks/{factories.token(other)}/draw").get_json()
    body = {"token": factories.token(desk), "answers": {"OVERALL": 4}, "draw": drawn["draw"]}
    response = api("post", "/api/v1/responses", json=body)
    assert response.status_code == 422 and factories.response_count() == 0


def test_the_draw_of_an_unknown_desk_is_404(api, app):
    assert api("get", "/api/v1/desks/NOSUCHTOKEN/draw").status_code == 404


def test_exports_carry_the_shown_set(client, app):
    desk = factories.desk_with_code(form_mode="quick")
    path = factories.desk_path(desk)
    fields, codes = load(client, path)
    client.post(path, data=fields | {"OVERALL": "4", codes[1]: "5"})
    full, _ = load(client, path + "?form=full")
    client.post(path + "?form=full", data=full | factories.full_answers(3))
    header, *rows = [row for batch in exports.response_rows() for row in batch]
    column = header.index("shown_criteria")
    assert [row[column] for row in rows] == [";".join(codes), "all"]
    quick_row = dict(zip(header, rows[0], strict=True))
    assert quick_row[codes[1]] == "5" and quick_row[codes[0]] == ""  # shown, skipped
    with exports.responses_xlsx(None, None) as handle:
        book = openpyxl.load_workbook(handle, read_only=True)
        sheet = list(book["responses"].iter_rows(values_only=True))
        book.close()
    assert [row[column] for row in sheet] == ["shown_criteria", ";".join(codes), "all"]
    text = "".join(exports.csv_chunks(None, None))
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1][column] == ";".join(codes)

"""The JSON API, checked against its own OpenAPI document for every exchange."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from openapi_core.testing import MockRequest
from openapi_spec_validator import validate

from surveyapp.extensions import db
from surveyapp.models import Answer
from surveyapp.services import desk_codes
from surveyapp.services.audit import Actor
from surveyapp.services.desks import reissue_code
from tests import factories
from tests.api_fixtures import SPEC_PATH


def _body(desk, **extra):
    return {"token": factories.token(desk), "answers": factories.full_answers(4)} | extra


def test_served_document_is_valid_openapi(client):
    with client.get("/api/v1/openapi.json") as response:
        document = response.get_json()
    validate(document)
    assert {"/responses", "/forms/{token}", "/scores"} <= set(document["paths"])


def test_create_response_returns_201_with_the_new_id(api, desk):
    body = _body(desk, comment="Tốt", choices={"priorities": ["time"], "sex": "male"})
    response = api("post", "/api/v1/responses", json=body)
    assert response.status_code == 201
    assert response.get_json()["created"] is True
    assert factories.response_count() == 1 and factories.answer_count() == 20


def test_idempotency_key_stores_once(api, desk):
    headers = {"Idempotency-Key": "kiosk-7-000000000042"}
    first = api("post", "/api/v1/responses", json=_body(desk), headers=headers)
    second = api("post", "/api/v1/responses", json=_body(desk), headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert factories.response_count() == 1


@pytest.mark.parametrize(
    ("answers", "field", "code"),
    [
        ({"OVERALL": 6}, "OVERALL", "out_of_range"),
        ({"OVERALL": 4, "SVC.1.1": 0}, "SVC.1.1", "out_of_range"),
        ({"OVERALL": 4, "SVC.1.1": 4.5}, "SVC.1.1", "out_of_range"),
        ({"OVERALL": 4, "SVC.1.1": True}, "SVC.1.1", "out_of_range"),
        ({"OVERALL": 4, "SVC.1.1": "5"}, "SVC.1.1", "out_of_range"),
        ({"OVERALL": 4, "SVC.6.1": 5}, "SVC.6.1", "unknown_criterion"),
        ({"SVC.1.1": 5}, "OVERALL", "required"),
        ({}, "", "no_rating"),
    ],
)
def test_invalid_answers_give_422_with_problems(api, desk, answers, field, code):
    response = api("post", "/api/v1/responses", json=_body(desk, answers=answers))
    assert response.status_code == 422
    problems = response.get_json()["problems"]
    assert {"field": field, "code": code} in [
        {k: p[k] for k in ("field", "code")} for p in problems
    ]
    assert factories.response_count() == 0


@pytest.mark.parametrize(
    ("token", "code"),
    [("NOTATOKEN", "unknown_token"), ("A" * 24, "unknown_token")],
)
def test_unknown_token_gives_422(api, desk, token, code):
    response = api("post", "/api/v1/responses", json=_body(desk, token=token))
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["code"] == code


def test_revoked_token_gives_422_and_new_token_works(api, desk):
    old = factories.token(desk)
    reissue_code(Actor.command("test"), desk)
    response = api("post", "/api/v1/responses", json=_body(desk, token=old))
    assert response.get_json()["problems"][0]["code"] == "revoked_token"
    assert api("post", "/api/v1/responses", json=_body(desk)).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        "text",
        {"answers": {"OVERALL": 4}},
        {"token": 5, "answers": {}},
        {"token": "X", "answers": []},
        {"token": "X", "answers": {}, "extra": 1},
        {"token": "X", "answers": {}, "choices": {"sex": 3}},
    ],
)
def test_malformed_bodies_give_400_with_problems(api, desk, body):
    response = api("post", "/api/v1/responses", json=body)
    assert response.status_code == 400
    assert response.get_json()["problems"]
    assert factories.response_count() == 0


def test_invalid_json_gives_400(api, desk):
    response = api("post", "/api/v1/responses", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["problems"][0]["code"] == "malformed_json"


def test_wrong_content_type_gives_415_json(api, desk):
    response = api("post", "/api/v1/responses", data="token=x", content_type="text/plain")
    assert response.status_code == 415 and response.get_json()["error"]


def test_oversized_body_gives_413_json(api, desk):
    response = api("post", "/api/v1/responses", json=_body(desk, comment="x" * 70_000))
    assert response.status_code == 413 and response.is_json
    assert factories.response_count() == 0


def test_bad_idempotency_key_gives_400(api, desk):
    response = api(
        "post", "/api/v1/responses", json=_body(desk), headers={"Idempotency-Key": "short"}
    )
    assert response.status_code == 400


def test_dossier_is_rated_once_through_the_api(api, desk):
    reference = desk_codes.dossier_reference(desk, "H56.22-241121-0001")
    first = api("post", "/api/v1/responses", json=_body(desk, dossier=reference))
    second = api("post", "/api/v1/responses", json=_body(desk, dossier=reference))
    assert (first.status_code, second.status_code) == (201, 409)
    assert second.get_json()["problems"][0]["code"] == "dossier_already_rated"
    assert factories.response_count() == 1


def test_forged_dossier_gives_422(api, desk):
    forged = "H56.22-241121-0001." + "A" * 16
    response = api("post", "/api/v1/responses", json=_body(desk, dossier=forged))
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["code"] == "invalid_dossier"


def test_get_form_describes_the_desk_questionnaire(api, desk):
    response = api("get", f"/api/v1/forms/{factories.token(desk)}")
    form = response.get_json()
    assert form["instrument"]["code"] == "sipas-desk"
    assert form["desk"]["code"] == desk.code
    assert len(form["procedures"]) == 2


def test_get_form_with_bad_token_is_404_json(api, desk):
    response = api("get", "/api/v1/forms/NOTATOKEN")
    assert response.status_code == 404 and response.get_json()["error"]


def test_api_messages_follow_the_language(api, desk):
    vi = api("post", "/api/v1/responses", json=_body(desk, answers={}))
    en = api("post", "/api/v1/responses?lang=en", json=_body(desk, answers={}))
    assert any("ít nhất một" in p["message"] for p in vi.get_json()["problems"])
    assert any("at least one" in p["message"] for p in en.get_json()["problems"])


def test_null_token_gives_422_on_the_token(api, desk):
    response = api("post", "/api/v1/responses", json={"token": None, "answers": {"OVERALL": 4}})
    assert response.status_code == 422
    assert [p["field"] for p in response.get_json()["problems"]] == ["token"]
    assert factories.response_count() == 0


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_gives_400_malformed_json(api, desk, opening):
    body = opening * (60_000 // len(opening))  # under the 64 KiB limit
    response = api("post", "/api/v1/responses", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["problems"][0]["code"] == "malformed_json"


@pytest.mark.parametrize(
    "change",
    [
        {"answers": factories.full_answers(2)},
        {"comment": "Thêm một ý"},
        {"choices": {"sex": "female"}},
        {"procedure": "1.000894"},
    ],
)
def test_an_idempotency_key_reused_for_another_body_is_refused(api, desk, change):
    headers = {"Idempotency-Key": "kiosk-7-000000000043"}
    first = api("post", "/api/v1/responses", json=_body(desk), headers=headers)
    second = api("post", "/api/v1/responses", json=_body(desk, **change), headers=headers)
    assert (first.status_code, second.status_code) == (201, 409)
    problem = second.get_json()["problems"][0]
    assert (problem["field"], problem["code"]) == ("Idempotency-Key", "idempotency_key_reused")
    assert factories.response_count() == 1
    assert "2" not in {str(r) for r in db.session.scalars(sa.select(Answer.rating))}
    # The first body, sent again, is still the retry it was.
    assert api("post", "/api/v1/responses", json=_body(desk), headers=headers).status_code == 200


def _request(body: dict, query: str = "") -> MockRequest:
    return MockRequest(
        "http://localhost",
        "post",
        "/api/v1/responses",
        args=dict([query.split("=", 1)]) if query else {},
        data=json.dumps(body).encode(),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    "answers",
    [{}, {"SVC.9.9": 4}, {"OVERALL": 0}, {"OVERALL": 4.5}],
)
def test_the_document_refuses_the_answers_the_service_refuses(api, openapi, desk, answers):
    body = _body(desk, answers=answers)
    assert api("post", "/api/v1/responses", json=body).status_code == 422
    with pytest.raises(Exception, match="validation error"):
        openapi.validate_request(_request(body))


def test_a_rating_written_as_1_0_is_the_integer_the_document_allows(api, desk):
    """JSON Schema counts 1.0 as an integer, and so does the service."""
    body = _body(desk, answers={"OVERALL": 4.0, "SVC.1.1": 1.0})
    assert api("post", "/api/v1/responses", json=body).status_code == 201
    assert sorted(db.session.scalars(sa.select(Answer.rating))) == [1, 4]


def test_an_unknown_lang_falls_back_to_vietnamese_as_documented(api, desk):
    response = api("post", "/api/v1/responses?lang=xx", json=_body(desk, answers={}))
    assert response.status_code == 422
    assert "ít nhất một" in response.get_json()["problems"][-1]["message"]
    assert api("post", "/api/v1/responses?lang=fr", json=_body(desk)).status_code == 201


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_numbers_json_cannot_carry_are_malformed(api, desk, number):
    body = f'{{"token": "{factories.token(desk)}", "answers": {{"OVERALL": {number}}}}}'
    response = api("post", "/api/v1/responses", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["problems"][0]["code"] == "malformed_json"


def test_the_documented_criterion_codes_are_those_of_the_shipped_questionnaires():
    from surveyapp.instruments import Questionnaire, load_builtin_definitions

    document = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    answers = document["components"]["schemas"]["NewResponse"]["properties"]["answers"]
    shipped = {
        code
        for definition in load_builtin_definitions().values()
        for code in Questionnaire(definition).rating_codes
    }
    assert set(answers["propertyNames"]["enum"]) == shipped


@pytest.mark.parametrize("instrument_id", [-11290671121117, 0, 2**31, 2**63])
def test_an_instrument_id_no_row_can_have_means_the_latest_version(api, desk, instrument_id):
    """PostgreSQL refuses a number beyond its INTEGER in a query (a 500 once, found by the
    fuzzer); no version has such an id, so the response is stored under the latest one."""
    body = _body(desk) | {"instrument_id": instrument_id}
    response = api("post", "/api/v1/responses", json=body)
    assert response.status_code == 201
    assert response.get_json()["version"] == 1

"""Rate limits through the app: what counts, against what, and what a throttled client gets."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.services.accounts import create_user
from tests import factories
from tests.conftest import make_app


@pytest.fixture
def limited(request):
    app = make_app(RATELIMIT_ENABLED=True, **request.param)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("limited", [{"FORM_RATE_LIMIT": "2 per minute"}], indirect=True)
def test_a_throttled_citizen_gets_a_page_and_when_to_come_back(limited):
    path = factories.desk_path(factories.desk_with_code())
    client = limited.test_client()
    statuses = [client.get(path).status_code for _ in range(3)]
    refused = client.get(path)
    assert statuses == [200, 200, 429] and refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.mimetype == "text/html" and "đợi một phút" in refused.get_data(as_text=True)


@pytest.mark.parametrize("limited", [{"FORM_RATE_LIMIT": "1 per minute"}], indirect=True)
def test_each_citizen_route_counts_on_its_own(limited):
    """Per route, not per desk: the desks of one centre share its address and its counter."""
    first = factories.desk_path(factories.desk_with_code())
    second = factories.desk_path(factories.desk_with_code(name="Quầy 2"))
    client = limited.test_client()
    assert [client.get(first).status_code, client.get(second).status_code] == [200, 429]
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "limited", [{"SUBMIT_RATE_LIMIT": "100 per minute;2 per hour"}], indirect=True
)
def test_every_limit_of_a_setting_applies(limited):
    path = factories.desk_path(factories.desk_with_code())
    client = limited.test_client()
    statuses = [client.post(path, data={"OVERALL": "4"}).status_code for _ in range(3)]
    assert statuses[2] == 429 and 429 not in statuses[:2]
    # The hour's window is what the client waits for, not the minute's.
    assert int(client.post(path, data={}).headers["Retry-After"]) > 60


@pytest.mark.parametrize("limited", [{"LOGIN_RATE_LIMIT": "2 per minute"}], indirect=True)
def test_sign_in_attempts_are_limited_but_the_page_is_not(limited):
    create_user("giamsat", "a-long-password-1", "supervisor", "Giám sát")
    db.session.commit()
    client = limited.test_client()
    wrong = {"username": "giamsat", "password": "wrong-password"}
    statuses = [client.post("/auth/login", data=wrong).status_code for _ in range(3)]
    assert statuses[-1] == 429 and 429 not in statuses[:2]
    assert all(client.get("/auth/login").status_code == 200 for _ in range(4))


@pytest.mark.parametrize("limited", [{"FORM_RATE_LIMIT": "1 per minute"}], indirect=True)
def test_the_api_says_so_in_json(limited):
    desk = factories.desk_with_code()
    client = limited.test_client()
    token = factories.token(desk)
    assert client.get(f"/api/v1/forms/{token}").status_code == 200
    refused = client.get(f"/api/v1/forms/{token}")
    assert refused.status_code == 429 and refused.json["error"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) >= 1


def test_no_limit_counts_when_limits_are_off():
    app = make_app(RATELIMIT_ENABLED=False, FORM_RATE_LIMIT="1 per minute")
    with app.app_context():
        path = factories.desk_path(factories.desk_with_code())
        client = app.test_client()
        assert {client.get(path).status_code for _ in range(3)} == {200}
        db.session.remove()
        db.engine.dispose()

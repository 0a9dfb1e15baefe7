"""What a worker keeps in memory, and what it always reads from the database.

Two apps on one SQLite file stand for two gunicorn workers (or a worker and a ``flask``
command): what one changes, the other must see at once (revoked or deactivated codes) or within
``FORM_CACHE_SECONDS`` (a new questionnaire version, new procedures).
"""

from __future__ import annotations

import copy
import time
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.models import Desk, Procedure, Response
from surveyapp.services import desk_codes
from surveyapp.services.audit import Actor
from surveyapp.services.desks import reissue_code
from surveyapp.services.instruments import latest_instrument, save_version
from tests import factories
from tests.conftest import BASE_CONFIG, form_fields, make_app


def _workers(tmp_path, **config):
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    first = make_app(SQLALCHEMY_DATABASE_URI=url, **config)
    second = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": url} | config)
    with first.app_context():
        desk = factories.desk_with_code()
        path, desk_id = factories.desk_path(desk), desk.id
    return first, second, path, desk_id


def _post(client, path, **answers):
    fields = form_fields(client.get(path).get_data(as_text=True))
    data = {k: v for k, v in fields.items() if k != "website"} | answers
    return client.post(path, data=data)


def _loaded_form(client, path, **answers):
    """The fields of a form a citizen loaded and is still filling in."""
    fields = form_fields(client.get(path).get_data(as_text=True))
    return {k: v for k, v in fields.items() if k != "website"} | answers


def _deactivate(app, desk_id: int) -> None:
    with app.app_context():
        db.session.get(Desk, desk_id).active = False
        db.session.commit()


def _new_title(app, title: str) -> None:
    with app.app_context():
        definition = copy.deepcopy(latest_instrument("sipas-desk").definition)
        definition["title"]["vi"] = title
        save_version(definition)
        db.session.commit()


def _two_links(app, desk_id: int, kind: str) -> list[str]:
    """Two paths citizens post to: the desk's QR link twice, or two receipts of the desk."""
    with app.app_context():
        desk = db.session.get(Desk, desk_id)
        if kind == "desk":
            return [factories.desk_path(desk)] * 2
        urls = [urlsplit(desk_codes.receipt_url(desk, f"HS-{n}")) for n in (1, 2)]
    return [f"{url.path}?{url.query}" for url in urls]


def _reissue(app, desk_id: int) -> None:
    with app.app_context():
        reissue_code(Actor.command("test"), db.session.get(Desk, desk_id))


@pytest.mark.parametrize(
    ("change", "kind", "status"),
    [(_reissue, "desk", 410), (_deactivate, "desk", 404), (_deactivate, "receipt", 404)],
)
def test_a_desk_changed_by_another_worker_stops_at_once(tmp_path, change, kind, status):
    first, second, _, desk_id = _workers(tmp_path)
    client = first.test_client()
    used, loaded = _two_links(first, desk_id, kind)
    assert _post(client, used, OVERALL="5").status_code == 303  # this worker has used the desk
    data = _loaded_form(client, loaded, OVERALL="4")  # a citizen still filling in the form
    change(second, desk_id)
    assert client.get(loaded).status_code == status
    assert client.post(loaded, data=data).status_code == status
    with first.app_context():
        assert factories.response_count() == 1


def test_a_desk_moved_by_another_worker_is_stored_under_its_new_unit(tmp_path):
    first, second, path, desk_id = _workers(tmp_path)
    client = first.test_client()
    assert _post(client, path, OVERALL="5").status_code == 303
    data = _loaded_form(client, path, OVERALL="4")
    with second.app_context():
        desk = db.session.get(Desk, desk_id)
        old_unit, desk.unit = desk.unit_id, factories.unit(name="Phường Mới")
        db.session.commit()
        new_unit = desk.unit_id
    assert client.post(path, data=data).status_code == 303
    with first.app_context():
        stored = db.session.scalars(sa.select(Response.unit_id).order_by(Response.id)).all()
    assert stored == [old_unit, new_unit]


def test_the_api_refuses_a_code_reissued_after_this_worker_used_it(tmp_path):
    first, second, path, desk_id = _workers(tmp_path)
    client = first.test_client()
    body = {"token": path.rsplit("/", 1)[-1], "answers": {"OVERALL": 5}}
    assert client.post("/api/v1/responses", json=body).status_code == 201
    _reissue(second, desk_id)
    refused = client.post("/api/v1/responses", json=body)
    assert refused.status_code == 422
    assert refused.get_json()["problems"][0]["code"] == "revoked_token"
    with first.app_context():
        assert factories.response_count() == 1


def test_a_new_version_reaches_other_workers_within_the_cache_time(tmp_path):
    first, second, path, _ = _workers(tmp_path, FORM_CACHE_SECONDS=0.2)
    client = first.test_client()
    assert "Phiếu mới" not in client.get(path).get_data(as_text=True)
    _new_title(second, "Phiếu mới")
    time.sleep(0.3)
    assert "Phiếu mới" in client.get(path).get_data(as_text=True)


def test_new_procedures_reach_other_workers_within_the_cache_time(tmp_path):
    first, second, path, desk_id = _workers(tmp_path, FORM_CACHE_SECONDS=0.2)
    client = first.test_client()
    assert "Đăng ký thường trú" not in client.get(path).get_data(as_text=True)
    with second.app_context():
        unit_id = db.session.get(Desk, desk_id).unit_id
        db.session.add(Procedure(unit_id=unit_id, code="1.004194", name="Đăng ký thường trú"))
        db.session.commit()
    time.sleep(0.3)
    assert "Đăng ký thường trú" in client.get(path).get_data(as_text=True)
    assert _post(client, path, OVERALL="4", procedure="1.004194").status_code == 303


def test_without_caching_every_request_reads_the_database(tmp_path):
    first, second, path, _ = _workers(tmp_path, FORM_CACHE_SECONDS=0)
    client = first.test_client()
    assert "Phiếu mới" not in client.get(path).get_data(as_text=True)
    _new_title(second, "Phiếu mới")
    assert "Phiếu mới" in client.get(path).get_data(as_text=True)


def test_apps_in_one_process_never_share_cached_rows(tmp_path):
    # Two databases (SQLite files, whatever SURVEYAPP_TEST_DATABASE_URL says) behind two apps.
    apps = [make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / n}") for n in ("a", "b")]
    paths = []
    for app, title in zip(apps, ("Phiếu của tỉnh A", "Phiếu của tỉnh B"), strict=True):
        _new_title(app, title)  # the same instrument id in both databases, different wording
        with app.app_context():
            paths.append(factories.desk_path(factories.desk_with_code()))
    for _ in range(2):
        for app, path, title in zip(apps, paths, ("tỉnh A", "tỉnh B"), strict=True):
            assert f"Phiếu của {title}" in app.test_client().get(path).get_data(as_text=True)

"""Shared data for the administration page tests: a province, two communes, four accounts."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from surveyapp.extensions import db
from surveyapp.models import User
from tests import factories

PASSWORD = "correct horse battery"
# Hashed once, cheaply: the tests sign in hundreds of times.
PASSWORD_HASH = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")


def make_org() -> dict:
    """Province > commune "first" (sup1's) > its centre with a desk; commune "second" (sup2's)
    with its centre and desk; four accounts."""
    root = factories.unit("province", name="Tỉnh Thái Nguyên")
    first = factories.unit("commune", root, "Phường Đức Xuân")
    second = factories.unit("commune", root, "Xã Chợ Rã")
    own = factories.unit("commune_centre", first, "Trung tâm PVHCC phường Đức Xuân")
    other = factories.unit("commune_centre", second, "Trung tâm PVHCC xã Chợ Rã")
    desks = {"own": factories.desk_with_code(own), "other": factories.desk_with_code(other)}
    users = {}
    for username, role, unit in (
        ("admin", "admin", None),
        ("reviewer", "reviewer", None),
        ("sup1", "supervisor", first),
        ("sup2", "supervisor", second),
    ):
        users[username] = User(
            username=username, full_name=f"Cán bộ {username}", role=role,
            units=[unit] if unit else [], password_hash=PASSWORD_HASH,
        )  # fmt: skip
        db.session.add(users[username])
    db.session.commit()
    return {
        "root": root, "first": first, "second": second, "own": own, "other": other,
        "desks": desks, "users": users,
    }  # fmt: skip


def login(client, username: str) -> None:
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def org(app):
    return make_org()

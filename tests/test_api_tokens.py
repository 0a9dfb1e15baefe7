"""API tokens: created by a command and printed once, stored only as a keyed hash, listed,
revoked; each change audited in its own transaction, never with the token."""

from __future__ import annotations

import hashlib
import re

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import ApiToken, AuditRecord, User
from surveyapp.services.accounts import create_user, deactivate_user
from tests import factories
from tests.conftest import make_app

TOKEN = re.compile(r"^sipas_[A-Za-z0-9_-]{43}$", re.M)


@pytest.fixture
def accounts(app):
    create_user("reviewer", "reviewer-pass-1", "reviewer", "Sở Nội vụ")
    create_user("sup", "sup-pass-1234", "supervisor", "Giám sát", [factories.unit("commune")])
    db.session.commit()


def _create(runner, *args: str) -> str:
    result = runner.invoke(args=["create-token", *args])
    assert result.exit_code == 0, result.output
    found = TOKEN.findall(result.output)
    assert len(found) == 1
    return found[0]


def _status(client, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return client.get("/api/v1/scores?period=2026-Q3", headers=headers).status_code


def _audit(action: str) -> list[AuditRecord]:
    query = sa.select(AuditRecord).where(AuditRecord.action == action)
    return list(db.session.scalars(query))


def test_create_token_prints_a_token_that_works_and_stores_only_a_keyed_hash(
    runner, client, accounts
):
    token = _create(runner, "reviewer", "--name", "Cổng dịch vụ công tỉnh")
    assert _status(client, token) == 200
    stored = factories.database_text()
    assert token not in stored and token.removeprefix("sipas_") not in stored
    assert hashlib.sha256(token.encode()).hexdigest() not in stored  # keyed, not a bare hash
    record = db.session.scalar(sa.select(ApiToken))
    assert record.name == "Cổng dịch vụ công tỉnh" and len(record.token_hash) == 64
    [audit] = _audit("api_token.create")
    assert audit.actor == "command:create-token" and audit.after["user"] == "reviewer"


def test_each_token_is_new_and_random(runner, accounts):
    tokens = {_create(runner, "reviewer") for _ in range(5)}
    assert len(tokens) == 5


def test_the_hash_is_keyed_with_the_server_secret(app, runner, client, accounts):
    """The stored hash is only recognised with the server's key (QR_SECRET_KEY or SECRET_KEY)."""
    token = _create(runner, "reviewer")
    app.config["QR_SECRET_KEY"] = "another-secret"
    assert _status(client, token) == 401
    app.config["QR_SECRET_KEY"] = None
    assert _status(client, token) == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "no account"),
        (["reviewer", "--name", "x" * 101], "at most 100"),
    ],
)
def test_create_token_refuses_and_stores_nothing(runner, accounts, args, message):
    result = runner.invoke(args=["create-token", *args])
    assert result.exit_code != 0 and message in result.output
    assert not TOKEN.search(result.output)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert _audit("api_token.create") == []


def test_no_token_for_a_deactivated_account(runner, accounts):
    deactivate_user(db.session.scalar(sa.select(User).where(User.username == "sup")))
    db.session.commit()
    result = runner.invoke(args=["create-token", "sup"])
    assert result.exit_code != 0 and "deactivated" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_list_tokens_shows_names_and_use_never_the_token(runner, client, accounts):
    first = _create(runner, "reviewer", "--name", "Cổng A")
    _create(runner, "sup", "--name", "Cổng B")
    _status(client, first)
    everything = runner.invoke(args=["list-tokens"]).output
    only_sup = runner.invoke(args=["list-tokens", "sup"]).output
    assert "Cổng A" in everything and "Cổng B" in everything and "2 token(s)" in everything
    assert "Cổng A" not in only_sup and "Cổng B" in only_sup and "1 token(s)" in only_sup
    assert not TOKEN.search(everything)
    reviewer_line = next(line for line in everything.splitlines() if "Cổng A" in line)
    assert reviewer_line.split("\t")[4] != "-"  # last used
    assert runner.invoke(args=["list-tokens", "nobody"]).exit_code != 0


def test_revoke_token_stops_it_at_once_and_is_audited(runner, client, accounts):
    token = _create(runner, "sup")
    kept = _create(runner, "sup")
    result = runner.invoke(args=["revoke-token", "1"])
    assert result.exit_code == 0 and "Revoked token 1 of sup" in result.output
    assert (_status(client, token), _status(client, kept)) == (401, 200)
    [audit] = _audit("api_token.revoke")
    assert audit.actor == "command:revoke-token" and audit.before["revoked_at"] is None
    assert audit.after["revoked_at"] and token not in factories.database_text()
    again = runner.invoke(args=["revoke-token", "1"])
    assert again.exit_code != 0 and "revoked already" in again.output
    assert runner.invoke(args=["revoke-token", "99"]).exit_code != 0
    assert len(_audit("api_token.revoke")) == 1


def test_the_api_is_rate_limited_like_the_other_api_routes():
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    with app.app_context():
        create_user("reviewer", "reviewer-pass-1", "reviewer", "Sở Nội vụ")
        db.session.commit()
        token = _create(app.test_cli_runner(), "reviewer")
        client = app.test_client()
        assert [_status(client, token) for _ in range(3)] == [200, 200, 429]
        assert client.get("/api/v1/scores").is_json
        db.session.remove()
        db.engine.dispose()

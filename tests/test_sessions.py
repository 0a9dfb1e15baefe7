"""The session cookie's signing follows the configured keys, including a rotation."""

from __future__ import annotations

import pytest
from itsdangerous import BadSignature


def test_a_session_signed_before_a_key_rotation_needs_the_old_key_as_a_fallback(app):
    interface = app.session_interface
    cookie = interface.get_signing_serializer(app).dumps({"csrf_token": "abc"})
    app.config["SECRET_KEY"] = "the-new-secret"
    app.config["SECRET_KEY_FALLBACKS"] = ["test-secret"]
    assert interface.get_signing_serializer(app).loads(cookie) == {"csrf_token": "abc"}
    app.config["SECRET_KEY_FALLBACKS"] = []
    with pytest.raises(BadSignature):
        interface.get_signing_serializer(app).loads(cookie)


def test_a_session_cookie_round_trips_through_a_request(client):
    with client.session_transaction() as session:
        session["csrf_token"] = "abc"
    with client.session_transaction() as session:
        assert session["csrf_token"] == "abc"

"""Fixtures for the API tests: every exchange checked against the served OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPEC_PATH = Path(__file__).parents[1] / "surveyapp" / "api" / "openapi.json"


@pytest.fixture(scope="session")
def openapi():
    return OpenAPI.from_file_path(str(SPEC_PATH))


@pytest.fixture
def api(client, openapi):
    """POST/GET through the test client, failing if an exchange breaks the OpenAPI document."""

    def call(method, path, **kwargs):
        response = getattr(client, method)(path, **kwargs)
        sent = response.request
        request = MockRequest(
            "http://localhost",
            method,
            sent.path,
            args=dict(sent.args),
            headers=dict(sent.headers),
            data=json.dumps(kwargs["json"]).encode()
            if "json" in kwargs
            else kwargs.get("data", b""),
            content_type=sent.content_type or "application/json",
        )
        if response.status_code < 300:  # refused bodies are, by design, outside the schema
            openapi.validate_request(request)
        reply = MockResponse(
            response.data, response.status_code, dict(response.headers), response.mimetype
        )
        openapi.validate_response(request, reply)
        return response

    return call

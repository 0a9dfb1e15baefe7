"""The satisfaction survey web service: application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from surveyapp.errors import App
from surveyapp.settings import default_settings


def create_app(
    test_config: dict[str, Any] | None = None, instance_path: str | None = None
) -> Flask:
    """Create and wire the app. ``test_config`` replaces instance config and environment."""
    app = App(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_mapping(default_settings(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("SURVEYAPP")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from surveyapp import (
        admin,
        api,
        auth,
        cli,
        console,
        database,
        driver_sql,
        errors,
        feedback,
        headers,
        i18n,
        notices,
        plans,
        public,
        rate_limits,
        sessions,
    )
    from surveyapp.extensions import csrf
    from surveyapp.operations import health

    database.init_app(app)
    driver_sql.init_app(app)
    csrf.init_app(app)
    rate_limits.init_app(app)
    i18n.init_app(app)
    headers.init_app(app)
    sessions.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    for blueprint_package in (feedback, api, auth, admin, console, plans, public, notices, health):
        blueprint_package.init_app(app)
    return app

"""Notice e-mail over SMTP: sent once per notice when on, nothing when off (the default)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Notice, Response, User
from tests import warning_data
from tests.smtp_server import SmtpServer
from tests.warning_data import CHART_START, NOW, add_responses, baseline

COMMENT = "Chị Lan, 0912 345 678: chờ quá lâu"
CHECK = ["check-early-warnings", "--as-of", f"{NOW:%Y-%m-%dT%H:%M}"]


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def _prepare(app, runner) -> None:
    place = warning_data.build()
    assert runner.invoke(args=["set-notice-email", "sup", "sup@example.vn"]).exit_code == 0
    baseline(place.desk)
    add_responses(place.desk, CHART_START, [1] * 40, timedelta(hours=3))
    db.session.execute(sa.update(Response).values(comment=COMMENT))  # citizen data
    db.session.commit()


def test_mail_off_by_default_sends_nothing(app, runner, smtp):
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=smtp.port)
    assert app.config["MAIL_ENABLED"] is False
    _prepare(app, runner)
    result = runner.invoke(args=CHECK, catch_exceptions=False)
    assert "Sent 0 e-mails" in result.output
    assert smtp.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).where(Notice.mail_pending)) == 0
    app.config["MAIL_ENABLED"] = True  # turned on later: old notices are not mailed
    runner.invoke(args=CHECK, catch_exceptions=False)
    assert smtp.messages == []


def test_mail_on_sends_one_mail_per_new_notice_with_an_address(app, runner, smtp):
    app.config.update(
        MAIL_ENABLED=True,
        MAIL_SMTP_HOST="127.0.0.1",
        MAIL_SMTP_PORT=smtp.port,
        MAIL_FROM="sipas@sonoivu.example.vn",
    )
    _prepare(app, runner)
    first = runner.invoke(args=CHECK, catch_exceptions=False)
    assert "Sent 1 e-mails" in first.output, first.output
    runner.invoke(args=CHECK, catch_exceptions=False)
    [message] = smtp.messages  # "sup.centre" has no address; the second run sends nothing
    assert message["To"] == "sup@example.vn"
    assert message["From"] == "sipas@sonoivu.example.vn"
    desk_name = db.session.scalar(sa.select(Notice)).params["desk"]
    assert message["Subject"] == f"Cảnh báo sớm: {desk_name}"
    body = message.get_content()
    assert "không hài lòng" in body and "http://survey.test/console/units/" in body
    assert COMMENT not in message.as_string() and "0912" not in body
    sup = db.session.scalar(sa.select(User).where(User.username == "sup"))
    assert db.session.scalar(sa.select(Notice).where(Notice.user_id == sup.id)).read_at is None

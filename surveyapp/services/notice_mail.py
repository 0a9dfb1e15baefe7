"""E-mail copies of notices over SMTP (``MAIL_ENABLED``, off by default; standard library).

A notice is claimed (``mail_pending`` cleared, committed) before its mail is sent, so two
commands running at once never send it twice; a failed send is logged, not retried. The mail
says what the notice says and links to the console: no citizen data.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from surveyapp.extensions import db
from surveyapp.models import Notice
from surveyapp.services.notices import notice_text

log = logging.getLogger(__name__)


def _claim() -> list[int]:
    """Take every notice still to be mailed; one commit."""
    pending = sa.select(Notice.id).where(Notice.mail_pending.is_(True)).order_by(Notice.id)
    ids = list(db.session.scalars(pending))
    if not ids:
        return []
    claimed = (
        sa.update(Notice)
        .where(Notice.id.in_(ids), Notice.mail_pending.is_(True))
        .values(mail_pending=False)
        .returning(Notice.id)
    )
    taken = sorted(db.session.scalars(claimed))
    db.session.commit()
    return taken


def _message(notice: Notice) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = notice.user.email
    with force_locale(config["BABEL_DEFAULT_LOCALE"]):
        message["Subject"] = _("Early warning: %(desk)s", desk=notice.params["desk"])
        link = config["PUBLIC_BASE_URL"].rstrip("/") + notice.link
        message.set_content(f"{notice_text(notice)}\n\n{link}\n")
    return message


def _connect() -> smtplib.SMTP:
    config = current_app.config
    server = smtplib.SMTP(
        config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"]), timeout=config["MAIL_TIMEOUT"]
    )
    if config["MAIL_STARTTLS"]:
        server.starttls()
    if config["MAIL_SMTP_USER"]:
        server.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"] or "")
    return server


def send_pending_mail() -> int:
    """Send one mail per notice waiting for one; nothing when mail is off. Returns how many."""
    if not current_app.config["MAIL_ENABLED"]:
        return 0
    ids = _claim()
    if not ids:
        return 0
    notices = db.session.scalars(sa.select(Notice).where(Notice.id.in_(ids)).order_by(Notice.id))
    sent = 0
    with _connect() as server:
        for notice in notices:
            try:
                server.send_message(_message(notice))
                sent += 1
            except smtplib.SMTPException as error:
                log.warning("notice %s: mail not sent (%s)", notice.id, type(error).__name__)
    return sent

"""Staff accounts as use cases: each change audited, the password never in the trail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, User
from surveyapp.services import staff
from surveyapp.services.audit import Actor
from surveyapp.services.sign_in import authenticate
from tests import factories

PASSWORD = "a long enough pass"


@pytest.fixture
def admin(app):
    user = staff.create_staff(Actor.command("test"), "admin", "Quản trị", "admin", [], PASSWORD)
    return Actor.of(user)


def test_create_update_deactivate_and_reset_are_audited(admin):
    first, second = factories.unit("commune"), factories.unit("commune")
    user = staff.create_staff(admin, "motcua", "Trưởng bộ phận", "supervisor", [first], PASSWORD)
    staff.update_staff(admin, user, full_name="Trưởng BP", role="supervisor", units=[first, second])
    staff.set_active(admin, user, False)
    assert authenticate("motcua", PASSWORD) is None
    staff.set_active(admin, user, True)
    new_password = staff.reset_password(admin, user)
    assert authenticate("motcua", new_password) is not None
    assert authenticate("motcua", PASSWORD) is None
    records = db.session.scalars(
        sa.select(AuditRecord).where(AuditRecord.target_label == "motcua").order_by(AuditRecord.id)
    ).all()
    assert [r.action for r in records] == [
        "user.create",
        "user.update",
        "user.deactivate",
        "user.activate",
        "user.reset_password",
    ]
    assert records[1].after["units"] == sorted([first.code, second.code])
    assert all(r.actor == "admin" and r.actor_id == admin.user_id for r in records)
    trail = factories.database_text()
    assert PASSWORD not in trail and new_password not in trail


@pytest.mark.parametrize(
    "role, units, password, message",
    [
        ("supervisor", [], PASSWORD, "at least one unit"),
        ("boss", [], PASSWORD, "unknown role"),
        ("reviewer", [], "short", "at least 10"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_written(admin, role, units, password, message):
    before = factories.database_text()
    with pytest.raises(staff.StaffError, match=message):
        staff.create_staff(admin, "new", "", role, units, password)
    db.session.rollback()
    assert factories.database_text() == before


def test_nobody_locks_themselves_out(admin):
    me = db.session.get(User, admin.user_id)
    with pytest.raises(staff.StaffError, match="own account"):
        staff.set_active(admin, me, False)
    with pytest.raises(staff.StaffError, match="own role"):
        staff.update_staff(admin, me, full_name="x", role="reviewer", units=[])


def test_usernames_are_unique(admin):
    with pytest.raises(staff.StaffError, match="taken"):
        staff.create_staff(admin, "admin", "", "reviewer", [], PASSWORD)

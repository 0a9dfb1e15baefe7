"""The permissions service as a matrix: role x action x own/other unit."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.services import permissions
from surveyapp.services.accounts import create_user
from surveyapp.services.audit import Actor
from surveyapp.services.units import merge_units
from tests import factories

UNIT_ACTIONS = (
    "view",
    "manage_desks",
    "manage_procedures",
    "plan_view",
    "plan_edit",
    "publish_results",
)
GLOBAL_ACTIONS = (
    "view_all",
    "manage_units",
    "manage_users",
    "manage_instruments",
    "view_audit",
    "plan_review",
)

# (role, action) -> allowed on (own unit, other unit); global actions -> allowed.
EXPECTED_UNIT = {
    "admin": {a: (True, True) for a in UNIT_ACTIONS},
    "reviewer": {
        "view": (True, True),
        "manage_desks": (False, False),
        "manage_procedures": (False, False),
        "plan_view": (True, True),
        "plan_edit": (False, False),
        "publish_results": (False, False),
    },
    # A unit's public page is an administrator's decision, not that of the unit's supervisor.
    "supervisor": {a: (a != "publish_results", False) for a in UNIT_ACTIONS},
}
EXPECTED_GLOBAL = {
    # Plans are reviewed by Home Affairs only: separation of duties, not even administrators.
    "admin": {a: a != "plan_review" for a in GLOBAL_ACTIONS},
    "reviewer": {a: a in ("view_all", "plan_review") for a in GLOBAL_ACTIONS},
    "supervisor": dict.fromkeys(GLOBAL_ACTIONS, False),
}


@pytest.fixture
def tree(app):
    province = factories.unit("province")
    own = factories.unit("commune", province)
    own_centre = factories.unit("commune_centre", own)
    other = factories.unit("commune", province)
    users = {role: create_user(role, "pw-123456789", role, role, [own]) for role in EXPECTED_UNIT}
    db.session.commit()
    return {"own": own, "own_centre": own_centre, "other": other, "users": users}


@pytest.mark.parametrize("role", sorted(EXPECTED_UNIT))
@pytest.mark.parametrize("action", UNIT_ACTIONS)
def test_unit_actions(tree, role, action):
    user = tree["users"][role]
    own_allowed, other_allowed = EXPECTED_UNIT[role][action]
    assert permissions.can(user, action, tree["own"]) is own_allowed
    assert permissions.can(user, action, tree["own_centre"]) is own_allowed  # below own unit
    assert permissions.can(user, action, tree["other"].id) is other_allowed


@pytest.mark.parametrize("role", sorted(EXPECTED_GLOBAL))
@pytest.mark.parametrize("action", GLOBAL_ACTIONS)
def test_global_actions(tree, role, action):
    assert permissions.can(tree["users"][role], action) is EXPECTED_GLOBAL[role][action]


def test_inactive_and_anonymous_users_may_do_nothing(tree):
    user = tree["users"]["admin"]
    user.active = False
    assert not permissions.can(user, "view", tree["own"])
    assert not permissions.can(None, "view", tree["own"])


def test_unknown_action_is_refused(tree):
    with pytest.raises(ValueError, match="manage_units"):
        permissions.can(tree["users"]["admin"], "delete_everything")


def test_supervisor_sees_subtree_and_merged_history_only(tree):
    supervisor = tree["users"]["supervisor"]
    former = factories.unit("commune", tree["other"].parent)
    merge_units(Actor.command("test"), tree["own"], [former], _date(), "Nghị quyết demo")
    visible = permissions.visible_unit_ids(supervisor)
    assert visible == {tree["own"].id, tree["own_centre"].id, former.id}
    assert permissions.visible_unit_ids(tree["users"]["reviewer"]) is None


def test_several_units_add_up(tree):
    supervisor = tree["users"]["supervisor"]
    supervisor.units.append(tree["other"])
    db.session.commit()
    assert permissions.can(supervisor, "manage_desks", tree["other"])


def test_restrict_filters_a_query(tree):
    import sqlalchemy as sa

    from surveyapp.models import Unit

    query = permissions.restrict(sa.select(Unit.id), tree["users"]["supervisor"], Unit.id)
    assert set(db.session.scalars(query)) == {tree["own"].id, tree["own_centre"].id}


def _date():
    from datetime import date

    return date(2025, 7, 1)


def test_a_split_unit_is_not_below_its_successors(tree):
    from surveyapp.services.units import split_unit

    province = tree["other"].parent
    old = factories.unit("commune", province)
    old_centre = factories.unit("commune_centre", old)
    split_unit(Actor.command("test"), old, [tree["own"], tree["other"]], _date(), "NQ demo")
    supervisor = tree["users"]["supervisor"]
    assert not permissions.can(supervisor, "view", old)
    assert not permissions.can(supervisor, "view", old_centre)
    assert permissions.can(tree["users"]["reviewer"], "view", old)


def test_a_supervisor_reads_but_does_not_change_a_closed_unit(tree):
    supervisor = tree["users"]["supervisor"]
    former = factories.unit("commune", tree["other"].parent)
    merge_units(Actor.command("test"), tree["own"], [former], _date(), "Nghị quyết demo")
    assert permissions.can(supervisor, "view", former)
    assert not permissions.can(supervisor, "manage_desks", former)
    assert permissions.can(tree["users"]["admin"], "manage_desks", former)
    assert permissions.can(supervisor, "plan_view", former)  # its old plans stay readable
    assert not permissions.can(supervisor, "plan_edit", former)

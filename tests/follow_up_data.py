"""Follow-up tests' givens: two communes with a desk each, staff of every role, and the
citizen's path (rate, then leave a contact) as one shared helper."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import FollowUpCase, FollowUpContact, Response
from surveyapp.services.accounts import create_user
from tests import factories
from tests.conftest import form_fields

PASSWORD = "follow-up-pass-1"
PHONE = "0912 345 678"
PHONE_STORED = "0912345678"
EMAIL = "hoa.nguyen@example.vn"


def build() -> dict:
    """Province; communes A and B, each with a centre and a desk; sup_a, sup_b (of A and B),
    sup_ab (both), a reviewer and an administrator."""
    province = factories.unit("province", name="Tỉnh Thử")
    communes = {name: factories.unit("commune", province, f"Xã {name}") for name in "AB"}
    desks = {
        name: factories.desk_with_code(factories.unit("commune_centre", commune))
        for name, commune in communes.items()
    }
    for username, role, units in (
        ("sup_a", "supervisor", [communes["A"]]),
        ("sup_b", "supervisor", [communes["B"]]),
        ("sup_ab", "supervisor", [communes["A"], communes["B"]]),
        ("reviewer", "reviewer", []),
        ("admin", "admin", []),
    ):
        create_user(username, PASSWORD, role, f"Cán bộ {username}", units)
    db.session.commit()
    return {"communes": communes, "desks": desks}


def login(client, username: str) -> None:
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code in (302, 303), response.get_data(True)


def rate(client, desk, overall: int) -> str:
    """Load the desk's form (a desk or its path), send it with this overall rating; where the
    thank-you goes."""
    path = desk if isinstance(desk, str) else factories.desk_path(desk)
    fields = form_fields(client.get(path).get_data(as_text=True))
    data = {k: v for k, v in fields.items() if k != "website"} | {"OVERALL": str(overall)}
    response = client.post(path, data=data)
    assert response.status_code == 303, response.get_data(True)
    return response.headers["Location"]


def leave_contact(client, offer_url: str, **data):
    """Load the offer and send it: consent ticked and the phone given unless said otherwise."""
    fields = form_fields(client.get(offer_url).get_data(as_text=True))
    return client.post(offer_url, data=fields | {"phone": PHONE, "consent": "yes"} | data)


def open_case(client, desk, **data) -> FollowUpCase:
    """A citizen rates ``desk`` 1 and asks for a call-back; the case."""
    response = leave_contact(client, rate(client, desk, 1), **data)
    assert response.status_code == 303, response.get_data(True)
    return db.session.scalars(sa.select(FollowUpCase).order_by(FollowUpCase.id.desc())).first()


def counts() -> tuple[int, int, int]:
    """(responses, cases, contacts) stored."""
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Response, FollowUpCase, FollowUpContact)
    )

"""The demo's public pages, turned on as an administrator would (with their audit records):
Xã Ba Bể, whose plan improved SVC.3 beyond the province's trend, and Xã Chợ Đồn, whose plan
is under way (its draft plan stays private)."""

from __future__ import annotations

from surveyapp.models import Unit
from surveyapp.services.audit import Actor
from surveyapp.services.public_page import set_public_page
from surveyapp.services.units import unit_by_code

PUBLIC_UNITS = ("TN.BB", "TN.CD")


def open_public_pages(actor: Actor) -> list[Unit]:
    return [set_public_page(actor, unit_by_code(code), True) for code in PUBLIC_UNITS]

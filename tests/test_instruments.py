"""Questionnaires as versioned data."""

from __future__ import annotations

import copy
import re
import unicodedata

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire, load_builtin_definitions
from surveyapp.models import Response
from surveyapp.services.instruments import latest_instrument, questionnaire_for, save_version
from tests.conftest import form_fields


def _texts(node):
    if isinstance(node, dict):
        if set(node) == {"vi", "en"}:
            yield node
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_desk_instrument_has_the_19_sipas_service_criteria():
    desk = Questionnaire(load_builtin_definitions()["sipas-desk"])
    expected = [
        f"SVC.{c}.{i}" for c, n in ((1, 4), (2, 4), (3, 5), (4, 3), (5, 3)) for i in range(1, n + 1)
    ]
    assert [c.code for c in desk.criteria] == expected
    assert desk.rating_codes[-1] == "OVERALL"
    assert {q.code for q in desk.choice_questions} >= {"priorities", "sex", "age_band", "area"}


def test_survey_instrument_has_both_domains_and_nine_components():
    survey = Questionnaire(load_builtin_definitions()["sipas-survey"])
    components = {c.component for c in survey.criteria}
    assert components == {
        "SVC.1",
        "SVC.2",
        "SVC.3",
        "SVC.4",
        "SVC.5",
        "POL.A",
        "POL.B",
        "POL.C",
        "POL.D",
    }
    codes = [c.code for c in survey.criteria]
    assert codes[19:21] == ["POL.A.1", "POL.A.2"] and codes[-1] == "POL.D.2"
    assert len([c for c in codes if c.startswith("POL.C.")]) == 9


@pytest.mark.parametrize("code", ["sipas-desk", "sipas-survey"])
def test_every_text_is_bilingual_and_nfc(code):
    texts = list(_texts(load_builtin_definitions()[code]))
    assert len(texts) > 40
    for text in texts:
        assert text["vi"].strip() and text["en"].strip()
        assert unicodedata.is_normalized("NFC", text["vi"])


def test_criterion_wording_matches_the_national_form():
    desk = load_builtin_definitions()["sipas-desk"]
    wording = {c.code: c.text["vi"] for c in Questionnaire(desk).criteria}
    assert wording["SVC.3.1"] == "Thái độ giao tiếp lịch sự, tôn trọng"
    assert wording["SVC.4.3"] == "Kết quả đảm bảo công bằng"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["domains"][0]["components"][0]["criteria"][0].update(code="X.1"), "bad"),
        (
            lambda d: d["domains"][0]["components"][0]["criteria"][1].update(code="SVC.1.1"),
            "duplicate",
        ),
        (lambda d: d.pop("scale"), "missing"),
        (lambda d: d["domains"][0]["components"][0]["criteria"][0]["text"].pop("en"), "vi and en"),
    ],
)
def test_invalid_definitions_are_rejected(change, message):
    definition = copy.deepcopy(load_builtin_definitions()["sipas-desk"])
    change(definition)
    with pytest.raises(ValueError, match=message):
        Questionnaire(definition)


def test_new_wording_makes_a_new_version_and_old_responses_keep_theirs(client, desk, desk_path):
    fields = form_fields(client.get(desk_path).get_data(as_text=True))
    data = {k: v for k, v in fields.items() if k != "website"}
    client.post(desk_path, data=data | {"SVC.3.1": "5", "OVERALL": "5"})
    old = latest_instrument("sipas-desk")
    definition = copy.deepcopy(old.definition)
    definition["domains"][0]["components"][2]["criteria"][0]["text"]["vi"] = "Thái độ niềm nở"
    new, created = save_version(definition)
    db.session.commit()
    assert created and new.version == old.version + 1
    assert save_version(copy.deepcopy(definition)) == (new, False)
    stored = db.session.scalars(sa.select(Response)).one()
    assert stored.instrument_id == old.id
    kept = questionnaire_for(db.session.get(type(old), stored.instrument_id))
    assert kept.criteria[8].text["vi"] == "Thái độ giao tiếp lịch sự, tôn trọng"
    assert "Thái độ niềm nở" in client.get(desk_path).get_data(as_text=True)


def test_form_posted_against_the_version_it_showed(client, desk, desk_path):
    fields = form_fields(client.get(desk_path).get_data(as_text=True))
    shown = latest_instrument("sipas-desk")
    definition = copy.deepcopy(shown.definition)
    definition["title"]["vi"] = "Phiếu mới"
    save_version(definition)
    db.session.commit()
    data = {k: v for k, v in fields.items() if k != "website"}
    assert client.post(desk_path, data=data | {"OVERALL": "4"}).status_code == 303
    assert db.session.scalars(sa.select(Response.instrument_id)).one() == shown.id


def test_instrument_codes_follow_the_issue_pattern():
    for definition in load_builtin_definitions().values():
        for criterion in Questionnaire(definition).criteria:
            assert re.fullmatch(r"(SVC\.[1-5]|POL\.[A-D])\.\d+", criterion.code)

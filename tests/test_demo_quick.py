"""The demo's quick-form responses: stored with their shown sets, and the dashboard they give
agrees with what the same citizens' full answers would have given, within its intervals."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import sqlalchemy as sa
from scipy import stats

import analysis
from surveyapp.demo.quick import QUICK_FROM_MONTH, QUICK_UNITS
from surveyapp.demo.responses import insert_unit_responses
from surveyapp.demo.simulation import simulate
from surveyapp.extensions import db
from surveyapp.models import Answer, Response
from surveyapp.services import rating_cells, scores
from surveyapp.services.instruments import latest_instrument, questionnaire_for
from tests import factories

RESPONDENTS = 1500
OCTOBER_2026 = date(2026, 10, 1)  # month QUICK_FROM_MONTH of the demo window
TARGETS = np.array([0.72, 0.85, 0.78, 0.9, 0.7])  # SVC.1 ... SVC.5, satisfied shares


@pytest.fixture
def quick_unit(app):
    unit = factories.unit("commune_centre")
    unit.code = QUICK_UNITS[0]
    db.session.commit()
    factories.desk_with_code(unit, form_mode="quick")
    return unit


def _insert(unit, seed: int):
    instrument = latest_instrument("sipas-desk")
    month_index = np.full(RESPONDENTS, QUICK_FROM_MONTH)
    targets = np.tile(TARGETS, (RESPONDENTS, 1))
    insert_unit_responses(np.random.default_rng(seed), unit, instrument, month_index, targets)
    db.session.commit()
    rating_cells.rebuild()
    # The same generator gives the same citizens' full answers (the simulation draws first).
    questionnaire = questionnaire_for(instrument)
    return questionnaire, simulate(np.random.default_rng(seed), questionnaire, targets)


def _dashboard(unit) -> dict:
    cells = scores.load_cells([unit.id], (OCTOBER_2026, OCTOBER_2026))
    table = scores.score(scores.summary(cells, lambda row: "unit"))
    return {(f.level, f.code): f for (_, _, _), f in scores.figures(table).items()}


def _full_scores(questionnaire, simulated) -> dict:
    ratings = np.where(simulated.ratings > 0, simulated.ratings, np.nan)
    table = analysis.score(
        ratings,
        [c.component for c in questionnaire.criteria],
        criteria=[c.code for c in questionnaire.criteria],
    )
    return {(row["level"], row["code"]): row for row in table.rows()}


def test_demo_quick_responses_store_their_shown_sets(quick_unit):
    _insert(quick_unit, seed=11)
    responses = list(db.session.scalars(sa.select(Response)))
    assert len(responses) == RESPONDENTS
    for response in responses[:50]:
        shown = response.shown_criteria.split(";")
        assert [code.rsplit(".", 1)[0] for code in shown] == [f"SVC.{k}" for k in range(1, 6)]
        assert {a.criterion for a in response.answers} <= set(shown) | {"OVERALL"}
    answered = db.session.scalar(
        sa.select(sa.func.count()).select_from(Answer).where(Answer.criterion != "OVERALL")
    )
    assert answered == 5 * RESPONDENTS  # one row per drawn criterion (rated or "NA")


def test_demo_quick_dashboard_agrees_with_the_full_answers_within_its_intervals(quick_unit):
    questionnaire, simulated = _insert(quick_unit, seed=12)
    quick, full = _dashboard(quick_unit), _full_scores(questionnaire, simulated)
    criteria = [("criterion", c.code) for c in questionnaire.criteria]
    cells = [("component", f"SVC.{k}") for k in range(1, 6)] + criteria
    cells.append(next(key for key in quick if key[0] == "overall"))
    # 95% for the whole dashboard at once: each of its 25 intervals at 1 - 0.05/25 (Bonferroni)
    z = stats.norm.ppf(1 - 0.05 / (2 * len(cells)))
    for key in cells:
        assert abs(quick[key].estimate - full[key]["estimate"]) <= z * quick[key].se, key
    for key in criteria:  # each criterion was asked of 1 citizen in 3 to 5
        assert quick[key].n < full[key]["n"] / 2, key

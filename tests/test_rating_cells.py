"""Rating cells: folded incrementally, rebuilt from scratch, scored like the raw responses."""

from __future__ import annotations

import threading
from datetime import datetime

import numpy as np
import pytest
import sqlalchemy as sa

import analysis
from surveyapp.extensions import db
from surveyapp.models import Answer, PendingSummary, RatingCell, Response
from surveyapp.services import rating_cells
from surveyapp.services.instruments import latest_version
from tests import factories
from tests.conftest import form_fields

MONTHS = [datetime(2025, 6, 20), datetime(2025, 6, 30, 18), datetime(2025, 7, 15)]


def _layout():
    return rating_cells.layout_of(latest_version("sipas-desk").questionnaire)


def _random_responses(desks, count, rng):
    """Responses with random ratings, some not applicable, some criteria skipped."""
    criteria = _layout()["criteria"]
    for _ in range(count):
        ratings = {}
        for code in criteria:
            draw = rng.random()
            if draw < 0.1:
                ratings[code] = None
            elif draw < 0.9:
                ratings[code] = int(rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.1, 0.15, 0.4, 0.3]))
        ratings["OVERALL"] = int(rng.integers(1, 6))
        desk = desks[int(rng.integers(len(desks)))]
        factories.response(desk, MONTHS[int(rng.integers(len(MONTHS)))], ratings)
        db.session.add(PendingSummary(response_id=db.session.scalar(sa.func.max(Response.id))))
        db.session.commit()


def _raw_score_by_unit():
    """analysis.score straight from the answer rows, grouped by the response's unit."""
    layout = _layout()
    ids = db.session.scalars(sa.select(Response.id).order_by(Response.id)).all()
    units = dict(db.session.execute(sa.select(Response.id, Response.unit_id)).all())
    matrix = np.full((len(ids), len(layout["criteria"])), np.nan)
    row_of = {response_id: row for row, response_id in enumerate(ids)}
    column_of = {code: column for column, code in enumerate(layout["criteria"])}
    answers = sa.select(Answer.response_id, Answer.criterion, Answer.rating)
    for response_id, criterion, rating in db.session.execute(answers):
        if criterion in column_of and rating is not None:
            matrix[row_of[response_id], column_of[criterion]] = rating
    groups = [units[response_id] for response_id in ids]
    return analysis.score(
        matrix, layout["components"], criteria=layout["criteria"], groups=groups, min_n=5
    )


def _cells_score_by_unit():
    cells = db.session.scalars(sa.select(RatingCell).order_by(RatingCell.id)).all()
    summary = analysis.summary_from_vectors(
        rating_cells.cell_vectors(cells), [cell.unit_id for cell in cells], **_layout()
    )
    return analysis.score_summary(summary, min_n=5)


def _vectors() -> dict:
    cells = db.session.scalars(sa.select(RatingCell)).all()
    return {
        (c.desk_id, c.unit_id, c.instrument_id, c.month): (c.responses, c.vector) for c in cells
    }


@pytest.fixture
def desks(app):
    first, second = factories.desk_with_code(), factories.desk_with_code()
    return [first, factories.desk_with_code(first.unit), second]


def test_folded_cells_score_exactly_like_the_raw_responses(desks):
    _random_responses(desks, 120, np.random.default_rng(7))
    assert rating_cells.fold_pending(batch=50) == 120
    raw, folded = _raw_score_by_unit(), _cells_score_by_unit()
    for column in ("estimate", "n", "se", "ci_low", "ci_high", "pvalue", "qvalue"):
        np.testing.assert_allclose(
            folded[column], raw[column], rtol=1e-12, atol=1e-14, equal_nan=True, err_msg=column
        )
    assert folded["status"].tolist() == raw["status"].tolist()
    assert db.session.scalar(sa.select(sa.func.sum(RatingCell.responses))) == 120


def test_months_are_local_and_a_rebuild_equals_the_incremental_cells(desks):
    rng = np.random.default_rng(11)
    _random_responses(desks, 40, rng)
    rating_cells.fold_pending()
    _random_responses(desks, 30, rng)
    rating_cells.fold_pending(batch=7)
    incremental = _vectors()
    months = {key[3] for key in incremental}
    # 30 June 18:00 UTC is already 1 July in Vietnam.
    assert {m.isoformat() for m in months} <= {"2025-06-01", "2025-07-01"}
    assert rating_cells.rebuild() == 70
    rebuilt = _vectors()
    assert rebuilt.keys() == incremental.keys()
    for key, (count, vector) in incremental.items():
        assert rebuilt[key][0] == count
        np.testing.assert_allclose(np.frombuffer(rebuilt[key][1]), np.frombuffer(vector))


def test_a_form_submission_is_queued_and_folded_once(client, desks):
    path = factories.desk_path(desks[0])
    fields = form_fields(client.get(path).get_data(as_text=True))
    data = {k: v for k, v in fields.items() if k != "website"} | {"OVERALL": "5", "SVC.1.1": "4"}
    assert client.post(path, data=data).status_code == 303
    assert client.post(path, data=data).status_code == 303  # a double tap: stored once
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingSummary)) == 1
    assert rating_cells.fold_pending() == 1 and rating_cells.fold_pending() == 0
    cell = db.session.scalars(sa.select(RatingCell)).one()
    assert cell.responses == 1 and cell.desk_id == desks[0].id


@pytest.fixture
def shared_app(tmp_path):
    """An app whose threads get connections of their own: a SQLite file, or the test server."""
    from tests.conftest import TEST_DATABASE_URL, make_app

    uri = TEST_DATABASE_URL
    if uri.startswith("sqlite"):
        uri = f"sqlite:///{tmp_path / 'cells.sqlite3'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=uri)
    with app.app_context():
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_folders_running_at_once_count_each_response_once(shared_app):
    first = factories.desk_with_code()
    _random_responses([first, factories.desk_with_code(first.unit)], 60, np.random.default_rng(3))
    errors, start = [], threading.Barrier(4)

    def fold():
        with shared_app.app_context():
            try:
                start.wait()
                rating_cells.fold_pending(batch=5)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=fold) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.session.scalar(sa.select(sa.func.sum(RatingCell.responses))) == 60
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingSummary)) == 0


def test_rebuild_and_fold_commands(runner, desks):
    _random_responses(desks, 5, np.random.default_rng(1))
    assert "Folded 5 responses" in runner.invoke(args=["fold-summaries"]).output
    assert "from 5 responses" in runner.invoke(args=["rebuild-summaries"]).output


def test_scores_from_the_leading_sums_equal_scores_from_whole_vectors(desks):
    from datetime import date

    from surveyapp.services import scores

    _random_responses(desks, 80, np.random.default_rng(5))
    rating_cells.fold_pending()
    months = (date(2025, 6, 1), date(2025, 7, 1))
    unit_ids = [d.unit_id for d in desks]
    whole = scores.load_cells(unit_ids, months)
    lead = scores.load_cells(unit_ids, months, drivers=False)
    assert len(lead.rows[0].vector) < len(whole.rows[0].vector) / 1.8
    by_unit = lambda row: row.unit_id  # noqa: E731
    full_table = scores.score(scores.summary(whole, by_unit))
    lead_table = scores.score(scores.summary(lead, by_unit))
    for column in ("estimate", "n", "se", "ci_low", "ci_high", "pvalue", "qvalue"):
        np.testing.assert_array_equal(lead_table[column], full_table[column])
    assert lead_table["status"].tolist() == full_table["status"].tolist()
    with pytest.raises(ValueError, match="whole cell vectors"):
        from surveyapp.services.unit_report import drivers

        drivers(lead, {})


def test_the_pairwise_moments_migration_requeues_every_response(app):
    """Cells of the older vector layout are emptied and every response is folded afresh."""
    from flask_migrate import upgrade

    from surveyapp.models import BreakdownCount
    from surveyapp.services.builtins import install_builtins

    db.drop_all()
    db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()
    upgrade(revision="5c2d8e7f1a94")  # the revision before the pairwise moments
    install_builtins()
    desks = [factories.desk_with_code(), factories.desk_with_code()]
    _random_responses(desks, 30, np.random.default_rng(3))
    rating_cells.fold_pending()
    breakdowns = _breakdown_rows()
    stale = db.session.scalars(sa.select(RatingCell)).first()
    stale.vector = np.zeros(1637, dtype="<f8").tobytes()  # the old layout's length
    db.session.commit()
    upgrade()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RatingCell)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BreakdownCount)) == 0
    queued = db.session.scalars(sa.select(PendingSummary.response_id)).all()
    assert sorted(queued) == db.session.scalars(sa.select(Response.id).order_by(Response.id)).all()
    assert rating_cells.fold_pending() == 30
    layout = analysis.summary_vector_layout(19, 5)
    lengths = {len(cell.vector) for cell in db.session.scalars(sa.select(RatingCell))}
    assert lengths == {8 * layout["pair_products"].stop}
    raw, folded = _raw_score_by_unit(), _cells_score_by_unit()
    np.testing.assert_allclose(folded["se"], raw["se"], rtol=1e-12, equal_nan=True)
    assert _breakdown_rows() == breakdowns


def _breakdown_rows() -> list[tuple]:
    from surveyapp.models import BreakdownCount

    return sorted(tuple(row[1:]) for row in db.session.execute(sa.select(BreakdownCount.__table__)))

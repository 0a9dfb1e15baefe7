"""Memory of the response exports: tracemalloc peak while streaming 2,000 and 20,000 responses.

The CSV is consumed chunk by chunk as the WSGI server would send it, the XLSX is written to its
temporary file; both read the database in batches of 2,000. From two batches on, the peak is
flat (the previous batch is still alive while the next one is read): 2,000 -> 20,000 rises once,
20,000 -> 40,000 does not. A ratio near 1 (not near 10 or 2) shows that memory does not grow
with the number of responses. Run: .venv/bin/python benchmarks/exports.py
"""

from __future__ import annotations

import sys
import tempfile
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveyapp.extensions import db  # noqa: E402
from surveyapp.models import Answer, Instrument, Response  # noqa: E402
from surveyapp.services import exports  # noqa: E402
from surveyapp.services.instruments import latest_version  # noqa: E402
from surveyapp.services.periods import parse  # noqa: E402
from tests import factories  # noqa: E402
from tests.conftest import make_app  # noqa: E402

SIZES = (2_000, 20_000, 40_000)


def _load(desk, count: int, start: int) -> None:
    """``count`` responses with every criterion answered, inserted in bulk."""
    instrument = db.session.scalar(sa.select(Instrument.id).where(Instrument.code == "sipas-desk"))
    codes = latest_version("sipas-desk").questionnaire.rating_codes
    when = datetime(2026, 7, 1)
    responses = [
        {
            "id": start + i,
            "desk_id": desk.id,
            "unit_id": desk.unit_id,
            "instrument_id": instrument,
            "submitted_at": when + timedelta(seconds=i),
            "source": "form",
            "language": "vi",
            "submission_key": f"bench-{start + i}",
            "comment": "Cán bộ nhiệt tình, hướng dẫn chu đáo" if i % 5 == 0 else None,
        }
        for i in range(count)
    ]
    db.session.execute(sa.insert(Response), responses)
    answers = [
        {"response_id": r["id"], "criterion": code, "rating": 4 + (r["id"] + n) % 2}
        for r in responses
        for n, code in enumerate(codes)
    ]
    db.session.execute(sa.insert(Answer), answers)
    db.session.commit()


def _peak(run) -> float:
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _csv() -> None:
    for _ in exports.csv_chunks(None, parse("2026")):
        pass


def _xlsx() -> None:
    exports.responses_xlsx(None, parse("2026")).close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3")
        with app.app_context():
            desk = factories.desk_with_code()
            loaded, results = 1_000_000, {}
            for size in SIZES:
                _load(desk, size - db.session.scalar(sa.select(sa.func.count(Response.id))), loaded)
                loaded += size
                results[size] = (_peak(_csv), _peak(_xlsx))
                print(
                    f"{size:>7,} responses: CSV peak {results[size][0]:6.1f} MiB, "
                    f"XLSX peak {results[size][1]:6.1f} MiB"
                )
            for small, large in zip(SIZES, SIZES[1:], strict=False):
                a, b = results[small], results[large]
                print(
                    f"ratio {large:,} / {small:,}: CSV {b[0] / a[0]:.2f}, XLSX {b[1] / a[1]:.2f}"
                    f" (1.00 = constant; {large // small} = grows with responses)"
                )


if __name__ == "__main__":
    main()

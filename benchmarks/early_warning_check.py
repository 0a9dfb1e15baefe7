"""What ``check-early-warnings`` costs on the demo, against a dashboard read.

Copies an already seeded demo database (``--database``, a SQLite file made by
``flask --app wsgi seed-demo``) to a temporary file, then times on it, as at the end of the
demo's window (1 December 2026):

- the baseline: ``province_overview`` for the last quarter of the demo (what a reviewer's
  page costs, cells already folded);
- reading the desks' series alone (``read_series``: time and overall rating of four months
  of responses);
- the whole check (``check_early_warnings``: read, every desk's limit and chart, upserts,
  one commit); each run works out every desk's limit afresh, as each command does. The first
  run (cold caches) is reported apart.

Prints medians and their ratio to the baseline. Usage::

    .venv/bin/python benchmarks/early_warning_check.py --database instance/demo.sqlite3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveyapp import create_app  # noqa: E402
from surveyapp.demo.warnings import CHECKED_AT  # noqa: E402


def _median(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "demo.sqlite3"
        shutil.copy(args.database, copy)
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}"})
        with app.app_context():
            _measure(app, args.runs)


def _measure(app, runs: int) -> None:
    import sqlalchemy as sa

    from surveyapp.extensions import db
    from surveyapp.models import Response, Unit
    from surveyapp.services import early_warning
    from surveyapp.services.overview import province_overview
    from surveyapp.services.periods import parse

    province = db.session.scalar(sa.select(Unit).where(Unit.code == "TN"))
    responses = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
    chosen = early_warning.rule()
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    bounds = early_warning.window(CHECKED_AT, chosen.baseline_months, zone)
    first = _median(lambda: early_warning.check_early_warnings(CHECKED_AT), 1)
    figures = {
        "province overview (baseline)": _median(
            lambda: province_overview(province, parse("2026-Q4"), None), runs
        ),
        "read the desks' series": _median(lambda: early_warning.read_series(bounds), runs),
        "whole check": _median(lambda: early_warning.check_early_warnings(CHECKED_AT), runs),
    }
    print(f"demo: {responses:,} responses; median of {runs} runs; first check {first:.3f} s")
    base = figures["province overview (baseline)"]
    for name, seconds in figures.items():
        print(f"{name:<30} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}x")


if __name__ == "__main__":
    main()

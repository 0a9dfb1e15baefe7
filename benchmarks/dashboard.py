"""Console pages at 100,000 and 1,000,000 responses: does their cost grow with responses?

Builds the demo province in a SQLite file (or the PostgreSQL database in --database), copies
its responses until there are --sizes responses (copies keep their desk, unit and month, so
the number of rating cells stays the same, as in a real province whose volume grows), rebuilds
the rating cells, then times the province overview, a unit page and the XLSX index export
(when that route exists) through the test client, signed in as the reviewer. Prints medians
per size and the ratio of each size to the first one (the baseline, run in the same session).

Usage::

    .venv/bin/python benchmarks/dashboard.py                         # 100k and 1M on SQLite
    .venv/bin/python benchmarks/dashboard.py --sizes 100000 --runs 5
    .venv/bin/python benchmarks/dashboard.py --database postgresql://survey:survey@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveyapp import create_app  # noqa: E402
from surveyapp.extensions import db  # noqa: E402

PAGES = {
    "province overview": "/console/province?period={period}",
    "unit page": "/console/units/{unit}?period={period}",
    "XLSX index export": "/console/province/indices.xlsx?period={period}",
}
PERIOD = "2026-Q3"


def _app(url: str):
    config = {
        "TESTING": True,
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    return create_app(config)


def _seed(app) -> None:
    from flask_migrate import upgrade

    from surveyapp.demo import seed_demo

    with app.app_context():
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
        seed_demo()


def _grow(app, target: int) -> int:
    """Copy responses (with their answers) until there are at least ``target``."""
    with app.app_context():
        while (count := db.session.scalar(sa.text("SELECT COUNT(*) FROM responses"))) < target:
            top = db.session.scalar(sa.text("SELECT MAX(id) FROM responses"))
            take = min(count, target - count)
            db.session.execute(
                sa.text(
                    "INSERT INTO responses (id, desk_id, unit_id, instrument_id, submitted_at,"
                    " source, language, submission_key, dossier_digest, procedure_id, comment)"
                    " SELECT id + :top, desk_id, unit_id, instrument_id, submitted_at, source,"
                    " language, submission_key || '-' || CAST(id + :top AS TEXT), NULL,"
                    " procedure_id, comment FROM responses WHERE id <= :last"
                ),
                {"top": top, "last": _nth_id(take)},
            )
            db.session.execute(
                sa.text(
                    "INSERT INTO answers (response_id, criterion, rating)"
                    " SELECT response_id + :top, criterion, rating FROM answers"
                    " WHERE response_id <= :last"
                ),
                {"top": top, "last": _nth_id(take)},
            )
            db.session.commit()
        return count


def _nth_id(n: int) -> int:
    return db.session.scalar(
        sa.text("SELECT id FROM responses ORDER BY id LIMIT 1 OFFSET :n"), {"n": n - 1}
    )


def _rebuild(app) -> float:
    from surveyapp.services.rating_cells import rebuild

    with app.app_context():
        start = time.perf_counter()
        rebuild()
        seconds = time.perf_counter() - start
        # Fresh statistics, as autovacuum would soon give a real server after a bulk load;
        # without them PostgreSQL plans the first reads of the copied rows badly.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        return seconds


def _times(app, runs: int) -> dict[str, float | None]:
    with app.app_context():
        unit = db.session.scalar(sa.text("SELECT id FROM units WHERE code = 'TN.CD'"))
    client = app.test_client()
    client.post("/auth/login", data={"username": "sonoivu", "password": "demo-2026-tn"})
    found = {}
    for name, pattern in PAGES.items():
        path = pattern.format(period=PERIOD, unit=unit)
        if client.get(path).status_code != 200:  # warm-up; a route not built yet is skipped
            found[name] = None
            continue
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path)
            samples.append(time.perf_counter() - start)
        found[name] = statistics.median(samples)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a SQLite file in /tmp)")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dashboard-bench-")
    url = options.database or f"sqlite:///{folder}/bench.sqlite3"
    app = _app(url)
    _seed(app)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, database {url.split(':')[0]}"
    )
    results = {}
    for size in sorted(options.sizes):
        count = _grow(app, size)
        rebuild = _rebuild(app)
        results[size] = _times(app, options.runs)
        print(f"\n{count:,} responses (rating cells rebuilt in {rebuild:.1f} s):")
        for name, seconds in results[size].items():
            print(
                f"  {name:<20} " + ("not built" if seconds is None else f"{seconds * 1000:7.1f} ms")
            )
    base = min(results)
    for size in sorted(results)[1:]:
        print(f"\nratio {size:,} / {base:,} responses (median time):")
        for name, seconds in results[size].items():
            before = results[base][name]
            if seconds is not None and before:
                print(f"  {name:<20} {seconds / before:5.2f}x")


if __name__ == "__main__":
    main()

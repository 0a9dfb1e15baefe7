"""Server time of one citizen visit, in process (no gunicorn, no network): where it goes.

    .venv/bin/python benchmarks/profile_submit.py               # ms per GET and per POST
    .venv/bin/python benchmarks/profile_submit.py --profile 25  # plus the top 25 functions

The app is built as in production (CSRF and rate limits on, SQLite file in WAL mode with
durable commits) on a scratch database with 40 desks. One Werkzeug test client loads a desk's
form, then POSTs it with a fresh submission key each time. Figures are medians of ``--rounds``
rounds, each the mean of ``--requests`` requests, beside a bare Flask app doing the same
exchange in the same process (``bare_app.py``), so the ratio is comparable across machines.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after ROOT: benchmarks/analysis.py

import submit as load  # noqa: E402  (the load test's database and form helpers)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds (7)")
    parser.add_argument("--requests", type=int, default=200, help="POSTs per round (200)")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--sort", default="cumulative", help="pstats order (cumulative)")
    return parser.parse_args(argv)


class Visit:
    """One citizen's client: loads the form once, then posts it with fresh submission keys."""

    def __init__(self, app, path: str, seed: int = 1) -> None:
        self.client = app.test_client()
        self.path = path
        self.rng = random.Random(seed)
        self.shape = load.load_form_shape()
        self.page = load.read_page(self.get())

    def get(self) -> str:
        response = self.client.get(self.path)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def post(self) -> None:
        pairs = [
            (name, uuid.uuid4().hex if name == "submission_key" else value)
            for name, value in load.fill_form(self.page, self.shape, self.rng)
        ]
        response = self.client.post(self.path, data=urlencode(pairs), headers=load.FORM_HEADERS)
        assert response.status_code == 303, (response.status_code, response.get_data()[:300])


def per_request_ms(action, requests: int, rounds: int) -> tuple[float, float]:
    """Median over rounds of (wall ms, CPU ms) per request. CPU leaves out waits for fsync."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            action()
        walls.append((time.perf_counter() - wall) * 1000 / requests)
        cpus.append((time.process_time() - cpu) * 1000 / requests)
    return statistics.median(walls), statistics.median(cpus)


def build_app(workdir: Path):
    os.environ.update(load.app_environment(workdir / "profile.sqlite3"))
    os.chdir(ROOT)
    load.flask_cli("init-db")
    token = load.desk_tokens(40)[0]
    from surveyapp import create_app

    return create_app(), f"/q/{token}"


def bare_visit() -> Visit:
    from bare_app import app as bare

    return Visit(bare, "/q/" + "A" * 24)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(f"machine: {load.cpu_model()}, {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="surveyapp-profile-") as workdir:
        app, path = build_app(Path(workdir))
        visit, bare = Visit(app, path), bare_visit()
        rows = {
            "app GET": per_request_ms(visit.get, args.requests, args.rounds),
            "bare GET": per_request_ms(bare.get, args.requests, args.rounds),
            "app POST": per_request_ms(visit.post, args.requests, args.rounds),
            "bare POST": per_request_ms(bare.post, args.requests, args.rounds),
        }
        print(f"per request, median of {args.rounds} rounds x {args.requests} requests:")
        for name, (wall, cpu) in rows.items():
            print(f"{name:10} wall {wall:6.3f} ms   CPU {cpu:6.3f} ms")
        for method in ("GET", "POST"):
            app_ms, bare_ms = rows[f"app {method}"], rows[f"bare {method}"]
            print(
                f"app/bare {method}: wall {app_ms[0] / bare_ms[0]:.1f}x, "
                f"CPU {app_ms[1] / bare_ms[1]:.1f}x"
            )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [visit.post() for _ in range(args.requests)])
            stats = pstats.Stats(profiler).sort_stats(args.sort)
            stats.print_stats(args.profile)


if __name__ == "__main__":
    main()

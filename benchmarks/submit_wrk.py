"""Form POSTs/s of the app against the raw-insert floor, driven by wrk (a load generator in C).

    .venv/bin/python benchmarks/submit_wrk.py                       # 3 runs x (app, floor) x 10 s
    .venv/bin/python benchmarks/submit_wrk.py --runs 1 --seconds 5  # smoke check

Needs ``wrk`` (Debian: ``apt-get install wrk``). A Python client shares the 2 cores with the
server and takes about a third of them; wrk takes a few percent. Both servers run under
gunicorn with the repository's ``gunicorn.conf.py`` on one scratch SQLite database (40 desks),
one after the other and in alternating order from run to run: the app (``wsgi:app``, CSRF,
rate limits, access log on) and the floor (``floor_app.py``: the same body parsed and the same
rows stored in one durable transaction, nothing else).

CSRF stays on. The script loads the app's form once (GET) and gives wrk that session's cookie
and its real CSRF token; Flask-WTF's token belongs to the session, not to one page, so every
POST of the run carries a valid token (wrk cannot read a page between requests). Each POST has
a fresh submission key and goes to one of the 40 desks in turn. Rate limits are raised as in
``submit.py``. wrk runs one connection per thread, so each 303 is matched to its key: the check
is exact (every acknowledged key stored once; stored but unacknowledged only for requests
still in flight when wrk stopped; 20 answer rows each).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after ROOT: benchmarks/analysis.py

import submit as load  # noqa: E402  (database, gunicorn and form helpers)

LUA = ROOT / "benchmarks" / "submit_wrk.lua"
SERVERS = {"app": "wsgi:app", "floor": "benchmarks.floor_app:create()"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of (app, floor) (3)")
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds (10)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds not counted (3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--desks", type=int, default=40, help="desks in the database (40)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="gunicorn workers")
    args = parser.parse_args(argv)
    args.threads, args.demo = 1, False  # for submit.py's helpers: sync workers, no demo data
    return args


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2))


@dataclass
class Result:
    name: str
    load_before: float
    rate: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    count_5xx: int = 0
    acked: int = 0
    stored: int = 0
    problems: list[str] = field(default_factory=list)


def start(name: str, args: argparse.Namespace, workdir: Path) -> load.Server:
    """gunicorn with the shipped gunicorn.conf.py (through submit.py's readiness wrapper)."""
    port = load.free_port()
    env = os.environ | {
        "SURVEYAPP_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "SURVEYAPP_ACCESS_LOG": str(workdir / f"{name}-access.log"),
    }
    config, ready_dir = load.gunicorn_config(name, workdir)
    command = [sys.executable, "-m", "gunicorn", "-c", str(config), SERVERS[name]]
    log_path = workdir / f"{name}-gunicorn.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    server = load.Server(name, process, f"http://127.0.0.1:{port}", log_path, ready_dir, 0)
    server.workers = args.workers
    try:
        load.wait_until_up(server)
    except BaseException:
        load.stop_server(server)
        raise
    return server


def session_and_bodies(server: load.Server, path: str, count: int) -> tuple[str, list[str]]:
    """A session's Cookie header and ``count`` form bodies with that session's CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(server.base_url + path, timeout=10) as reply:
        page = load.read_page(reply.read().decode("utf-8"))
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    shape, rng = load.load_form_shape(), random.Random(7)
    bodies = [
        urlencode(
            [pair for pair in load.fill_form(page, shape, rng) if pair[0] != "submission_key"]
        )
        for _ in range(count)
    ]
    return cookie, bodies


def wrk(server: load.Server, paths, cookie, bodies, seconds, tag, args, workdir) -> dict:
    setup, results = workdir / f"{tag}.setup", workdir / f"{tag}.results"
    lines = [cookie, tag, str(results), str(len(paths)), *paths, *bodies]
    setup.write_text("\n".join(lines) + "\n", encoding="utf-8")
    connections = str(args.connections)
    command = ["wrk", "-t", connections, "-c", connections, "-d", f"{seconds:g}s", "--timeout"]
    command += ["10s", "-s", str(LUA), server.base_url, "--", str(setup)]
    subprocess.run(command, check=True, capture_output=True, timeout=seconds + 60)
    parsed: dict = {"status": {}, "acked": [], "pending": []}
    for line in results.read_text().splitlines():
        kind, *values = line.split()
        if kind == "summary":
            parsed["summary"] = [int(value) for value in values]
        elif kind == "status":
            parsed["status"][int(values[0])] = parsed["status"].get(int(values[0]), 0) + int(
                values[1]
            )
        else:
            parsed[kind].append(values[0])
    return parsed


def stored_rows(db_path: Path, tag: str) -> tuple[list[str], int]:
    """Submission keys stored by the run tagged ``tag``, and their answer rows."""
    with sqlite3.connect(db_path) as connection:
        keys = [key for (key,) in connection.execute(KEYS, (tag + "%",))]
        answers = connection.execute(ANSWERS, (tag + "%",)).fetchone()[0]
    return keys, answers


KEYS = "SELECT submission_key FROM responses WHERE submission_key LIKE ?"
ANSWERS = (
    "SELECT count(*) FROM answers JOIN responses ON responses.id = answers.response_id"
    " WHERE responses.submission_key LIKE ?"
)


def check(result: Result, run: dict, db_path: Path, tag: str, answers_each: int) -> None:
    time.sleep(1)  # requests in flight when wrk stopped may still be committing
    stored, answers = stored_rows(db_path, tag)
    keys, acked, pending = set(stored), set(run["acked"]), set(run["pending"])
    result.acked, result.stored = len(run["acked"]), len(stored)
    if len(acked) != len(run["acked"]) or len(keys) != len(stored):
        result.problems.append("a key acknowledged or stored twice")
    if missing := sorted(acked - keys):
        result.problems.append(f"{len(missing)} acknowledged responses not stored: {missing[:3]}")
    if extra := sorted(keys - acked - pending):
        result.problems.append(
            f"{len(extra)} stored, neither acknowledged nor in flight: {extra[:3]}"
        )
    if answers != len(stored) * answers_each:
        result.problems.append(f"{answers} answer rows for {len(stored)} responses")
    connect, read, write, status, timeout = run["summary"][4:]
    if connect or read or write or timeout:
        result.problems.append(f"socket errors c{connect} r{read} w{write} t{timeout}")
    if other := {s: n for s, n in run["status"].items() if s != 303}:
        result.problems.append(f"statuses other than 303: {other}")


def measure(name: str, args, paths, db_path: Path, workdir: Path, run_number: int) -> Result:
    server = start(name, args, workdir)
    try:
        cookie, bodies = session_and_bodies(server, paths[0], 64)
        tag = f"{name[0]}{run_number:02d}"
        wrk(server, paths, cookie, bodies, args.warmup, tag + "w", args, workdir)
        result = Result(name, os.getloadavg()[0])
        run = wrk(server, paths, cookie, bodies, args.seconds, tag + "m", args, workdir)
    finally:
        load.stop_server(server)
    duration_s, requests, p50, p99 = run["summary"][:4]
    result.rate = len(run["acked"]) / (duration_s / 1e6)
    result.p50_ms, result.p99_ms = p50 / 1000, p99 / 1000
    result.count_5xx = sum(n for s, n in run["status"].items() if s >= 500)
    check(result, run, db_path, tag + "m", len(load.load_form_shape().rating_codes))
    return result


def line(result: Result) -> str:
    text = (
        f"{result.name:6} {result.rate:8.1f}/s  p50 {result.p50_ms:6.1f} ms  "
        f"p99 {result.p99_ms:6.1f} ms  5xx {result.count_5xx}  acked {result.acked}  "
        f"stored {result.stored}  load {result.load_before:.2f}"
    )
    return text + "".join(f"\n       PROBLEM: {problem}" for problem in result.problems)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    print(f"machine: {os.cpu_count()} cores, {load.cpu_model()}; app at {load.source_version()}")
    print(
        f"wrk: {args.connections} connections (one per thread), {args.seconds:g} s after "
        f"{args.warmup:g} s warm-up; gunicorn {args.workers} sync workers; CSRF on; rate "
        f"limits {load.RATE_LIMIT!r}; load = 1-minute load average before each measurement"
    )
    ratios, app_rows = [], []
    with tempfile.TemporaryDirectory(prefix="surveyapp-wrk-") as workdir:
        db_path = Path(workdir) / "wrk.sqlite3"
        paths = [f"/q/{token}" for token in load.prepare_database(args, db_path)]
        for number in range(1, args.runs + 1):
            order = ("app", "floor") if number % 2 else ("floor", "app")
            rows = {
                name: measure(name, args, paths, db_path, Path(workdir), number) for name in order
            }
            print(f"run {number}:\n" + "\n".join(line(rows[name]) for name in order))
            ratios.append(rows["app"].rate / rows["floor"].rate)
            app_rows.append(rows["app"])
            print(f"       app/floor {ratios[-1]:.2f}x")
            time.sleep(1)
    print(
        f"median app/floor {statistics.median(ratios):.2f}x (target >= 0.6x); app p99 median "
        f"{statistics.median(r.p99_ms for r in app_rows):.1f} ms (target < 100 ms); app 5xx "
        f"{sum(r.count_5xx for r in app_rows)}; problems {sum(len(r.problems) for r in app_rows)}"
    )


if __name__ == "__main__":
    main()

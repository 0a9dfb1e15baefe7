"""Load test of the citizen form submit, beside a bare Flask endpoint served the same way.

Run from the repository root (no set-up needed; the database is built in a temporary folder):

    .venv/bin/python benchmarks/submit.py                 # 3 runs x (bare + app) x 30 s
    .venv/bin/python benchmarks/submit.py --runs 1 --seconds 5   # smoke check

Each of ``--clients`` virtual citizens keeps its own cookie jar and loops: GET a desk form
(``/q/<token>``), read the hidden ``csrf_token``, ``submission_key`` and ``instrument``, POST a
filled-in form with random ratings ``--posts-per-page`` times (10; each with a fresh submission
key), and count a 303 as acknowledged. ``--posts-per-page 1`` measures a citizen's whole visit.
Both servers are started with ``gunicorn -c gunicorn.conf.py`` on a free loopback port with the
same worker settings.
After each run the rows stored in the database are checked against the acknowledged keys.
Figures are printed, with app/bare ratios; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import random
import re
import runpy
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from http_client import Client, ProtocolError

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
RATE_LIMIT = "1000000 per minute"  # limiter stays on (its cost is measured), limit out of reach
DISTURBED_CORES = 0.2  # CPU used by other processes above which a run is flagged
INPUT_TAG = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'\b(name|value|type)="([^"]*)"')
PROCEDURE_SELECT = re.compile(r'<select name="procedure">(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]+)"')
COMMENTS = ("Cán bộ nhiệt tình, hướng dẫn rõ ràng.", "Thời gian chờ hơi lâu.", "Rất hài lòng.")


# ---------------------------------------------------------------- command line and machine


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent citizens (32)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured time per run (30)")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured load first (3)")
    parser.add_argument("--runs", type=int, default=3, help="runs; medians are printed (3)")
    # By default, what the repository's gunicorn.conf.py chooses on this machine.
    shipped = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    parser.add_argument(
        "--workers",
        type=int,
        default=shipped["workers"],
        help=f"gunicorn workers (gunicorn.conf.py: {shipped['workers']})",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=shipped["threads"],
        help=f">1 selects gthread (gunicorn.conf.py: {shipped['threads']})",
    )
    parser.add_argument("--desks", type=int, default=40, help="desks in the test org (40)")
    parser.add_argument(
        "--demo", action="store_true", help="use `flask seed-demo` data (~28k rows, +16 s)"
    )
    parser.add_argument("--only", choices=("app", "bare"), help="run one server only")
    parser.add_argument(
        "--posts-per-page",
        type=int,
        default=10,
        help="POSTs per form load, each with a fresh submission key and the session's CSRF "
        "token (10: measures the form POST, the issue's target; 1: a citizen's whole visit)",
    )
    return parser.parse_args(argv)


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or "unknown"
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else "unknown"


def source_version() -> str:
    """The commit under test, and whether the app's files differ from it (read-only git)."""
    try:
        run = dict(cwd=ROOT, capture_output=True, text=True, timeout=10)
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], **run).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "surveyapp"], **run)
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not head or dirty.returncode not in (0, 1):
        return "unknown (not a git checkout)"
    return head + (" + uncommitted changes in surveyapp/" if dirty.returncode else "")


def print_machine(args: argparse.Namespace) -> None:
    print(f"machine: nproc={os.cpu_count()}  cpu={cpu_model()}  python={platform.python_version()}")
    print(f"app: {ROOT} at {source_version()}")
    kind = f"gthread x{args.threads} threads" if args.threads > 1 else "sync"
    print(
        f"load: {args.clients} clients, {args.seconds:g} s measured after {args.warmup:g} s "
        f"warm-up, {args.runs} run(s); gunicorn {args.workers} workers ({kind}), loopback"
    )
    print(
        f"rate limits raised through the environment: SURVEYAPP_SUBMIT_RATE_LIMIT and "
        f"SURVEYAPP_FORM_RATE_LIMIT = {RATE_LIMIT!r} (limiter enabled, default storage)"
    )
    if args.posts_per_page == 1:
        print("flow: each citizen loads the form (GET) and submits it (POST) once")
    else:
        print(
            f"flow: each client loads the form once, then POSTs it {args.posts_per_page} times "
            "with fresh submission keys and its session's CSRF token (measures the POST)"
        )
    print(LEGEND)


# ---------------------------------------------------------------- database


def app_environment(db_path: Path) -> dict[str, str]:
    """Settings for every app process (set-up and gunicorn): a scratch SQLite file, high limits."""
    return {
        "SURVEYAPP_DATABASE_URL": f"sqlite:///{db_path}",
        "SURVEYAPP_SUBMIT_RATE_LIMIT": RATE_LIMIT,
        "SURVEYAPP_FORM_RATE_LIMIT": RATE_LIMIT,
        "SURVEYAPP_RATELIMIT_ENABLED": "true",
    }


def flask_cli(*command: str) -> None:
    cmd = [sys.executable, "-m", "flask", "--app", "wsgi", *command]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"flask {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def _add_units(db, models, desks: int) -> None:
    per_unit = 8
    province = models.Unit(code="BP", name="Tỉnh Bình An", type_code="province")
    for number in range((desks + per_unit - 1) // per_unit):
        commune = models.Unit(
            code=f"BX{number}", name=f"Xã Bình An {number}", type_code="commune", parent=province
        )
        unit = models.Unit(
            code=f"B{number}",
            name=f"Trung tâm Phục vụ hành chính công xã Bình An {number}",
            type_code="commune_centre",
            parent=commune,
        )
        unit.procedures = [
            models.Procedure(code="1.001193", name="Đăng ký khai sinh"),
            models.Procedure(code="1.000894", name="Đăng ký kết hôn"),
        ]
        count = min(per_unit, desks - number * per_unit)
        unit.desks = [  # the full form, as the baseline figures were measured with
            models.Desk(code=f"B{number}.Q{i}", name=f"Quầy số {i}", form_mode="full")
            for i in range(count)
        ]
        db.session.add(unit)
    db.session.commit()


def desk_tokens(build_desks: int) -> list[str]:
    """Desk form tokens, signed by the app with the same settings gunicorn will load."""
    sys.path.insert(0, str(ROOT))
    from surveyapp import create_app, models
    from surveyapp.extensions import db
    from surveyapp.services import desk_codes

    app = create_app()
    with app.app_context():
        if build_desks:
            _add_units(db, models, build_desks)
        desks = list(db.session.scalars(db.select(models.Desk).where(models.Desk.active)))
        desk_codes.ensure_codes(desks)
        tokens = [desk_codes.token_for(desk_codes.current_code(desk)) for desk in desks]
        db.session.remove()
        db.engine.dispose()
    return tokens


def prepare_database(args: argparse.Namespace, db_path: Path) -> list[str]:
    os.environ.update(app_environment(db_path))
    started = time.monotonic()
    flask_cli("init-db")
    if args.demo:
        flask_cli("seed-demo")
    tokens = desk_tokens(0 if args.demo else args.desks)
    rows = count_rows(db_path, 0)[0]
    what = "demo data" if args.demo else f"{len(tokens)} desks"
    print(f"database: {db_path} ({what}, {rows} responses, {time.monotonic() - started:.1f} s)")
    return tokens


def last_response_id(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0]


def count_rows(db_path: Path, after_id: int) -> tuple[int, int]:
    """Responses with id > after_id, and their answer rows."""
    with sqlite3.connect(db_path) as conn:
        responses = conn.execute("SELECT count(*) FROM responses WHERE id > ?", (after_id,))
        answers = conn.execute("SELECT count(*) FROM answers WHERE response_id > ?", (after_id,))
        return responses.fetchone()[0], answers.fetchone()[0]


def stored_keys(db_path: Path, after_id: int) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT submission_key FROM responses WHERE id > ?", (after_id,))
        return {key for (key,) in rows}


# ---------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base_url: str
    log_path: Path
    ready_dir: Path
    workers: int

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


# The app's gunicorn.conf.py unchanged, plus a hook that tells us when each worker has loaded
# the app, so that the load starts with every worker ready.
CONFIG_WRAPPER = """
import os as _os

_path = {conf!r}
exec(compile(open(_path, encoding="utf-8").read(), _path, "exec"))
_app_post_worker_init = globals().get("post_worker_init")


def post_worker_init(worker):
    if _app_post_worker_init is not None:
        _app_post_worker_init(worker)
    open(_os.path.join({ready!r}, str(worker.pid)), "w").close()
"""


def gunicorn_config(name: str, workdir: Path) -> tuple[Path, Path]:
    ready_dir = Path(tempfile.mkdtemp(prefix=f"{name}-ready-", dir=workdir))
    config = ready_dir.with_suffix(".conf.py")
    config.write_text(
        CONFIG_WRAPPER.format(conf=str(ROOT / "gunicorn.conf.py"), ready=str(ready_dir))
    )
    return config, ready_dir


def start_server(name: str, args: argparse.Namespace, workdir: Path) -> Server:
    port = free_port()
    env = os.environ | {
        "SURVEYAPP_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "SURVEYAPP_THREADS": str(args.threads),
        # The access log stays on, as in production, but goes to a file instead of our output.
        "SURVEYAPP_ACCESS_LOG": str(workdir / f"{name}-access.log"),
    }
    config, ready_dir = gunicorn_config(name, workdir)
    cmd = [sys.executable, "-m", "gunicorn", "-c", str(config)]
    cmd += ["--pythonpath", str(BENCH_DIR), "bare_app:app"] if name == "bare" else ["wsgi:app"]
    log_path = workdir / f"{name}-gunicorn.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(name, process, f"http://127.0.0.1:{port}", log_path, ready_dir, args.workers)
    try:
        wait_until_up(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def responds_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def wait_until_up(server: Server, timeout: float = 60.0) -> None:
    """Until every worker has loaded the app and the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn ({server.name}) exited:\n{server.log_tail()}")
        ready = len(list(server.ready_dir.iterdir())) >= server.workers
        if ready and responds_ok(server.base_url + "/"):
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn ({server.name}) not ready:\n{server.log_tail()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def machine_seconds() -> tuple[float, float]:
    """CPU seconds of the whole machine (all cores): busy (not idle, iowait or steal), stolen.

    Steal is time the hypervisor ran another guest while this VM wanted the CPU.
    """
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy, steal = sum(fields[:7]) - fields[3] - fields[4], fields[7]
    return busy / os.sysconf("SC_CLK_TCK"), steal / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the given processes (0 for any that are gone)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(pids: list[int]) -> tuple[float, ...]:
    """CPU seconds so far: gunicorn workers, this process, the whole machine, stolen."""
    return cpu_seconds(pids), time.process_time(), *machine_seconds()


# ---------------------------------------------------------------- the virtual citizens


@dataclass
class Tally:
    """What one phase saw, over all clients."""

    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    acked_keys: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)  # "GET 200", "POST 303", "POST 500"...
    errors: Counter = field(default_factory=Counter)  # connection errors and timeouts, by type

    def count_5xx(self) -> int:
        return sum(n for key, n in self.statuses.items() if key.split()[1].startswith("5"))

    def count_other(self) -> int:
        good = ("GET 200", "POST 303")
        return sum(
            n for key, n in self.statuses.items() if key not in good and key.split()[1][0] != "5"
        )


@dataclass(frozen=True)
class FormShape:
    """The answer fields the app's questionnaire expects (read from the instrument file)."""

    rating_codes: tuple[str, ...]
    priorities: tuple[str, ...]
    singles: dict[str, tuple[str, ...]]


def load_form_shape() -> FormShape:
    definition = json.loads((ROOT / "surveyapp/instruments/sipas-desk.json").read_text("utf-8"))
    codes = [
        criterion["code"]
        for domain in definition["domains"]
        for component in domain["components"]
        for criterion in component["criteria"]
    ]
    if definition.get("overall"):
        codes.append(definition["overall"]["code"])
    options = {
        question["code"]: tuple(option["code"] for option in question["options"])
        for question in definition.get("questions", []) + definition.get("demographics", [])
    }
    return FormShape(tuple(codes), options.pop("priorities", ()), options)


@dataclass(frozen=True)
class Page:
    """What a client reads from a loaded form: its hidden fields and procedure choices."""

    hidden: tuple[tuple[str, str], ...]
    procedures: tuple[str, ...]


def read_page(page: str) -> Page:
    hidden = []
    for tag in INPUT_TAG.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            hidden.append((attributes["name"], html.unescape(attributes.get("value", ""))))
    match = PROCEDURE_SELECT.search(page)
    procedures = OPTION_VALUE.findall(match.group(1)) if match else []
    return Page(tuple(hidden), tuple(procedures))


def fill_form(page: Page, shape: FormShape, rng: random.Random) -> list[tuple[str, str]]:
    """Hidden fields from the page plus a citizen's random answers (never the honeypot)."""
    pairs = list(page.hidden)
    for code in shape.rating_codes:
        na = code != "OVERALL" and rng.random() < 0.05
        pairs.append((code, "na" if na else str(rng.choices(range(1, 6), (1, 2, 4, 8, 6))[0])))
    pairs += [("priorities", p) for p in rng.sample(shape.priorities, rng.randint(0, 3))]
    pairs += [
        (code, rng.choice(opts)) for code, opts in shape.singles.items() if rng.random() < 0.5
    ]
    if page.procedures and rng.random() < 0.5:
        pairs.append(("procedure", rng.choice(page.procedures)))
    if rng.random() < 0.2:
        pairs.append(("comment", rng.choice(COMMENTS)))
    return pairs


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


async def one_citizen(
    client: Client,
    path: str,
    shape: FormShape,
    rng: random.Random,
    tally: Tally,
    posts: int = 1,
) -> None:
    """One visit: GET the form, POST it ``posts`` times (fresh submission keys), record it all."""
    started = time.perf_counter()
    reply = await client.get(path)
    tally.get_ms.append((time.perf_counter() - started) * 1000)
    tally.statuses[f"GET {reply.status}"] += 1
    if reply.status != 200:
        return
    fields = read_page(reply.text())  # once per load, as a browser would
    for number in range(posts):
        pairs = fill_form(fields, shape, rng)
        if number:  # a new response from the same page and session: only the key changes
            pairs = [(k, uuid.uuid4().hex if k == "submission_key" else v) for k, v in pairs]
        await _post(client, path, pairs, tally)


async def _post(client: Client, path: str, pairs: list, tally: Tally) -> None:
    body = urlencode(pairs).encode()
    started = time.perf_counter()
    reply = await client.post_form(path, body)
    tally.post_ms.append((time.perf_counter() - started) * 1000)
    tally.statuses[f"POST {reply.status}"] += 1
    if reply.status == 303:
        tally.acked_keys.append(dict(pairs).get("submission_key", ""))


async def citizen_loop(
    client: Client, paths, shape, rng, tally: Tally, deadline: float, posts: int = 1
) -> None:
    while time.monotonic() < deadline:
        try:
            await one_citizen(client, rng.choice(paths), shape, rng, tally, posts)
        except (TimeoutError, ProtocolError, OSError) as error:
            tally.errors[type(error).__name__] += 1
            await asyncio.sleep(0.01)


async def drive(
    clients, paths, shape, seconds: float, seed: int, posts: int = 1
) -> tuple[Tally, float]:
    """All clients for ``seconds``; returns the tally and the elapsed time (in-flight included)."""
    tally = Tally()
    started = time.monotonic()
    loops = [
        citizen_loop(c, paths, shape, random.Random(seed + i), tally, started + seconds, posts)
        for i, c in enumerate(clients)
    ]
    await asyncio.gather(*loops)
    return tally, time.monotonic() - started


# ---------------------------------------------------------------- one measured phase


@dataclass
class Row:
    """One server's figures in one run."""

    name: str
    rate: float  # acknowledged POSTs per second
    post_p50: float
    post_p99: float
    get_p50: float
    get_p99: float
    count_5xx: int
    other: int
    errors: int
    acked: int
    stored: int | None  # None for the bare endpoint, which stores nothing
    server_cpu: float  # cores used by the gunicorn workers (CPU seconds per wall second)
    client_cpu: float  # cores used by this load generator
    other_cpu: float  # cores used by everything else on the machine: should be near 0
    steal_cpu: float  # cores the hypervisor gave to other guests: should be near 0
    problems: list[str] = field(default_factory=list)  # wrong statuses, storage mismatches
    warnings: list[str] = field(default_factory=list)  # e.g. other processes took CPU


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def make_row(name: str, tally: Tally, elapsed: float, cpu: tuple[float, ...]) -> Row:
    return Row(
        name=name,
        rate=len(tally.acked_keys) / elapsed,
        post_p50=percentile(tally.post_ms, 0.50),
        post_p99=percentile(tally.post_ms, 0.99),
        get_p50=percentile(tally.get_ms, 0.50),
        get_p99=percentile(tally.get_ms, 0.99),
        count_5xx=tally.count_5xx(),
        other=tally.count_other(),
        errors=sum(tally.errors.values()),
        acked=len(tally.acked_keys),
        stored=None,
        server_cpu=cpu[0] / elapsed,
        client_cpu=cpu[1] / elapsed,
        other_cpu=(cpu[2] - cpu[0] - cpu[1]) / elapsed,
        steal_cpu=cpu[3] / elapsed,
    )


def check_storage(row: Row, tally: Tally, db_path: Path, after_id: int, per_response: int) -> None:
    """Stored vs acknowledged, by count and by submission key; every answer row present."""
    stored, answers = count_rows(db_path, after_id)
    row.stored = stored
    keys = stored_keys(db_path, after_id)
    acked = set(tally.acked_keys)
    if missing := len(acked - keys):
        row.problems.append(f"{missing} acknowledged submissions not stored")
    if extra := len(keys - acked):
        row.problems.append(f"{extra} stored submissions never acknowledged")
    if len(acked) != len(tally.acked_keys):
        row.problems.append(f"{len(tally.acked_keys) - len(acked)} duplicate acknowledged keys")
    expected = stored * per_response
    if answers != expected:
        row.problems.append(f"{answers} answer rows stored, {expected} expected")


async def measure(name: str, server: Server, args, tokens, db_path: Path | None, seed: int) -> Row:
    paths = [f"/q/{token}" for token in tokens]
    shape = load_form_shape()
    address = urlsplit(server.base_url)
    # Each virtual citizen keeps its own cookies (its session) for the whole run.
    clients = [Client(address.hostname, address.port) for _ in range(args.clients)]
    await drive(clients, paths, shape, args.warmup, seed, args.posts_per_page)
    after_id = last_response_id(db_path) if db_path else 0
    pids = worker_pids(server.process.pid)
    before = cpu_snapshot(pids)
    tally, elapsed = await drive(
        clients, paths, shape, args.seconds, seed + 1000, args.posts_per_page
    )
    cpu = tuple(after - start for after, start in zip(cpu_snapshot(pids), before, strict=True))
    row = make_row(name, tally, elapsed, cpu)
    if row.other_cpu > DISTURBED_CORES:
        row.warnings.append(f"other processes used {row.other_cpu:.2f} cores: run disturbed")
    if row.steal_cpu > DISTURBED_CORES:
        row.warnings.append(f"the hypervisor took {row.steal_cpu:.2f} cores: run disturbed")
    if tally.errors or tally.count_other():
        row.problems.append(f"statuses {dict(tally.statuses)}, errors {dict(tally.errors)}")
    if db_path:
        check_storage(row, tally, db_path, after_id, len(shape.rating_codes))
    return row


def run_server(name: str, args, tokens, workdir: Path, db_path: Path | None, seed: int) -> Row:
    server = start_server(name, args, workdir)
    try:
        return asyncio.run(measure(name, server, args, tokens, db_path, seed))
    finally:
        stop_server(server)


# ---------------------------------------------------------------- report

COLUMNS = (
    "resp/s", "POST p50", "POST p99", "GET p50", "GET p99",
    "5xx", "other", "conn", "acked", "stored", "srv", "cli", "oth", "st",
)  # fmt: skip
WIDTHS = (8, 10, 10, 9, 9, 5, 6, 5, 8, 8, 6, 6, 6, 6)
HEADER = f"{'':<12}" + "".join(f"{c:>{w}}" for c, w in zip(COLUMNS, WIDTHS, strict=True))
LEGEND = (
    "resp/s: acknowledged POSTs (303) per second; latencies in ms; 5xx / other statuses / "
    "connection errors;\nsrv, cli, oth: CPU cores used by the gunicorn workers, by this load "
    "generator, by anything else on the machine (should be ~0); st: cores stolen by the "
    "hypervisor (should be ~0)"
)


def format_row(label: str, row: Row) -> str:
    values = (
        f"{row.rate:.1f}", f"{row.post_p50:.1f}", f"{row.post_p99:.1f}",
        f"{row.get_p50:.1f}", f"{row.get_p99:.1f}", f"{row.count_5xx:g}", f"{row.other:g}",
        f"{row.errors:g}", f"{row.acked:g}", "-" if row.stored is None else f"{row.stored:g}",
        f"{row.server_cpu:.2f}", f"{row.client_cpu:.2f}", f"{row.other_cpu:.2f}",
        f"{row.steal_cpu:.2f}",
    )  # fmt: skip
    return f"{label:<12}" + "".join(f"{v:>{w}}" for v, w in zip(values, WIDTHS, strict=True))


def ratio_line(app: Row, bare: Row) -> str:
    ratios = (
        app.rate / bare.rate,
        app.post_p50 / bare.post_p50,
        app.post_p99 / bare.post_p99,
        app.get_p50 / bare.get_p50,
        app.get_p99 / bare.get_p99,
    )
    return f"{'app / bare':<12}" + "".join(
        f"{f'{r:.2f}x':>{w}}" for r, w in zip(ratios, WIDTHS, strict=False)
    )


def print_run(number: int, rows: dict[str, Row]) -> None:
    print(f"\nrun {number}\n{HEADER}")
    for name, row in rows.items():
        print(format_row(name, row))
        for problem in row.problems + row.warnings:
            print(f"  ! {name}: {problem}")
    if {"app", "bare"} <= rows.keys():
        print(ratio_line(rows["app"], rows["bare"]))


NOT_MEDIANS = ("name", "problems", "warnings")


def median_row(rows: list[Row]) -> Row:
    def med(attribute: str):
        values = [getattr(row, attribute) for row in rows]
        return None if None in values else statistics.median(values)

    numbers = [name for name in Row.__dataclass_fields__ if name not in NOT_MEDIANS]
    return Row(rows[0].name, **{name: med(name) for name in numbers})


def print_summary(runs: list[dict[str, Row]]) -> None:
    """Medians over the runs, the app/bare ratios, and the targets."""
    names = [name for name in ("bare", "app") if name in runs[0]]
    medians = {name: median_row([run[name] for run in runs]) for name in names}
    print(f"\nmedian of {len(runs)} run(s)\n{HEADER}")
    for name, row in medians.items():
        print(format_row(name, row))
    if len(names) == 2:
        ratios = [run["app"].rate / run["bare"].rate for run in runs]
        print(ratio_line(medians["app"], medians["bare"]))
        print(f"  throughput ratio per run: {', '.join(f'{r:.2f}' for r in ratios)}")
    disturbed = sum(any(row.warnings for row in run.values()) for run in runs)
    if disturbed:
        print(f"  {disturbed} of {len(runs)} run(s) disturbed (other processes or the hypervisor)")
    if "app" in medians:
        print_targets(medians["app"], [run["app"] for run in runs])


def print_targets(median: Row, rows: list[Row]) -> None:
    """Rate and p99 as medians; 5xx and stored vs acknowledged summed over every run."""
    errors = sum(row.count_5xx for row in rows)
    stored, acked = sum(row.stored or 0 for row in rows), sum(row.acked for row in rows)
    exact = stored == acked and not any(row.problems for row in rows)
    checks = [
        ("stored responses/s >= 300", median.rate >= 300, f"{median.rate:.0f} (median)"),
        ("POST p99 < 200 ms", median.post_p99 < 200, f"{median.post_p99:.0f} ms (median)"),
        ("zero 5xx", errors == 0, f"{errors} (all runs)"),
        ("stored = acknowledged", exact, f"{stored} / {acked} (all runs)"),
    ]
    print("targets (app; informative, not asserted):")
    for label, met, value in checks:
        print(f"  {'met    ' if met else 'NOT met'}  {label:<28} {value}")


# ---------------------------------------------------------------- main


def _terminate(signum, frame) -> None:
    # As Ctrl-C: asyncio.run cancels the clients, then the servers are stopped and the
    # temporary folder removed on the way out.
    signal.raise_signal(signal.SIGINT)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started in background
    signal.signal(signal.SIGTERM, _terminate)
    print_machine(args)
    with tempfile.TemporaryDirectory(prefix="surveyapp-bench-") as tmp:
        workdir = Path(tmp)
        db_path = workdir / "bench.sqlite3"
        tokens = prepare_database(args, db_path)
        runs = [run_once(number, args, tokens, workdir, db_path) for number in range(args.runs)]
        print_summary(runs)


def run_once(number: int, args, tokens: list[str], workdir: Path, db_path: Path) -> dict[str, Row]:
    """The bare endpoint, then the app, each on a fresh gunicorn; prints and returns both rows."""
    rows = {}
    for name in [args.only] if args.only else ["bare", "app"]:
        stores = db_path if name == "app" else None
        rows[name] = run_server(name, args, tokens, workdir, stores, seed=(number + 1) * 100_000)
    print_run(number + 1, rows)
    return rows


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: servers stopped, temporary files removed")

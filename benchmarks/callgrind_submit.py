"""Instructions per form POST, counted by callgrind: a figure that does not drift with load.

    .venv/bin/python benchmarks/callgrind_submit.py              # app and floor, 100 POSTs each
    .venv/bin/python benchmarks/callgrind_submit.py --posts 50 --only app

Timings on this shared 2-core VM drift by up to 2x between minutes; instruction counts do
not, so they decide whether a change to the submit path pays. The app is built as in
production (CSRF and rate limits on, SQLite in WAL mode with durable commits) on a scratch
database in ``/dev/shm`` (tmpfs, so fsync costs no waiting). Each server is run twice under
``valgrind --tool=callgrind``: once building ``--posts`` WSGI requests without sending them,
once building and sending them; the difference divided by ``--posts`` is one POST through
``app(environ, start_response)``: the app's own work, without a test client or gunicorn.
Both runs first send ``--warmup`` POSTs, so caches and compiled statements are warm.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after ROOT: benchmarks/analysis.py

import submit as load  # noqa: E402  (the load test's database and form helpers)

TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.M)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100, help="POSTs counted (100)")
    parser.add_argument("--warmup", type=int, default=20, help="POSTs before counting (20)")
    parser.add_argument("--only", choices=("app", "floor"), help="measure one server")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # app|floor:send|build:<db path>
    return parser.parse_args(argv)


def _server(name: str, db_path: Path):
    """The WSGI app and the path its form lives at."""
    if name == "floor":
        import floor_app

        return floor_app.create(db_path), "/q/" + "A" * 24
    from surveyapp import create_app

    app = create_app()
    return app, "/q/" + (ROOT / f"{db_path}.token").read_text().strip()


def _environs(app, path: str, count: int) -> list[dict]:
    """``count`` POST environments of one citizen's session, each with a fresh submission key."""
    from werkzeug.test import EnvironBuilder

    client = app.test_client()
    first = client.get(path)
    page = load.read_page(first.get_data(as_text=True))
    cookies = "; ".join(c.split(";", 1)[0] for c in first.headers.getlist("Set-Cookie"))
    shape, rng, environs = load.load_form_shape(), random.Random(1), []
    for _ in range(count):
        pairs = [
            (name, uuid.uuid4().hex if name == "submission_key" else value)
            for name, value in load.fill_form(page, shape, rng)
        ]
        headers = load.FORM_HEADERS | {"Cookie": cookies}
        builder = EnvironBuilder(path, method="POST", data=urlencode(pairs), headers=headers)
        environs.append(builder.get_environ())
    return environs


def _send(app, environ: dict) -> None:
    statuses = []
    body = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    assert statuses[0].startswith("303"), statuses


def child(spec: str, posts: int, warmup: int) -> None:
    name, mode, db_path = spec.split(":", 2)
    app, path = _server(name, Path(db_path))
    for environ in _environs(app, path, warmup):
        _send(app, environ)
    environs = _environs(app, path, posts)
    if mode == "send":
        for environ in environs:
            _send(app, environ)


def _instructions(spec: str, args: argparse.Namespace, workdir: Path) -> int:
    out = workdir / f"callgrind.{spec.split(':')[0]}.{spec.split(':')[1]}"
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        sys.executable,
        __file__,
        f"--child={spec}",
        f"--posts={args.posts}",
        f"--warmup={args.warmup}",
    ]
    environment = os.environ | {"PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if not line.startswith("==")]
        sys.exit(f"{spec} failed:\n" + "\n".join(lines[-40:]))
    return int(TOTALS.search(out.read_text()).group(1))


def _prepare(workdir: Path) -> Path:
    db_path = workdir / "callgrind.sqlite3"
    os.environ.update(load.app_environment(db_path))
    os.chdir(ROOT)
    load.flask_cli("init-db")
    (ROOT / f"{db_path}.token").write_text(load.desk_tokens(40)[0])
    return db_path


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child(args.child, args.posts, args.warmup)
        return
    print(f"machine: {load.cpu_model()}, {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(f"source: {load.source_version()}")
    with tempfile.TemporaryDirectory(prefix="surveyapp-callgrind-", dir="/dev/shm") as workdir:
        db_path = _prepare(Path(workdir))
        per_post = {}
        for name in ("app", "floor") if args.only is None else (args.only,):
            built = _instructions(f"{name}:build:{db_path}", args, Path(workdir))
            sent = _instructions(f"{name}:send:{db_path}", args, Path(workdir))
            per_post[name] = (sent - built) / args.posts
            print(f"{name:5} {per_post[name] / 1e6:6.2f} M instructions per POST")
        if len(per_post) == 2:
            print(f"app/floor: {per_post['app'] / per_post['floor']:.2f}x the instructions")


if __name__ == "__main__":
    main()

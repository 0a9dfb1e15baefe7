"""What queueing a response for the dashboards costs the form POST, in CPU instructions.

Runs N in-process form POSTs (Werkzeug test client, SQLite file) under valgrind's callgrind,
with and without the ``pending_summaries`` insert that ``record_response`` makes in the
response's transaction, and once with no POST, so start-up cancels out. Instruction counts do
not depend on what else the machine is doing, so this can run beside other work.

    .venv/bin/python benchmarks/summary_queue_cost.py            # 200 POSTs (a few minutes)
    .venv/bin/python benchmarks/summary_queue_cost.py --posts 50
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _posts(count: int, queue: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from surveyapp import create_app
    from surveyapp.extensions import db
    from surveyapp.services import responses
    from surveyapp.services.builtins import install_builtins
    from tests import factories

    folder = tempfile.mkdtemp()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/queue.sqlite3",
            "RATELIMIT_ENABLED": False,
            "PUBLIC_BASE_URL": "http://survey.test",
        }
    )
    with app.app_context():
        db.create_all()
        install_builtins()
        path = factories.desk_path(factories.desk_with_code())
    if not queue:
        responses._queue_for_dashboards = lambda connection, response_id: None
    client = app.test_client()
    html = client.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields.pop("website", None)
    answers = {"OVERALL": "4", "SVC.1.1": "5", "SVC.3.1": "2", "comment": "Tốt"}
    for _ in range(count):
        reply = client.post(path, data=fields | answers | {"submission_key": uuid.uuid4().hex})
        assert reply.status_code == 303, reply.status_code


def _instructions(count: int, queue: bool) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={folder}/out",
                sys.executable,
                __file__,
                "--child",
                str(count),
                "--queue",
                str(int(queue)),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ | {"PYTHONHASHSEED": "0"},
        )
    return int(re.findall(r"Collected : (\d+)", out.stderr)[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--queue", type=int, default=1, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        _posts(options.child, bool(options.queue))
        return
    per_post = {}
    for queue in (False, True):
        start, end = _instructions(0, queue), _instructions(options.posts, queue)
        per_post[queue] = (end - start) / options.posts
    print(f"instructions per form POST, {options.posts} POSTs, callgrind:")
    print(f"  without the queue insert  {per_post[False]:14,.0f}")
    print(f"  with the queue insert     {per_post[True]:14,.0f}")
    print(f"  ratio                     {per_post[True] / per_post[False]:14.3f}")


if __name__ == "__main__":
    main()

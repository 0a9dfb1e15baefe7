"""Starting the real server for tests: gunicorn with the shipped gunicorn.conf.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base_url: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(base_url + "/", timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    raise AssertionError("gunicorn did not start")


def gunicorn_env(tmp_path: Path, port: int, config: dict[str, str], extra_args: str = "") -> dict:
    """The environment of a gunicorn on ``port`` whose app reads ``config`` (SURVEYAPP_*)."""
    env = os.environ | {f"SURVEYAPP_{key}": value for key, value in config.items()}
    env.pop("XDG_RUNTIME_DIR", None)  # gunicorn's default control socket goes under HOME
    return env | {
        "HOME": str(tmp_path),
        "SURVEYAPP_BIND": f"127.0.0.1:{port}",
        "SURVEYAPP_ACCESS_LOG": str(tmp_path / "access.log"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_CMD_ARGS": extra_args,
    }


def start_gunicorn(env: dict, log_path: Path) -> subprocess.Popen:
    """gunicorn in a process group of its own (master and workers), serving once it returns."""
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    with log_path.open("a") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    wait_until_serving("http://" + env["SURVEYAPP_BIND"], server)
    return server

"""The per-worker rate-limit storage: same counting as limits' MemoryStorage, no thread per hit."""

from __future__ import annotations

import os
import signal
import threading
import time

from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from surveyapp.rate_limit_storage import WorkerMemoryStorage
from tests import factories


def test_the_app_counts_in_worker_memory(limited_app):
    assert isinstance(limited_app.extensions["rate_limits"].storage, WorkerMemoryStorage)


def test_limits_and_windows_as_in_limits_own_tests():
    storage = storage_from_string("worker-memory://")
    window = FixedWindowRateLimiter(storage)
    item = RateLimitItemPerSecond(3)
    assert [window.hit(item, "10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert window.hit(item, "10.0.0.2")  # another address has its own counter
    time.sleep(1.05)
    assert window.hit(item, "10.0.0.1")  # a new window


def test_no_thread_is_started_per_request(limited_app, monkeypatch):
    client = limited_app.test_client()
    path = factories.desk_path(factories.desk_with_code())
    client.get(path)
    started = []
    real_start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda t: started.append(t) or real_start(t))
    for _ in range(20):
        assert client.get(path).status_code == 200
        time.sleep(0.012)  # longer than MemoryStorage's 10 ms timer
    assert started == []


def test_expired_counters_are_swept(monkeypatch):
    monkeypatch.setattr(WorkerMemoryStorage, "SWEEP_SECONDS", 0.05)
    storage = WorkerMemoryStorage()
    storage.incr("gone-soon", expiry=0.05)
    storage.incr("kept", expiry=60)
    time.sleep(0.3)
    assert set(storage.storage) == {"kept"}  # swept without being read again


def _hold(lock, release: threading.Event, held: threading.Event) -> None:
    with lock:
        held.set()
        release.wait()


def _exit_code(pid: int, timeout: float = 5.0) -> int | None:
    """The child's exit code, or None (and the child killed) if it hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def test_a_worker_forked_from_the_master_sweeps_and_counts_on_its_own(monkeypatch):
    """gunicorn's preload_app: the storage is made in the master, then the workers fork."""
    monkeypatch.setattr(WorkerMemoryStorage, "SWEEP_SECONDS", 0.05)
    storage = WorkerMemoryStorage()
    storage.incr("gone-soon", expiry=0.05)
    storage.incr("10.0.0.1", expiry=60)
    release, held = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(storage.locks["10.0.0.1"], release, held))
    holder.start()  # like the master's sweeper holding a lock at the moment of the fork
    held.wait()
    pid = os.fork()
    if pid == 0:
        counted = storage.incr("10.0.0.1", expiry=60) == 2
        time.sleep(0.3)
        swept = "gone-soon" not in storage.storage
        os._exit(0 if counted and swept and storage.timer.is_alive() else 1)
    release.set()
    holder.join()
    assert _exit_code(pid) == 0

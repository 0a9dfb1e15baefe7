"""Rate-limit counters in each worker's memory, without starting a thread on every request.

limits' ``MemoryStorage`` starts a 10 ms timer thread on each hit to drop old counters. Under
gunicorn a worker's requests are usually more than 10 ms apart, so that was a new thread for
nearly every request: about 0.7 ms of CPU each, a fifth of a form submit
(``benchmarks/README.md``). This is the same storage with one long-lived sweeper thread per
process instead. Counters still expire on time, because ``MemoryStorage`` checks a counter's
expiry whenever it reads it; the sweeper only frees the memory of addresses that stopped coming.
Selected with ``RATELIMIT_STORAGE_URI = "worker-memory://"`` (the default).
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import defaultdict

from limits.storage import MemoryStorage


class _Sweeper(threading.Thread):
    """Calls the storage's own clean-up every ``interval`` seconds while the storage exists."""

    def __init__(self, storage: WorkerMemoryStorage, interval: float) -> None:
        super().__init__(name="rate-limit-sweeper", daemon=True)
        self._storage = weakref.ref(storage)
        self._interval = interval
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self._interval):
            storage = self._storage()
            if storage is None:
                return
            storage.sweep()
            del storage

    def cancel(self) -> None:
        self._stopped.set()


class WorkerMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["worker-memory"]
    SWEEP_SECONDS = 30.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()
        self._start_sweeper()
        reference = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _after_fork(reference))

    def _start_sweeper(self) -> None:
        # MemoryStorage starts a new timer whenever ``self.timer`` is not alive; this one is.
        self.timer = _Sweeper(self, self.SWEEP_SECONDS)
        self.timer.start()

    def sweep(self) -> None:
        """Drop every expired counter and window (MemoryStorage's own clean-up routine)."""
        self._MemoryStorage__expire_events()


def _after_fork(reference: weakref.ref) -> None:
    """In a worker forked from a master that made this storage (gunicorn's ``preload_app``).

    Threads do not survive fork(), so the worker starts its own sweeper, and a lock the
    master's sweeper held at that moment would stay locked for ever, so it gets new locks.
    """
    storage = reference()
    if storage is not None:
        storage.locks = defaultdict(threading.RLock)
        storage._start_sweeper()

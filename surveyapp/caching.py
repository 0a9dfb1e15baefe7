"""Per-app, per-process caches for rows that rarely change and are read on every citizen request.

Each cache lives in ``app.extensions`` (so two apps in one process, as in the tests, never see
each other's rows), is bounded, and is safe to use from gunicorn's threaded workers. Caches of
things that may change drop entries after ``FORM_CACHE_SECONDS`` (0 turns them off); caches of
things that never change (a stored questionnaire version) keep them until evicted. What may be
cached is decided by the caller and written down there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache, TTLCache
from flask import current_app

V = TypeVar("V")
_MISSING = object()


class AppCache(Generic[V]):
    def __init__(self, maxsize: int, ttl: float | None) -> None:
        self._entries = LRUCache(maxsize) if ttl is None else TTLCache(maxsize, ttl)
        self._enabled = ttl is None or ttl > 0
        self._lock = threading.Lock()

    def get_or_load(self, key: Hashable, load: Callable[[], V]) -> V:
        """The cached value for ``key``, or ``load()`` stored for next time (None is not kept)."""
        if not self._enabled:
            return load()
        with self._lock:
            value = self._entries.get(key, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = load()
        if value is not None:
            self.put(key, value)
        return value

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Hashable, value: V) -> None:
        if self._enabled:
            with self._lock:
                self._entries[key] = value

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def app_cache(name: str, *, maxsize: int, expires: bool = True) -> AppCache:
    """The current app's cache called ``name``, created on first use."""
    caches = current_app.extensions.setdefault("surveyapp.caches", {})
    cache = caches.get(name)
    if cache is None:
        ttl = float(current_app.config["FORM_CACHE_SECONDS"]) if expires else None
        cache = caches.setdefault(name, AppCache(maxsize, ttl))
    return cache

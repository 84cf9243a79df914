"""Counters shared by every process (web workers, Celery workers), kept in the cache (Redis when
configured) so ``/metrics`` can read one total whatever process counted (docs/operations.md).

A count is added in memory and the process's counts are written to the cache at most once a
``FLUSH_SECONDS`` (two round trips to Redis on every webhook were a quarter of its CPU), so a
scrape may lag by that much and a process that dies loses its last second of counts: fine for
rates on a dashboard, which is all these are for."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

from django.core.cache import cache

logger = logging.getLogger(__name__)
PREFIX = "counter:"
FLUSH_SECONDS = 1.0

_lock = threading.Lock()
_pending: Counter[str] = Counter()
_flushed_at = 0.0


def count(name: str, label: str) -> None:
    """Add one to ``name{label}``; a cache outage loses counts, never the request."""
    global _flushed_at
    with _lock:
        _pending[f"{PREFIX}{name}:{label}"] += 1
        now = time.monotonic()
        if now - _flushed_at < FLUSH_SECONDS:
            return
        _flushed_at = now
        batch = dict(_pending)
        _pending.clear()
    _write(batch)


def flush() -> None:
    """Write this process's counts now (``/metrics`` does, so its own are never late)."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    _write(batch)


def _write(batch: dict[str, int]) -> None:
    for key, amount in batch.items():
        try:
            if not cache.add(key, amount, timeout=None):
                cache.incr(key, amount)
        except Exception:  # counting must never fail what it counts
            logger.debug("counter %s not written", key, exc_info=True)


def read(name: str, labels: tuple[str, ...]) -> dict[str, int]:
    try:
        values = cache.get_many([f"{PREFIX}{name}:{label}" for label in labels])
    except Exception:
        return {}
    return {key.rsplit(":", 1)[1]: int(value) for key, value in values.items()}

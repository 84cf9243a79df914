"""Counters shared by every process (web workers, Celery workers), kept in the cache (Redis when
configured) so ``/metrics`` can read one total whatever process counted (docs/operations.md)."""

from __future__ import annotations

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)
PREFIX = "counter:"


def count(name: str, label: str) -> None:
    """Add one to ``name{label}``; a cache outage loses a count, never the request."""
    key = f"{PREFIX}{name}:{label}"
    try:
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)
    except Exception:  # counting must never fail what it counts
        logger.debug("counter %s not counted", key, exc_info=True)


def read(name: str, labels: tuple[str, ...]) -> dict[str, int]:
    try:
        values = cache.get_many([f"{PREFIX}{name}:{label}" for label in labels])
    except Exception:
        return {}
    return {key.rsplit(":", 1)[1]: int(value) for key, value in values.items()}

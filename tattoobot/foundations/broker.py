"""kombu's Redis transport, with one Redis client per channel for publishing.

kombu's Redis channel builds a new ``redis.Redis`` object for every publish (its
``conn_or_acquire`` with no client); the connection comes from the channel's pool, but
redis-py's constructor alone was a quarter of a webhook request's CPU
(docs/performance.md "Ingest"). Here the channel keeps that client and rebuilds it only when
the channel's pool is replaced (after a reconnect). A ``redis.Redis`` over a pool is safe to
share between threads, as the channel's pool already is. Selected by
``CELERY_BROKER_TRANSPORT`` when the broker is Redis.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    _publish_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        kept = self._publish_client
        if kept is None or kept.connection_pool is not self.pool:
            kept = self._publish_client = self._create_client()  # type: ignore[attr-defined]
        yield kept


class Transport(kombu_redis.Transport):
    Channel = Channel

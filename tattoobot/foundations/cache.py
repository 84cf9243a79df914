"""Django's Redis cache, with one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call (over a
kept pool); redis-py's constructor alone cost about 0.5 ms of CPU, more than the Redis command
(docs/performance.md "Ingest"). Here each pool's client is built once and kept: a ``redis.Redis``
over a pool is safe to share between threads, as the pool already is. Selected in settings when
the cache is Redis.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # Django's private helpers, not in its type stubs
        index = django_client._get_connection_pool_index(write)
        client = self._kept.get(index)
        if client is None:
            pool = django_client._get_connection_pool(write)
            client = self._kept[index] = django_client._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

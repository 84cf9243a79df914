"""Send-rate limits (docs/sending.md): the global rate shared through Redis, and Meta's pair limit per customer.

Both are GCRA (generic cell rate algorithm) buckets: ``interval`` between
messages on average, up to ``burst`` at once. In Redis the whole decision is
one Lua script using Redis's own clock, so every worker shares one bucket.
Without Redis (the embedded default, one worker) the buckets live in memory.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.conf import settings

PAIR_INTERVAL_S = 6.0
PAIR_BURST = 5

_GCRA = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allow_at = tat - tolerance
if now < allow_at then return allow_at - now end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return 0
"""


class Limiter(Protocol):
    def try_acquire(self, key: str, interval_s: float, burst: int) -> float:
        """0 when a message may go now (and counts it), else the seconds to wait."""
        ...


class RedisLimiter:
    def __init__(self, url: str) -> None:
        import redis  # the client library loads only where REDIS_URL is set

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.script: Any = self.client.register_script(_GCRA)

    def try_acquire(self, key: str, interval_s: float, burst: int) -> float:
        interval = int(interval_s * 1_000_000)
        redis_key = f"{settings.RATE_LIMIT_KEY_PREFIX}:rate:{key}"
        wait_us = int(self.script(keys=[redis_key], args=[interval, interval * (burst - 1)]))
        return wait_us / 1_000_000


@dataclass
class MemoryLimiter:
    """The same algorithm for one process (the embedded default)."""

    def __post_init__(self) -> None:
        self._tat: dict[str, float] = {}
        self._lock = threading.Lock()

    def try_acquire(self, key: str, interval_s: float, burst: int) -> float:
        with self._lock:
            now = time.monotonic()
            tat = max(self._tat.get(key, now), now)
            allow_at = tat - interval_s * (burst - 1)
            if now < allow_at:
                return allow_at - now
            self._tat[key] = tat + interval_s
            return 0.0


@cache
def _limiter(redis_url: str) -> Limiter:
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()


def limiter() -> Limiter:
    return _limiter(settings.REDIS_URL)


def pair_wait(recipient: str) -> float:
    """Seconds before ``recipient`` (a customer, or a number with no customer row: the artist) may
    get another message (one per 6 s beyond a burst of 5)."""
    digest = hashlib.sha256(recipient.encode()).hexdigest()[:24]
    return limiter().try_acquire(f"pair:{digest}", PAIR_INTERVAL_S, PAIR_BURST)


def global_wait() -> float:
    return limiter().try_acquire("global", 1.0 / settings.WHATSAPP_MAX_MESSAGES_PER_SECOND, 1)


def acquire_global(max_wait_s: float = 30.0) -> None:
    """Block until the global rate allows one more message."""
    deadline = time.monotonic() + max_wait_s
    while (wait := global_wait()) > 0:
        if time.monotonic() + wait > deadline:
            raise TimeoutError("global WhatsApp rate limit: no slot within the wait budget")
        time.sleep(wait)

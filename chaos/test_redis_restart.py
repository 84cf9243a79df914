"""Redis stopped and restarted mid-stream, under two drainers sending to a fake Meta.

While Redis is down the rate limiter cannot be asked, so nothing is sent (never
sent unthrottled); once it is back every message goes, once, in order per
customer. Run by ``make chaos`` only: it stops the machine's Redis.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import defaultdict

import pytest
import redis

from conversations.models import OutboundMessage
from tests.conversations.messaging.test_workers import make_queue, reset_shared_limiter, worker_env
from tests.fakes.meta import FakeMeta
from tests.paths import ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
    "--save", "", "--appendonly", "no",
]  # fmt: skip


def redis_up() -> bool:
    try:
        return bool(redis.Redis(port=6379, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


def test_redis_down_for_seconds_loses_nothing_and_sends_nothing_twice(meta: FakeMeta) -> None:
    reset_shared_limiter()
    make_queue(customers=40, per_customer=10)
    env = worker_env(meta, 200)
    command = [sys.executable, "manage.py", "drain_outbox", "--until-empty", "--timeout", "120"]
    drainers = [subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    try:
        time.sleep(0.5)
        subprocess.run(["redis-cli", "shutdown", "nosave"], check=False, capture_output=True)
        assert not redis_up()
        sent_while_down = len(meta.sent())
        time.sleep(3)
        assert len(meta.sent()) - sent_while_down <= 2  # in flight when it stopped, at most
    finally:
        if not redis_up():
            subprocess.run(REDIS_START, check=True)
        deadline = time.monotonic() + 10
        while not redis_up() and time.monotonic() < deadline:
            time.sleep(0.1)
    logs = [p.communicate(timeout=180)[1].decode() for p in drainers]
    assert [p.returncode for p in drainers] == [0, 0], logs
    stuck = list(
        OutboundMessage.objects.exclude(state="sent").values("state", "attempts", "due_at", "last_error", "claimed_at")[
            :5
        ]
    )
    assert stuck == [], (stuck, [log[-3000:] for log in logs])
    bodies = [b["text"]["body"] for b in meta.sent()]
    assert len(bodies) == len(set(bodies)) == 400
    first: dict[str, list[int]] = defaultdict(list)
    for body in bodies:
        phone, number = body.split(" #")
        first[phone].append(int(number))
    assert all(numbers == sorted(numbers) for numbers in first.values())

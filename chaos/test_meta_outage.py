"""Meta answering 500 and 429 for a long stretch, under two drainers: every message goes once, in order,
after backoff. ``make chaos`` only: the backoff makes it take a minute or two."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import defaultdict

import pytest

from conversations.models import OutboundMessage
from tests.conversations.messaging.test_workers import make_queue, reset_shared_limiter, worker_env
from tests.fakes.meta import FakeMeta
from tests.paths import ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_long_meta_outage_delays_but_loses_and_doubles_nothing(meta: FakeMeta) -> None:
    reset_shared_limiter()
    make_queue(customers=10, per_customer=5)
    meta.fail_next(500, times=15)
    meta.fail_next(429, 130429, times=10)  # Meta's throughput limit
    started = time.monotonic()
    command = [sys.executable, "manage.py", "drain_outbox", "--until-empty", "--timeout", "400"]
    env = worker_env(meta, 80)
    drainers = [subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    logs = [p.communicate(timeout=450)[1].decode() for p in drainers]
    assert [p.returncode for p in drainers] == [0, 0], [log[-2000:] for log in logs]
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}
    bodies = [b["text"]["body"] for b in meta.sent()]
    assert len(bodies) == len(set(bodies)) == 50
    order: dict[str, list[int]] = defaultdict(list)
    for body in bodies:
        phone, number = body.split(" #")
        order[phone].append(int(number))
    assert all(numbers == sorted(numbers) for numbers in order.values())
    failed_calls = sum(1 for r in meta.requests if r.status >= 400)
    assert failed_calls == 25
    print(f"\n25 failed calls, 50 messages delivered in {time.monotonic() - started:.0f} s")  # noqa: T201

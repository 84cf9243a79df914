"""PostgreSQL connection drops under two drainers (real processes, fake Meta): every message is sent,
in order per customer, and none twice beyond the documented window (docs/reliability.md).

Only the drainers' own connections are terminated (they carry PGAPPNAME), so the
rest of the test run is untouched.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from conversations.models import OutboundMessage
from tests.conversations.messaging.test_workers import make_queue, reset_shared_limiter, worker_env
from tests.fakes.meta import FakeMeta
from tests.paths import ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
APP_NAME = "tattoobot-fault-drainer"


@pytest.fixture
def meta() -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    yield fake
    fake.stop()


def drainer_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def terminate_drainer_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
            [APP_NAME],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def test_connection_drops_lose_nothing_and_keep_the_order(meta: FakeMeta) -> None:
    reset_shared_limiter()
    make_queue(customers=30, per_customer=10)
    env = {**worker_env(meta, 200), "PGAPPNAME": APP_NAME}  # 300 sends last ~1.5 s: time for the drops
    # A drainer waits for rows another holds; those a dropped connection stranded wait the stale-claim
    # time, so the first round stops after a few seconds and a second round (after aging) finishes.
    command = [sys.executable, "manage.py", "drain_outbox", "--until-empty", "--timeout", "6"]
    drainers = [subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    killed = 0
    stop = threading.Event()

    def chaos() -> None:
        # Kill only once the drainers are connected: on a loaded machine their start-up (Django's
        # imports) can take longer than a fixed delay, and killing nothing proves nothing.
        nonlocal killed
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline and not drainer_connections():
            time.sleep(0.02)
        for _ in range(6):
            if stop.is_set():
                return
            killed += terminate_drainer_connections()
            time.sleep(0.25)

    monkey = threading.Thread(target=chaos)
    monkey.start()
    logs = [p.communicate(timeout=120)[1].decode() for p in drainers]
    stop.set()
    monkey.join()
    assert [p.returncode for p in drainers] == [0, 0], logs
    assert killed > 0

    # A claim whose transaction died with its connection is rolled back; one that committed before
    # the drop waits out the stale-claim time (10 minutes), here aged by hand, then goes.
    OutboundMessage.objects.filter(state="sending").update(claimed_at=timezone.now() - timedelta(minutes=11))
    finish = [*command[:-1], "90"]
    retry = subprocess.run(finish, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert retry.returncode == 0, retry.stderr.decode()[-2000:]

    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}
    bodies = [b["text"]["body"] for b in meta.sent()]
    assert set(bodies) == set(OutboundMessage.objects.values_list("text", flat=True))
    duplicates = len(bodies) - len(set(bodies))
    print(f"\n{killed} connections dropped; {len(bodies)} sends for {len(set(bodies))} rows")  # noqa: T201
    assert duplicates == 0  # a send whose mark was lost with the connection is marked after reconnecting
    first_seen: dict[str, list[int]] = defaultdict(list)
    for body in dict.fromkeys(bodies):  # first deliveries, in arrival order
        phone, number = body.split(" #")
        first_seen[phone].append(int(number))
    assert all(numbers == sorted(numbers) for numbers in first_seen.values())
    assert settings.REDIS_URL  # the shared limiter was in play

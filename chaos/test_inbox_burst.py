"""A 2,000-message inbound burst through gunicorn, a Celery worker and beat while Redis and then
PostgreSQL restart: every message is stored (Meta re-delivers what was not answered 200, as the
load generator here does), processed once, and in each customer's order. ``make chaos`` only: it
restarts the machine's Redis and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from bench.live import free_port, healthy, post_signed_reply
from chaos.test_redis_restart import REDIS_START, redis_up
from conversations.models import ProcessedMessage, TranscriptMessage
from tests.conversations.chat import body_for
from tests.conversations.messaging.test_workers import worker_env
from tests.fakes.meta import FakeMeta
from tests.paths import ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CUSTOMERS, PER_CUSTOMER = 200, 10


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _postgres_restart() -> None:
    (version,) = [p.name for p in Path("/etc/postgresql").iterdir()]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, capture_output=True
    )


def _pending() -> int:
    try:
        return ProcessedMessage.objects.exclude(state="processed").count()
    except Exception:  # the database is restarting: ask again
        connection.close()
        return -1


def test_a_burst_across_a_redis_and_a_postgresql_restart_is_processed_once_in_order(tmp_path: Path) -> None:
    meta = FakeMeta(keep_alive=True).start()
    env = {**worker_env(meta, 2000), "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    celery = [sys.executable, "-m", "celery", "-A", "tattoobot"]
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("web", "worker", "beat")}
    procs = [
        subprocess.Popen([gunicorn, "tattoobot.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                         cwd=ROOT, env=env, stdout=logs["web"], stderr=subprocess.STDOUT),
        subprocess.Popen([*celery, "worker", "--concurrency", "2", "--loglevel", "WARNING",
                          "--without-gossip", "--without-mingle"],
                         cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT),
        subprocess.Popen([*celery, "beat", "--loglevel", "WARNING", "--schedule", str(tmp_path / "beat")],
                         cwd=ROOT, env=env, stdout=logs["beat"], stderr=subprocess.STDOUT),
    ]  # fmt: skip
    answered = 0
    redeliveries = 0
    lock = threading.Lock()

    def customer(c: int) -> None:
        nonlocal answered, redeliveries
        digits = f"4477011{c:05d}"
        for m in range(PER_CUSTOMER):
            raw = {"from": digits, "id": f"wamid.chaos.{c}.{m}", "timestamp": str(int(time.time())), "type": "text",
                   "text": {"body": "hi" if m == 0 else f"note {m}"}}  # fmt: skip
            body = json.dumps(body_for(digits, raw, name=f"C{c}")).encode()
            deadline = time.monotonic() + 120
            while True:  # as Meta: a delivery not answered 200 is delivered again
                try:
                    status = post_signed_reply(port, body, secret=env["WHATSAPP_APP_SECRET"], timeout=10)[0]
                except OSError:
                    status = 0
                if status == 200:
                    break
                assert time.monotonic() < deadline, f"message {c}.{m} never accepted"
                with lock:
                    redeliveries += 1
                time.sleep(0.5)
            with lock:
                answered += 1

    def streams(offset: int) -> None:
        for c in range(offset, CUSTOMERS, 8):
            customer(c)

    try:
        assert _wait_for(lambda: healthy(port), 30), "gunicorn did not start"
        time.sleep(3)  # the worker connects
        load = [threading.Thread(target=streams, args=(i,)) for i in range(8)]
        for thread in load:
            thread.start()
        assert _wait_for(lambda: answered >= 400, 120)
        subprocess.run(["redis-cli", "shutdown", "nosave"], check=False, capture_output=True)
        assert not redis_up()
        time.sleep(3)
        subprocess.run(REDIS_START, check=True)
        assert _wait_for(redis_up, 10)
        assert _wait_for(lambda: answered >= 1200, 180)
        _postgres_restart()
        connection.close()
        for thread in load:
            thread.join(timeout=300)
        assert answered == CUSTOMERS * PER_CUSTOMER, f"{answered} accepted after {redeliveries} re-deliveries"
        # Lost publishes (Redis down) wait for the sweeper (30 s); failed tries for their backoff.
        assert _wait_for(lambda: _pending() == 0, 240), _pending()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        meta.stop()
        if not redis_up():
            subprocess.run(REDIS_START, check=False)
    connection.close()
    assert ProcessedMessage.objects.count() == CUSTOMERS * PER_CUSTOMER
    assert set(ProcessedMessage.objects.values_list("state", flat=True)) == {"processed"}
    seen: dict[str, list[str]] = defaultdict(list)
    for message_id in (
        TranscriptMessage.objects.filter(direction="in").order_by("id").values_list("provider_message_id", flat=True)
    ):
        seen[message_id.rsplit(".", 1)[0]].append(message_id)
    assert len(seen) == CUSTOMERS
    expected = {f"wamid.chaos.{c}": [f"wamid.chaos.{c}.{m}" for m in range(PER_CUSTOMER)] for c in range(CUSTOMERS)}
    assert dict(seen) == expected  # each message once, each customer's in order
    sys.stderr.write(f"\n{redeliveries} deliveries refused while Redis or PostgreSQL restarted, then accepted\n")

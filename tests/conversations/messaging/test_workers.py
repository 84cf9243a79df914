"""Real processes against a fake Meta: no double sends, order per customer, the shared rate limit,
and a worker killed between claim and send (docs/sending.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from conversations.models import OutboundMessage, ProcessedMessage
from leads.models import Customer
from leads.models.customer import hash_phone
from tests.fakes.meta import FakeMeta, clear_shared_rate_limits, cloud_process_env
from tests.paths import ROOT

# This test process's own limiter buckets: drainers of another xdist worker never share them.
RATE_PREFIX = settings.RATE_LIMIT_KEY_PREFIX
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def meta() -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    yield fake
    fake.stop()


def worker_env(meta: FakeMeta, rate: int) -> dict[str, str]:
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = cloud_process_env(
        meta, database_url=database_url, redis_url=settings.REDIS_URL, rate=rate, rate_prefix=RATE_PREFIX
    )
    return {**env, "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"]}  # this test process's cache keys


def reset_shared_limiter() -> None:
    clear_shared_rate_limits(settings.REDIS_URL, RATE_PREFIX)


def make_queue(customers: int, per_customer: int) -> None:
    now = timezone.now()
    phones = [f"+4477009{i:05d}" for i in range(customers)]
    people = Customer.objects.bulk_create(
        Customer(wa_id=phone, phone_hash=hash_phone(phone), last_inbound_at=now) for phone in phones
    )
    OutboundMessage.objects.bulk_create(
        OutboundMessage(idempotency_key=f"w-{phone}-{m}", to=phone, customer=person, text=f"{phone} #{m}", due_at=now)
        for m in range(per_customer)
        for phone, person in zip(phones, people, strict=True)
    )


def run_drainers(meta: FakeMeta, count: int, rate: int, timeout: float = 120) -> None:
    env = worker_env(meta, rate)
    command = [sys.executable, "manage.py", "drain_outbox", "--until-empty", "--timeout", str(timeout)]
    procs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(count)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()[-2000:]


def test_two_workers_drain_a_thousand_rows_once_each_and_in_order(meta: FakeMeta) -> None:
    reset_shared_limiter()
    make_queue(customers=200, per_customer=5)

    run_drainers(meta, 2, rate=2000)

    texts = [body["text"]["body"] for body in meta.sent()]
    assert len(texts) == 1000
    assert len(set(texts)) == 1000  # never one twice
    order: dict[str, list[int]] = defaultdict(list)
    for text in texts:
        phone, number = text.split(" #")
        order[phone].append(int(number))
    assert all(numbers == sorted(numbers) for numbers in order.values())  # enqueue order per customer
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_the_rate_limit_holds_across_two_workers(meta: FakeMeta) -> None:
    reset_shared_limiter()
    rate = 25
    make_queue(customers=100, per_customer=1)
    started = time.monotonic()

    run_drainers(meta, 2, rate=rate)

    elapsed = time.monotonic() - started
    stamps = sorted(r.at for r in meta.requests if r.method == "POST")
    assert len(stamps) == 100
    busiest = max(sum(1 for t in stamps if start <= t < start + 1.0) for start in stamps)
    assert busiest <= rate + 1
    measured = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    assert measured <= rate * 1.05
    assert elapsed < 100 / rate * 3  # and it was not needlessly slow


def test_a_worker_killed_between_claim_and_send_is_recovered(meta: FakeMeta) -> None:
    make_queue(customers=1, per_customer=1)
    row = OutboundMessage.objects.get()
    script = (
        "import django, sys, time; django.setup();"
        "from conversations.messaging.claiming import claim_run;"
        f"assert claim_run({row.to!r}, 5); print('claimed', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=worker_env(meta, 80),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"claimed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    row.refresh_from_db()
    assert row.state == "sending"

    run_drainers(meta, 1, rate=80, timeout=1)  # the claim is fresh: left alone
    assert meta.sent() == []
    OutboundMessage.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(minutes=11))
    run_drainers(meta, 1, rate=80)  # expired: sent, once
    assert len(meta.sent()) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 2)


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_conversation_is_delivered_once_and_in_order_through_a_celery_worker(meta: FakeMeta, settings) -> None:
    """Webhook in, Celery worker on Redis out, cloud backend against the fake: the whole path."""
    import uuid

    from django.test import Client

    from tattoobot.celery import app
    from tests.conversations.chat import SECRET, body_for, post_signed
    from tests.conversations.chat import Customer as Chat

    reset_shared_limiter()
    queue = f"e2e-{uuid.uuid4().hex}"
    env = worker_env(meta, 80)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tattoobot", "worker", "-Q", queue, "--pool", "solo",
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    settings.WHATSAPP_APP_SECRET = SECRET
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        ana = Chat(Client())
        lines = ["Hi!", "a moth", "inner wrist"]  # four replies: inside Meta's burst of five per customer
        for line in lines:  # the worker processes the inbox and sends the replies
            body = body_for(ana.phone.lstrip("+"), ana.message("text", text={"body": line}))
            post_signed(Client(), body, process=False)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and ProcessedMessage.objects.filter(state="pending").exists():
                time.sleep(0.1)
        assert ProcessedMessage.objects.filter(state="processed").count() == len(lines)
        expected = list(OutboundMessage.objects.filter(to=ana.phone).order_by("id").values_list("text", flat=True))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(meta.sent()) < len(expected):
            time.sleep(0.2)
        time.sleep(0.5)  # anything sent twice would arrive now
        assert [body["text"]["body"] for body in meta.sent()] == expected
        assert set(OutboundMessage.objects.filter(to=ana.phone).values_list("state", flat=True)) == {"sent"}
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = eager, default_queue
        worker.terminate()
        worker.wait(timeout=30)


def test_the_beat_schedule_runs_the_outbox_sweeper_every_minute() -> None:
    from tattoobot.celery import app

    entry = app.conf.beat_schedule["outbox-sweeper"]  # read before anything finalizes the app
    assert (entry["task"], entry["schedule"]) == ("conversations.sweep_outbox", 60.0)
    assert "conversations.sweep_outbox" in app.tasks

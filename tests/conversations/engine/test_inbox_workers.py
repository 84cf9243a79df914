"""The inbox with real processes on real PostgreSQL: two drainers never process a message twice,
and a worker killed mid-message leaves it to be processed once (docs/sending.md "The inbox")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from django.utils import timezone

from conversations.models import InboxState, ProcessedMessage, TranscriptMessage
from conversations.policy.inbound import parse_webhook
from tests.conversations.chat import body_for
from tests.conversations.messaging.test_workers import worker_env
from tests.fakes.meta import FakeMeta
from tests.paths import ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def meta() -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    yield fake
    fake.stop()


def pending(customers: int, per_customer: int, first: int = 0) -> None:
    """Inbox rows as the webhook writes them (without dispatching: the drainers are the workers)."""
    rows = []
    for c in range(first, first + customers):
        digits = f"4477009{c:05d}"
        for m in range(per_customer):
            raw = {"from": digits, "id": f"wamid.inbox.{c}.{m}", "timestamp": str(1_790_000_000 + m), "type": "text",
                   "text": {"body": "hi" if m == 0 else f"note {m}"}}  # fmt: skip
            (message,) = parse_webhook(body_for(digits, raw, name=f"C{c}")).messages
            rows.append(
                ProcessedMessage(
                    message_id=message.message_id,
                    customer_key=f"wa:+{digits}",
                    wa_id=f"+{digits}",
                    payload={"message": message.raw, "name": message.contact_name},
                    provider_timestamp=message.timestamp,
                    state=InboxState.PENDING,
                    received_at=timezone.now(),
                )
            )
    ProcessedMessage.objects.bulk_create(rows)


def drainers(meta: FakeMeta, count: int) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "manage.py", "drain_inbox", "--until-empty", "--timeout", "150"]
    env = worker_env(meta, 2000)
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(count)
    ]


def test_two_drainers_process_a_thousand_customers_once_each(meta: FakeMeta) -> None:
    pending(customers=1000, per_customer=1, first=1000)  # numbers clear of the artist's (+447700900999)
    procs = drainers(meta, 2)
    outputs = [proc.communicate(timeout=240) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err.decode()[-2000:] for _, err in outputs]
    assert set(ProcessedMessage.objects.values_list("state", flat=True)) == {"processed"}
    counts = Counter(TranscriptMessage.objects.filter(direction="in").values_list("provider_message_id", flat=True))
    assert len(counts) == 1000
    assert set(counts.values()) == {1}  # never one twice
    processed = sorted(int(out.decode().split()[-1]) for out, _ in outputs)
    assert sum(processed) == 1000
    assert processed[0] > 0  # both worked


def test_a_worker_killed_mid_message_leaves_it_to_be_processed_once(meta: FakeMeta) -> None:
    pending(customers=1, per_customer=2)
    key = "wa:+447700900000"
    script = (
        "import django, time; django.setup();"
        "import conversations.engine.inbound_processing as p;"
        "p.run_turn = lambda turn: (print('in the engine', flush=True), time.sleep(60));"
        "from conversations.engine.inbox import inbox_process;"
        f"inbox_process({key!r})"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=worker_env(meta, 2000),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().decode().strip() == "in the engine"
    os.kill(proc.pid, signal.SIGKILL)  # mid-message: its transaction and its claim die with the connection
    proc.wait(timeout=10)

    second = drainers(meta, 1)[0]
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()[-2000:]
    assert set(ProcessedMessage.objects.values_list("state", flat=True)) == {"processed"}
    counts = Counter(TranscriptMessage.objects.filter(direction="in").values_list("provider_message_id", flat=True))
    assert counts == {"wamid.inbox.0.0": 1, "wamid.inbox.0.1": 1}


def test_two_drainers_on_the_same_customers_keep_each_ones_order(meta: FakeMeta) -> None:
    pending(customers=200, per_customer=5, first=2000)
    procs = drainers(meta, 2)
    outputs = [proc.communicate(timeout=240) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err.decode()[-2000:] for _, err in outputs]
    rows = list(
        TranscriptMessage.objects.filter(direction="in").order_by("id").values_list("provider_message_id", flat=True)
    )
    assert len(rows) == len(set(rows)) == 1000  # each once
    by_customer: dict[str, list[int]] = {}
    for message_id in rows:
        _, _, customer, number = message_id.split(".")
        by_customer.setdefault(customer, []).append(int(number))
    assert all(numbers == [0, 1, 2, 3, 4] for numbers in by_customer.values())  # in Meta's order

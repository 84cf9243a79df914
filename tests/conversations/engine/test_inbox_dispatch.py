"""The customer's task is published once while it waits: a burst from one customer is one task."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from conversations.engine.inbox import inbox_process
from conversations.messaging.outbox import SEND_TASK
from conversations.models import OutboundMessage, ProcessedMessage
from tests.conversations.chat import Customer, body_for, post_signed

# transaction=True: the dispatch runs after commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def published(monkeypatch) -> list[str]:
    """The customers whose task was published, recorded instead of run (tasks are eager in tests)."""
    calls: list[str] = []
    monkeypatch.setattr("conversations.engine.inbox.send_task_now", lambda name, key, **_: calls.append(key))
    return calls


def _send(customer: Customer, text: str) -> None:
    body = body_for(customer.phone.lstrip("+"), customer.message("text", text={"body": text}))
    assert post_signed(Client(), body, process=False).status_code == 200


def test_a_customers_burst_while_its_task_waits_publishes_once(published: list[str]) -> None:
    ana, ben = Customer(Client(), phone="+447700900123"), Customer(Client(), phone="+447700900456")
    for text in ("hi", "I'd like a rose", "on my wrist"):
        _send(ana, text)
    _send(ben, "hello")

    assert published == ["wa:+447700900123", "wa:+447700900456"]
    assert ProcessedMessage.objects.filter(state="pending").count() == 4

    assert inbox_process("wa:+447700900123") == 3  # the one task finds the whole burst, in order
    assert list(ProcessedMessage.objects.filter(state="pending").values_list("customer_key", flat=True)) == [
        "wa:+447700900456"
    ]
    _send(ana, "about 5 cm")  # her task has started since: this message needs a task of its own
    assert published[-1] == "wa:+447700900123"
    assert len(published) == 3


def test_a_failed_publish_clears_the_flag_so_the_next_message_tries_again(monkeypatch) -> None:
    attempts: list[str] = []

    def broker_down(name: str, key: str, **_: object) -> None:
        attempts.append(key)
        raise ConnectionError("redis is down")

    monkeypatch.setattr("conversations.engine.inbox.send_task_now", broker_down)
    ana = Customer(Client())
    _send(ana, "hi")
    _send(ana, "a rose")
    assert attempts == ["wa:+447700900123", "wa:+447700900123"]  # not held back by the first one's flag
    assert ProcessedMessage.objects.filter(state="pending").count() == 2  # stored; the sweeper is the net


def test_the_flag_expires_so_a_task_lost_after_publishing_holds_nothing_back_for_long(published: list[str]) -> None:
    ana = Customer(Client())
    _send(ana, "hi")
    cache.delete("inbox-queued:wa:+447700900123")  # as when QUEUED_FLAG_SECONDS have passed
    _send(ana, "a rose")
    assert published == ["wa:+447700900123", "wa:+447700900123"]


def test_the_worker_sends_a_messages_replies_itself_and_queues_a_task_if_it_cannot(monkeypatch) -> None:
    tasks: list[tuple[str, object]] = []
    monkeypatch.setattr("conversations.engine.inbox.send_task_now", lambda name, *args, **_: tasks.append((name, args)))
    ana = Customer(Client())
    _send(ana, "hi")
    inbox_process("wa:+447700900123")
    assert [t for t in tasks if t[0] == SEND_TASK] == []  # the welcome and the question went from here
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}

    def down(**_: object) -> int:
        raise ConnectionError("the database went away mid-send")

    monkeypatch.setattr("conversations.engine.inbox.outbound_send", down)
    _send(ana, "a rose")
    inbox_process("wa:+447700900123")
    queued = OutboundMessage.objects.filter(state="queued")
    assert queued.exists()
    head = queued.earliest("id")
    assert [t for t in tasks if t[0] == SEND_TASK] == [(SEND_TASK, (head.pk, head.to))]  # a task instead

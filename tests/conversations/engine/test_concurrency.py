"""Real threads on real PostgreSQL: one message once, one customer's messages one at a time."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conversations.engine.inbox import inbox_drain
from conversations.models import OutboundMessage, ProcessedMessage, TranscriptMessage
from leads.models import Answer, Lead, Question
from tests.conversations.chat import Customer, body_for, post_signed
from tests.parallel import run_parallel

# serialized_rollback: the seeded question set and studio settings survive the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_twenty_concurrent_deliveries_of_one_message_advance_once() -> None:
    first = Customer(Client())
    first.says("hi")  # qualifying, asking "idea"
    replies_before = OutboundMessage.objects.count()
    message = first.message("text", text={"body": "a lighthouse"})
    body = body_for(first.phone.lstrip("+"), message)

    statuses = run_parallel([lambda: post_signed(Client(), body).status_code for _ in range(20)])

    assert statuses == [200] * 20
    lead = Lead.objects.get()
    assert lead.current_question == "placement"
    assert Answer.objects.filter(lead=lead, question_key="idea").count() == 1
    assert OutboundMessage.objects.count() == replies_before + 1  # one "where on your body?"
    assert ProcessedMessage.objects.filter(message_id=message["id"]).count() == 1
    assert TranscriptMessage.objects.filter(direction="in", text="a lighthouse").count() == 1


def test_ten_messages_from_one_customer_in_parallel_are_processed_one_at_a_time() -> None:
    Question.objects.update(active=False)
    for i in range(12):
        Question.objects.create(key=f"q{i}", kind="text", prompt=f"Question {i}?", position=i)
    customer = Customer(Client())
    customer.says("hi", timestamp=1_700_000_000)
    messages = [customer.message("text", timestamp=1_700_000_001, text={"body": f"answer {i}"}) for i in range(10)]
    bodies = [body_for(customer.phone.lstrip("+"), m) for m in messages]

    def deliver(body: dict[str, object]) -> Callable[[], int]:
        return lambda: post_signed(Client(), body).status_code

    statuses = run_parallel([deliver(b) for b in bodies])

    assert statuses == [200] * 10
    lead = Lead.objects.get()
    assert lead.qualifying_step == 10
    assert lead.current_question == "q10"
    answers = Answer.objects.filter(lead=lead)
    assert answers.count() == 10
    assert sorted(a.raw_text for a in answers) == sorted(f"answer {i}" for i in range(10))
    # Each answer was followed by exactly one next question, in the order they were handled.
    prompts = list(
        OutboundMessage.objects.filter(text__contains="Question ").order_by("id").values_list("text", flat=True)
    )
    assert [p.split("Question ")[1] for p in prompts] == [f"{i}?" for i in range(11)]


@pytest.fixture
def dispatched(monkeypatch) -> list[str]:
    """The customers the requests dispatch after commit, recorded instead of run (tasks are eager in tests)."""
    calls: list[str] = []
    monkeypatch.setattr("conversations.engine.inbox.send_task_now", lambda name, key, **_: calls.append(key))
    return calls


def test_fifty_messages_posted_concurrently_in_shuffled_order_are_processed_in_timestamp_order(
    dispatched: list[str],
) -> None:
    Question.objects.update(active=False)
    Question.objects.create(key="notes", kind="text", prompt="Anything else?", position=0)
    customer = Customer(Client())
    customer.says("hi", timestamp=1_700_000_000)
    messages = [customer.message("text", timestamp=1_700_000_100 + i, text={"body": f"note {i}"}) for i in range(50)]
    shuffled = list(messages)
    random.Random(7).shuffle(shuffled)
    bodies = [body_for(customer.phone.lstrip("+"), m) for m in shuffled]

    # The requests only store: nothing is processed until the drainers (standing in for workers) run.
    def store(body: dict[str, object]) -> Callable[[], int]:
        return lambda: post_signed(Client(), body, process=False).status_code

    statuses = run_parallel([store(b) for b in bodies])
    assert statuses == [200] * 50
    assert ProcessedMessage.objects.filter(state="pending").count() == 50
    assert set(dispatched) == {f"wa:{customer.phone}"}
    run_parallel([lambda: inbox_drain() for _ in range(4)])  # four workers at once: the claim serialises them

    assert ProcessedMessage.objects.filter(state="processed").count() == 51
    processed = list(
        TranscriptMessage.objects.filter(direction="in", text__startswith="note ")
        .order_by("id")
        .values_list("text", flat=True)
    )
    assert processed == [f"note {i}" for i in range(50)]  # each once, in Meta's order, not arrival order
    assert not TranscriptMessage.objects.filter(direction="in", processed=False).exists()  # none out of order


def test_the_request_only_stores(dispatched: list[str]) -> None:
    customer = Customer(Client())
    customer.says("hi")
    body = body_for(customer.phone.lstrip("+"), customer.message("text", text={"body": "a rose"}))
    dispatched.clear()
    with CaptureQueriesContext(connection) as captured:
        response = post_signed(Client(), body, process=False)
    assert response.json() == {"received": True, "queued": 1, "duplicate": False}
    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    assert statements == ["INSERT"], captured.captured_queries  # one statement, committed on its own
    assert "conversations_processedmessage" in captured.captured_queries[0]["sql"]
    assert Lead.objects.get().current_question == "idea"  # the engine has not run
    assert dispatched == [f"wa:{customer.phone}"]

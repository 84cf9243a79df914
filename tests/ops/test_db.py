"""``insert_or_skip``: one statement, no savepoint, and the unique index decides between concurrent writers."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conversations.models import OutboundMessage, ProcessedMessage
from leads.models import Customer
from tattoobot.db import insert_or_skip


@pytest.mark.django_db
def test_a_new_row_is_written_in_one_statement_with_defaults_and_timestamps() -> None:
    row = OutboundMessage(idempotency_key="k-1", to="+447700900001", text="hello", due_at=timezone.now())

    with CaptureQueriesContext(connection) as captured:
        assert insert_or_skip(row) is True

    assert len(captured.captured_queries) == 1  # no SAVEPOINT / RELEASE around it
    assert "ON CONFLICT DO NOTHING" in captured.captured_queries[0]["sql"]
    stored = OutboundMessage.objects.get(pk=row.pk)
    assert (stored.text, stored.state, stored.attempts, stored.payload) == ("hello", "queued", 0, {})
    assert stored.created_at is not None
    assert row._state.adding is False


@pytest.mark.django_db
def test_a_conflicting_row_is_skipped_and_the_first_row_is_unchanged() -> None:
    assert insert_or_skip(
        OutboundMessage(idempotency_key="k-2", to="+447700900001", text="first", due_at=timezone.now())
    )
    second = OutboundMessage(idempotency_key="k-2", to="+447700900002", text="second", due_at=timezone.now())

    with transaction.atomic():
        assert insert_or_skip(second) is False
        assert Customer.objects.count() == 0  # the transaction is still usable: nothing was aborted

    assert second._state.adding is True  # not marked as saved
    assert list(OutboundMessage.objects.values_list("to", "text")) == [("+447700900001", "first")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("first_commits", "second_writes"), [(True, False), (False, True)])
def test_a_concurrent_writer_waits_for_the_first_transaction_then_decides(
    first_commits: bool, second_writes: bool
) -> None:
    """The dedup of an inbound message: a second delivery of an id being processed waits, then is a
    duplicate if the first committed, or is processed itself if the first rolled back."""
    inserted = threading.Event()
    finish = threading.Event()
    outcome: list[bool] = []

    def first() -> None:
        try:
            with transaction.atomic():
                assert insert_or_skip(ProcessedMessage(message_id="wamid.same"))
                inserted.set()
                finish.wait(10)
                if not first_commits:
                    transaction.set_rollback(True)
        finally:
            connection.close()

    def second() -> None:
        try:
            with transaction.atomic():
                outcome.append(insert_or_skip(ProcessedMessage(message_id="wamid.same")))
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert inserted.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    assert two.is_alive()  # blocked on the unique index while the first is undecided
    assert outcome == []
    finish.set()
    one.join(10)
    two.join(10)

    assert outcome == [second_writes]
    assert ProcessedMessage.objects.filter(message_id="wamid.same").count() == 1

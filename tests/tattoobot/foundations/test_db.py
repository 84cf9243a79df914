"""``insert_or_skip``: one statement, no savepoint, and the unique index decides between concurrent writers;
``checked_by_running``: a request's one statement as its own connection health check."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conversations.models import OutboundMessage, ProcessedMessage, TranscriptMessage
from leads.models import Customer
from tattoobot.foundations.db import (
    checked_by_running,
    insert_many_or_skip,
    insert_or_skip,
    insert_or_skip_with,
    update_returning,
)
from tests.sqlite_probe import run_on_sqlite


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


def test_on_sqlite_the_embedded_default_skips_only_unique_clashes(tmp_path: Path) -> None:
    """``make run``'s SQLite: a repeat is skipped, a row missing a required value still fails."""
    script = """
from django.db import IntegrityError
from django.utils import timezone
from conversations.models import OutboundMessage, ProcessedMessage
from tattoobot.foundations.db import insert_or_skip
first = ProcessedMessage(message_id="wamid.1")
print(insert_or_skip(first), first.pk is not None, insert_or_skip(ProcessedMessage(message_id="wamid.1")))
try:
    insert_or_skip(OutboundMessage(idempotency_key="k", to="+447700900001", text="x", due_at=None))
except IntegrityError:
    print("refused")
from tattoobot.foundations.db import update_returning
row = update_returning(ProcessedMessage, where={"message_id": "wamid.1"}, values={"attempts": 3})
none = update_returning(ProcessedMessage, where={"message_id": "x"}, values={"attempts": 1})
print(row.pk == first.pk, row.attempts, none)
from conversations.models import TranscriptMessage
from leads.models import Customer
from tattoobot.foundations.db import insert_or_skip_with
ana = Customer.objects.create(wa_id="+447700900001", phone_hash="h")
pair = [OutboundMessage(idempotency_key="p", to="+447700900001", text="x", due_at=timezone.now()),
        TranscriptMessage(customer=ana, direction="out", text="x", payload={"purpose": "reply"}, at=timezone.now())]
written = insert_or_skip_with(*pair, pk_into=("payload", "outbound_id"))
repeat = [OutboundMessage(idempotency_key="p", to="+1", text="y", due_at=timezone.now()),
          TranscriptMessage(customer=ana, direction="out", text="y", payload={}, at=timezone.now())]
again = insert_or_skip_with(*repeat, pk_into=("payload", "outbound_id"))
linked = TranscriptMessage.objects.get().payload["outbound_id"] == pair[0].pk
print(written, again, linked, TranscriptMessage.objects.count())
"""
    assert run_on_sqlite(script, tmp_path)[:4] == ["True True False", "refused", "True 3 None", "True False True 1"]


def _outbound(key: str) -> OutboundMessage:
    return OutboundMessage(idempotency_key=key, to="+447700900001", text="hello", due_at=timezone.now())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checked_by_running_skips_djangos_select_1_and_replaces_a_dead_kept_connection(monkeypatch) -> None:
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]  # else there would be no SELECT 1 to skip
    connection.ensure_connection()
    with psycopg.connect(_dsn(), autocommit=True) as admin:  # PostgreSQL ends the kept connection
        admin.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    connection.health_check_done = False  # type: ignore[attr-defined]  # a new request, as Django marks it
    checks: list[bool] = []

    def is_usable() -> bool:
        checks.append(True)
        return True

    monkeypatch.setattr(connection, "is_usable", is_usable)

    written = checked_by_running(lambda: insert_many_or_skip([_outbound("dead-1")], returning="idempotency_key"))

    assert written == ["dead-1"]  # run again on a new connection, once
    assert checks == []
    assert OutboundMessage.objects.filter(idempotency_key="dead-1").count() == 1
    # A statement that reached the database before its connection broke runs again harmlessly.
    assert checked_by_running(lambda: insert_many_or_skip([_outbound("dead-1")], returning="idempotency_key")) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checked_by_running_raises_other_database_errors_without_retrying() -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    with pytest.raises(ProgrammingError):
        checked_by_running(broken)
    assert calls == [1]


def _dsn() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.django_db
def test_update_returning_writes_and_reads_the_row_in_one_statement() -> None:
    customer = Customer.objects.create(wa_id="+447700900001", profile_name="Ana")
    at = timezone.now()

    with CaptureQueriesContext(connection) as captured:
        updated = update_returning(Customer, where={"phone_hash": customer.phone_hash}, values={"last_inbound_at": at})

    assert len(captured.captured_queries) == 1
    assert captured.captured_queries[0]["sql"].startswith('UPDATE "leads_customer"')
    assert updated is not None
    assert (updated.pk, updated.profile_name, updated.last_inbound_at) == (customer.pk, "Ana", at)
    assert Customer.objects.get(pk=customer.pk).last_inbound_at == at
    assert update_returning(Customer, where={"phone_hash": "nobody"}, values={"last_inbound_at": at}) is None


def _line(customer: Customer, text: str = "hello") -> TranscriptMessage:
    return TranscriptMessage(
        customer=customer, direction="out", text=text, payload={"purpose": "reply"}, at=timezone.now()
    )


@pytest.mark.django_db
def test_insert_or_skip_with_writes_a_row_and_the_line_that_records_it_in_one_statement() -> None:
    customer = Customer.objects.create(wa_id="+447700900001", profile_name="Ana")
    row, line = _outbound("pair-1"), _line(customer)

    with CaptureQueriesContext(connection) as captured:
        assert insert_or_skip_with(row, line, pk_into=("payload", "outbound_id")) is True

    assert len(captured.captured_queries) == 1
    stored = TranscriptMessage.objects.get()
    assert (stored.pk, stored.payload) == (line.pk, {"purpose": "reply", "outbound_id": row.pk})
    assert line.payload == stored.payload
    assert OutboundMessage.objects.get().pk == row.pk
    repeat = insert_or_skip_with(_outbound("pair-1"), _line(customer, "again"), pk_into=("payload", "outbound_id"))
    assert repeat is False  # the key was held: neither row nor line
    assert (OutboundMessage.objects.count(), TranscriptMessage.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_insert_or_skip_with_writes_nothing_when_the_line_cannot_be_written() -> None:
    broken = TranscriptMessage(customer_id=None, direction="out", text="x", payload={}, at=timezone.now())  # type: ignore[misc]  # NOT NULL, on purpose
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_or_skip_with(_outbound("pair-2"), broken, pk_into=("payload", "outbound_id"))
    assert not OutboundMessage.objects.exists()  # one statement: all or nothing

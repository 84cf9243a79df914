"""Claiming a recipient's run of outbound rows: the head and the rows after it that may go now, in
order, never a row another claimer holds; the same rules in one statement (PostgreSQL) and in the
ORM (the embedded SQLite default), so both are run over the same cases here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conversations.messaging import claiming
from conversations.models import EarlyStatus, OutboundMessage
from leads.models import Customer
from leads.models.customer import hash_phone
from tests.sqlite_probe import run_on_sqlite

ANA = "+447700900123"
Claim = Callable[[str, int], list[OutboundMessage]]
BOTH: list[Claim] = [
    claiming.claim_run,
    lambda to, limit: claiming._claim_with_the_orm(to, limit, timezone.now()),
]
IDS = ["one statement", "orm"]


def _customer() -> Customer:
    return Customer.objects.create(
        wa_id=ANA, phone_hash=hash_phone(ANA), reply_cooldowns={"please_type": "2026-12-01T10:00:00+00:00"}
    )


def _rows(n: int, customer: Customer | None = None, **fields: object) -> list[OutboundMessage]:
    now = timezone.now()
    return [
        OutboundMessage.objects.create(
            idempotency_key=f"claim-{k}",
            to=ANA,
            customer=customer,
            text=f"message {k}",
            payload={"buttons": [k]},
            due_at=now - timedelta(seconds=1),
            **fields,
        )
        for k in range(n)
    ]


@contextmanager
def _held_elsewhere(row: OutboundMessage) -> Iterator[None]:
    """Another claimer holds ``row``'s lock (its own connection, its transaction open)."""
    s = connection.settings_dict
    with psycopg.connect(f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}") as other:
        other.execute("SELECT 1 FROM conversations_outboundmessage WHERE id = %s FOR UPDATE", [row.pk])
        yield
        other.rollback()


@pytest.mark.django_db
@pytest.mark.parametrize("claim", BOTH, ids=IDS)
def test_the_run_is_the_head_and_the_rows_after_it_in_order_with_their_customer(claim: Claim) -> None:
    ana = _customer()
    rows = _rows(4, ana)
    run = claim(ANA, 3)
    assert [row.pk for row in run] == [row.pk for row in rows[:3]]
    assert all(row.state == "sending" and row.attempts == 1 and row.claimed_at is not None for row in run)
    assert run[0].payload == {"buttons": [0]}  # JSON read as the ORM reads it
    with CaptureQueriesContext(connection) as queries:
        assert run[0].customer is not None
        assert run[0].customer.reply_cooldowns == ana.reply_cooldowns
    assert len(queries) == 0  # the customer came with the claim
    stored = {row.pk: row for row in OutboundMessage.objects.all()}
    assert [stored[row.pk].state for row in rows] == ["sending", "sending", "sending", "queued"]
    assert stored[rows[0].pk].attempts == 1


@pytest.mark.django_db
def test_on_postgresql_the_claim_is_one_statement() -> None:
    _rows(2, _customer())
    with CaptureQueriesContext(connection) as queries:
        assert len(claiming.claim_run(ANA, 5)) == 2
    assert len(queries) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("claim", BOTH, ids=IDS)
def test_a_row_without_a_customer_comes_alone(claim: Claim) -> None:
    _rows(1)  # e.g. a message to the artist
    [row] = claim(ANA, 5)
    assert row.customer_id is None
    assert row.customer is None


@pytest.mark.django_db
@pytest.mark.parametrize("claim", BOTH, ids=IDS)
def test_a_row_in_flight_elsewhere_stops_the_run_and_a_stale_one_is_taken_again(claim: Claim) -> None:
    first, second = _rows(2)
    now = timezone.now()
    OutboundMessage.objects.filter(pk=first.pk).update(state="sending", attempts=1, claimed_at=now)
    assert claim(ANA, 5) == []  # nothing overtakes the row another worker is sending
    OutboundMessage.objects.filter(pk=first.pk).update(claimed_at=now - claiming.STALE_CLAIM - timedelta(seconds=1))
    run = claim(ANA, 5)
    assert [row.pk for row in run] == [first.pk, second.pk]
    assert run[0].attempts == 2  # its dead worker's try counts


@pytest.mark.django_db
@pytest.mark.parametrize("claim", BOTH, ids=IDS)
def test_a_retry_waiting_keeps_its_place_and_a_later_message_never_claimed_is_not_in_line(claim: Claim) -> None:
    first, second, third = _rows(3)
    later = timezone.now() + timedelta(minutes=5)
    OutboundMessage.objects.filter(pk=second.pk).update(attempts=1, due_at=later)  # backing off
    assert [row.pk for row in claim(ANA, 5)] == [first.pk]  # the retry holds the third back
    OutboundMessage.objects.filter(pk=first.pk).update(state="sent")
    OutboundMessage.objects.filter(pk=second.pk).update(attempts=0, due_at=later)  # scheduled, never tried
    assert [row.pk for row in claim(ANA, 5)] == [third.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("claim", BOTH, ids=IDS)
def test_sent_and_failed_rows_and_other_recipients_are_not_in_the_queue(claim: Claim) -> None:
    first, second = _rows(2)
    OutboundMessage.objects.filter(pk=first.pk).update(state="sent")
    OutboundMessage.objects.create(idempotency_key="bo", to="+447700900999", text="x", due_at=timezone.now())
    assert [row.pk for row in claim(ANA, 5)] == [second.pk]
    assert claim(ANA, 5) == []  # claimed now: in flight


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("claim", BOTH, ids=IDS)
def test_a_row_locked_by_another_claimer_ends_the_run_before_it(claim: Claim) -> None:
    first, second, third = _rows(3)
    with _held_elsewhere(first):
        assert claim(ANA, 5) == []  # the head is being claimed by someone else: nothing overtakes it
    with _held_elsewhere(second):
        assert [row.pk for row in claim(ANA, 5)] == [first.pk]
    assert OutboundMessage.objects.get(pk=third.pk).state == "queued"


@pytest.mark.django_db
def test_marking_sent_says_whether_statuses_came_first_and_only_while_the_claim_is_ours() -> None:
    first, second, third = _rows(3)
    claimed = claiming.claim_run(ANA, 3)
    EarlyStatus.objects.create(wamid="wamid.fast", status="delivered")
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert claiming.mark_sent(claimed[0], {"state": "sent", "wamid": "wamid.fast", "sent_at": now}) is True
    assert len(queries) == 1
    assert claiming.mark_sent(claimed[1], {"state": "sent", "wamid": "wamid.slow", "sent_at": now}) is False
    OutboundMessage.objects.filter(pk=third.pk).update(state="queued")  # the claim was released meanwhile
    assert claiming.mark_sent(claimed[2], {"state": "sent", "wamid": "wamid.fast", "sent_at": now}) is False
    stored = {row.pk: row for row in OutboundMessage.objects.all()}
    assert (stored[first.pk].state, stored[first.pk].wamid, stored[first.pk].sent_at) == ("sent", "wamid.fast", now)
    assert (stored[second.pk].state, stored[second.pk].wamid) == ("sent", "wamid.slow")
    assert (stored[third.pk].state, stored[third.pk].wamid) == ("queued", "")


def test_on_sqlite_the_embedded_default_claims_and_marks_sent_through_the_orm(tmp_path: Path) -> None:
    script = """
import django; django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from conversations.messaging.claiming import claim_run, mark_sent
from conversations.models import EarlyStatus, OutboundMessage
now = timezone.now()
for k in range(3):
    OutboundMessage.objects.create(idempotency_key=f"k{k}", to="+447700900123", text="x", due_at=now)
OutboundMessage.objects.filter(idempotency_key="k1").update(attempts=1, due_at=now + timedelta(minutes=5))
run = claim_run("+447700900123", 5)
EarlyStatus.objects.create(wamid="wamid.fast", status="read")
print([row.idempotency_key for row in run], mark_sent(run[0], {"state": "sent", "wamid": "wamid.fast", "sent_at": now}))
print(OutboundMessage.objects.get(idempotency_key="k0").state)
"""
    assert run_on_sqlite(script, tmp_path)[:2] == ["['k0'] True", "sent"]

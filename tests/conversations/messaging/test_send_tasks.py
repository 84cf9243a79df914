"""Send tasks after commit: one per recipient and transaction, and none lost to a savepoint rollback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client

from conversations.messaging.outbox import SEND_TASK, outbox_enqueue
from conversations.models import OutboundMessage
from leads.models import Customer
from tattoobot.foundations import tasking
from tests.conversations.chat import Customer as Chat

ANA, BEN = "+447700900001", "+447700900002"


def send_callbacks(callbacks: list[Callable[[], Any]]) -> list[tuple[str, str] | None]:
    """Run the captured after-commit callbacks in order, as a commit does, and return the send tasks
    they publish as (task, recipient)."""
    published: list[tuple[str, str] | None] = []

    def record(name: str, *args: Any, **kwargs: Any) -> None:
        if name == SEND_TASK:
            published.append((name, OutboundMessage.objects.values_list("to", flat=True).get(pk=args[0])))

    with mock.patch.object(tasking, "send_task_now", record):
        for callback in callbacks:
            callback()
    return published


@pytest.mark.django_db
def test_rows_for_one_recipient_in_one_transaction_publish_one_send_task(
    make_customer: Callable[..., Customer], django_capture_on_commit_callbacks: Any
) -> None:
    ana, ben = make_customer(wa_id=ANA), make_customer(wa_id=BEN)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(3):
            outbox_enqueue(key=f"ana-{n}", to=ANA, text=f"a{n}", customer=ana)
        outbox_enqueue(key="ben-0", to=BEN, text="b0", customer=ben)

    assert send_callbacks(callbacks) == [(SEND_TASK, ANA), (SEND_TASK, BEN)]


@pytest.mark.django_db
def test_a_send_task_dropped_with_a_savepoint_does_not_take_a_later_rows_task_with_it(
    make_customer: Callable[..., Customer], django_capture_on_commit_callbacks: Any
) -> None:
    ana = make_customer(wa_id=ANA)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                outbox_enqueue(key="gone", to=ANA, text="rolled back", customer=ana)
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        kept = outbox_enqueue(key="kept", to=ANA, text="kept", customer=ana)

    assert send_callbacks(callbacks) == [(SEND_TASK, ANA)]
    assert kept is not None
    assert list(OutboundMessage.objects.values_list("text", flat=True)) == ["kept"]


@pytest.mark.django_db
def test_a_first_contact_sends_welcome_and_question_with_one_task(django_capture_on_commit_callbacks: Any) -> None:
    published: list[str] = []
    send = tasking.send_task_now

    def record(name: str, *args: Any, **kwargs: Any) -> None:
        published.append(name)
        send(name, *args, **kwargs)

    with mock.patch.object(tasking, "send_task_now", record), django_capture_on_commit_callbacks(execute=True):
        Chat(Client()).says("hi")

    assert published.count(SEND_TASK) == 1
    assert OutboundMessage.objects.count() == 2
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}  # both, by the one task


@pytest.mark.django_db
def test_rows_of_finished_and_open_blocks_that_commit_together_publish_one_send_task(
    make_customer: Callable[..., Customer], django_capture_on_commit_callbacks: Any
) -> None:
    """Blocks that commit together are covered by the first of their send tasks, which drains
    the recipient's whole queue; the choice is made when the callbacks run after the commit, so a
    block finished earlier cannot cover work that commits without it."""
    ana = make_customer(wa_id=ANA)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with transaction.atomic():
            outbox_enqueue(key="first", to=ANA, text="one", customer=ana)
        with transaction.atomic():
            outbox_enqueue(key="second", to=ANA, text="two", customer=ana)
            outbox_enqueue(key="third", to=ANA, text="three", customer=ana)

    assert send_callbacks(callbacks) == [(SEND_TASK, ANA)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_send_task_of_a_rolled_back_transaction_does_not_cover_the_next_one(
    make_customer: Callable[..., Customer],
) -> None:
    ana = make_customer(wa_id=ANA)
    published: list[str] = []
    with mock.patch.object(tasking, "send_task_now", lambda name, *args, **kwargs: published.append(name)):
        try:
            with transaction.atomic():
                outbox_enqueue(key="gone", to=ANA, text="rolled back", customer=ana)
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        with transaction.atomic():
            kept = outbox_enqueue(key="kept", to=ANA, text="kept", customer=ana)

    assert published == [SEND_TASK]
    assert kept is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_committed_transaction_publishes_its_own_send_task(make_customer: Callable[..., Customer]) -> None:
    ana = make_customer(wa_id=ANA)
    published: list[str] = []
    with mock.patch.object(tasking, "send_task_now", lambda name, *args, **kwargs: published.append(name)):
        for n in range(3):
            with transaction.atomic():
                outbox_enqueue(key=f"row-{n}", to=ANA, text=f"r{n}", customer=ana)
                outbox_enqueue(key=f"row-{n}-b", to=ANA, text=f"r{n}b", customer=ana)

    assert published == [SEND_TASK, SEND_TASK, SEND_TASK]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_kept_for_a_recipient_once_their_send_tasks_ran_or_rolled_back(
    make_customer: Callable[..., Customer],
) -> None:
    """A long-running worker writes to thousands of recipients: what dedups their send tasks must
    not grow with them."""
    customers = [make_customer(wa_id=f"+4477009001{n:02d}") for n in range(20)]
    with mock.patch.object(tasking, "send_task_now", return_value=None):
        with transaction.atomic():
            for customer in customers[:10]:
                outbox_enqueue(key=f"sent-{customer.pk}", to=str(customer.wa_id), text="x", customer=customer)
            assert len(tasking._once_table()) == 10
        try:
            with transaction.atomic():
                for customer in customers[10:]:
                    outbox_enqueue(key=f"gone-{customer.pk}", to=str(customer.wa_id), text="x", customer=customer)
                raise RuntimeError("undo")
        except RuntimeError:
            pass

    assert len(tasking._once_table()) == 0


@pytest.mark.django_db
def test_held_publishes_collect_the_held_task_and_send_the_others(
    make_customer: Callable[..., Customer], django_capture_on_commit_callbacks: Any
) -> None:
    ana = make_customer(wa_id=ANA)
    sent: list[str] = []
    record = mock.patch.object(tasking, "send_task_now", lambda name, *args, **kwargs: sent.append(name))
    with record, tasking.held_publishes(SEND_TASK) as held, django_capture_on_commit_callbacks(execute=True):
        row = outbox_enqueue(key="held-1", to=ANA, text="hello", customer=ana)
        tasking.enqueue_on_commit("leads.sheet_flush")
    assert row is not None
    assert held[SEND_TASK] == [(row.pk, ANA)]  # for the caller to run (the row and its recipient)
    assert sent == ["leads.sheet_flush"]  # a task not held is published as ever
    with record, django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(key="held-2", to=ANA, text="again", customer=ana)
    assert sent == ["leads.sheet_flush", SEND_TASK]  # outside the block, published again

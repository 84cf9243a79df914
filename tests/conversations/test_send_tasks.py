"""Send tasks after commit: one per recipient and transaction, and none lost to a savepoint rollback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from conversations.models import OutboundMessage
from conversations.outbox import SEND_TASK, outbox_enqueue
from leads.models import Customer
from tests.conversations.chat import Customer as Chat

ANA, BEN = "+447700900001", "+447700900002"


def send_callbacks(callbacks: list[Callable[[], Any]]) -> list[tuple[str, str] | None]:
    return [getattr(c, "dedup_key", None) for c in callbacks if getattr(c, "dedup_key", ("",))[0] == SEND_TASK]


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
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Chat(Client()).says("hi")

    assert len(send_callbacks(callbacks)) == 1
    assert OutboundMessage.objects.count() == 2
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}  # both, by the one task


@pytest.mark.django_db
def test_a_task_pending_from_finished_work_does_not_cover_new_work(
    make_customer: Callable[..., Customer], django_capture_on_commit_callbacks: Any
) -> None:
    """Only a callback registered within the savepoints open now covers a new row: one from a
    block already finished (say, an earlier message in a test's never-committed transaction)
    might never run."""
    ana = make_customer(wa_id=ANA)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with transaction.atomic():
            outbox_enqueue(key="first", to=ANA, text="one", customer=ana)
        with transaction.atomic():
            outbox_enqueue(key="second", to=ANA, text="two", customer=ana)
            outbox_enqueue(key="third", to=ANA, text="three", customer=ana)

    assert send_callbacks(callbacks) == [(SEND_TASK, ANA), (SEND_TASK, ANA)]

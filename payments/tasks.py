"""Payment tasks: checkout sessions after commit, expiry reminders, refunds and the reconciler (docs/payments.md)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from payments.checkout import deposit_checkout_open
from payments.reconciliation import deposits_reconcile
from payments.refunds import deposit_refund
from payments.reminders import deposit_reminder_send, deposit_reminders_due


@shared_task(name="payments.open_checkout")
def open_checkout(deposit_id: int) -> str:
    return deposit_checkout_open(deposit_id=deposit_id)


@shared_task(name="payments.send_deposit_reminders")
def send_deposit_reminders() -> int:
    now = timezone.now()
    return sum(deposit_reminder_send(deposit_id=pk, now=now) for pk in deposit_reminders_due(now=now))


@shared_task(name="payments.reconcile")
def reconcile() -> dict[str, int]:
    return deposits_reconcile()


@shared_task(name="payments.refund_deposit")
def refund_deposit(deposit_id: int) -> str:
    return deposit_refund(deposit_id=deposit_id)

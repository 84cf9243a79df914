"""Refunds through Stripe (the artist cancelled a booking and chose to refund the deposit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from conversations.messaging.notify import artist_notify
from integrations.stripe.client import StripeFailure
from leads.events import system_event_record
from leads.models import Lead
from payments.checkout import RETRY_SECONDS
from payments.models import Deposit, DepositStatus
from payments.stripe_api import PaymentsNotConfigured, stripe_client
from tattoobot.foundations.tasking import enqueue_on_commit, send_task_later

D = DepositStatus


REFUND_TASK = "payments.refund_deposit"


REFUND_SWEEP_AFTER = timedelta(minutes=5)  # a task that long overdue was lost
REFUND_MAX_AGE = timedelta(days=3)  # then the artist refunds by hand


def deposit_refund(*, deposit_id: int) -> str:
    """Ask Stripe to refund a paid deposit (the artist cancelled and chose to refund). Idempotent by
    the deposit (Stripe's idempotency key), and done once Stripe's refund id is recorded;
    ``charge.refunded`` then records the refund. A transient failure is retried by a countdown task
    and, if that is lost, by ``refunds_sweep``."""
    deposit = Deposit.objects.get(pk=deposit_id)
    if deposit.refund_id or deposit.refund_failed_at is not None:
        return "already_done"
    if deposit.status != D.PAID or deposit.amount_refunded >= deposit.amount:
        return "nothing_to_refund"
    if not deposit.stripe_payment_intent:
        _refund_problem(deposit, "the deposit has no Stripe payment to refund")
        return "no_payment"
    try:
        refund_id = stripe_client().create_refund(
            payment_intent=deposit.stripe_payment_intent, idempotency_key=f"deposit-{deposit.pk}-refund"
        )
    except PaymentsNotConfigured:
        _refund_problem(deposit, "Stripe is not configured")
        return "not_configured"
    except StripeFailure as exc:
        if exc.transient:
            Deposit.objects.filter(pk=deposit.pk).update(refund_attempts=F("refund_attempts") + 1)
            send_task_later(REFUND_TASK, deposit.pk, countdown=RETRY_SECONDS[1])
            return "retry"
        _refund_problem(deposit, f"Stripe refused the refund: {exc}")
        return "failed"
    Deposit.objects.filter(pk=deposit.pk).update(
        refund_id=refund_id[:200], last_error=f"refund requested: {refund_id}"[:300]
    )
    return "requested"


def refunds_sweep(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Refunds requested but not accepted by Stripe: asked again (idempotently) once their task is
    overdue; after ``REFUND_MAX_AGE`` given up (failed, the artist told)."""
    now = now or timezone.now()
    counts = {"refunds_retried": 0, "refunds_given_up": 0}
    waiting = Deposit.objects.filter(
        refund_requested_at__lte=now - REFUND_SWEEP_AFTER, refund_id="", refund_failed_at__isnull=True
    ).order_by("refund_requested_at")
    for deposit in waiting[:limit]:
        if deposit.refund_requested_at is not None and deposit.refund_requested_at <= now - REFUND_MAX_AGE:
            _refund_problem(deposit, "Stripe did not accept the refund for three days")
            counts["refunds_given_up"] += 1
            continue
        deposit_refund(deposit_id=deposit.pk)
        counts["refunds_retried"] += 1
    return counts


def _refund_problem(deposit: Deposit, problem: str) -> None:
    with transaction.atomic():
        Deposit.objects.filter(pk=deposit.pk).update(refund_failed_at=timezone.now(), last_error=problem[:300])
        lead = Lead.objects.select_related("customer").get(pk=deposit.lead_id)
        system_event_record(type="stripe_refund_failed", level="error", message=problem, lead=lead)
        artist_notify(
            lead=lead,
            key=f"refund-problem:{deposit.pk}",
            template="artist_payment_problem",
            problem=f"the refund did not go through ({problem}); refund it in Stripe's dashboard.",
        )


def deposit_settle(*, lead: Lead, outcome: str, reason: str, now: datetime) -> Deposit | None:
    """What a booking's end does to the lead's paid deposit (docs/payments.md "The deposit ledger"):
    ``refund`` (a row first: ``refund_requested_at`` here, the task after commit, the reconciler
    sweeps a lost one), ``forfeit`` (kept by the studio; it no longer comes off the price), or
    ``keep`` (still credit for the piece). The caller holds the lead's lock; the deposit is locked
    here. None when the lead has no paid deposit. The caller tells what happened from the deposit's
    ``refund_requested_at`` and ``forfeited_at``, not from what it asked for."""
    paid = Deposit.objects.select_for_update().filter(lead=lead, status=D.PAID).order_by("-paid_at", "-id")
    deposit = paid.first()
    if deposit is None:
        return None
    # A deposit is refunded or forfeited, never both: a forfeited one (a late move the customer
    # accepted) stays the studio's whatever happens to the booking later, and a refunded one is gone.
    if outcome == "refund" and deposit.refund_requested_at is None and deposit.forfeited_at is None:
        deposit.refund_requested_at = now
        deposit.save(update_fields=["refund_requested_at", "updated_at"])
        enqueue_on_commit(REFUND_TASK, deposit.pk)
    elif outcome == "forfeit" and deposit.forfeited_at is None and deposit.refund_requested_at is None:
        deposit.forfeited_at, deposit.forfeit_reason = now, reason[:50]
        deposit.save(update_fields=["forfeited_at", "forfeit_reason", "updated_at"])
    return deposit

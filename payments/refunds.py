"""Refunds through Stripe (the artist cancelled a booking and chose to refund the deposit)."""

from __future__ import annotations

from django.db import transaction

from conversations.messaging.notify import artist_notify
from integrations.stripe.client import StripeFailure
from leads.events import system_event_record
from leads.models import Lead
from payments.checkout import RETRY_SECONDS
from payments.models import Deposit, DepositStatus
from payments.stripe_api import PaymentsNotConfigured, stripe_client
from tattoobot.foundations.tasking import send_task_later

D = DepositStatus


REFUND_TASK = "payments.refund_deposit"


def deposit_refund(*, deposit_id: int) -> str:
    """Ask Stripe to refund a paid deposit (the artist cancelled and chose to refund). Idempotent by
    the deposit; ``charge.refunded`` then records the refund. A transient failure is retried."""
    deposit = Deposit.objects.get(pk=deposit_id)
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
            send_task_later(REFUND_TASK, deposit.pk, countdown=RETRY_SECONDS[1])
            return "retry"
        _refund_problem(deposit, f"Stripe refused the refund: {exc}")
        return "failed"
    Deposit.objects.filter(pk=deposit.pk).update(last_error=f"refund requested: {refund_id}"[:300])
    return "requested"


def _refund_problem(deposit: Deposit, problem: str) -> None:
    with transaction.atomic():
        lead = Lead.objects.select_related("customer").get(pk=deposit.lead_id)
        system_event_record(type="stripe_refund_failed", level="error", message=problem, lead=lead)
        artist_notify(
            lead=lead,
            key=f"refund-problem:{deposit.pk}",
            template="artist_payment_problem",
            problem=f"the refund did not go through ({problem}); refund it in Stripe's dashboard.",
        )

"""The reconciler (docs/payments.md): what lost webhooks and lost tasks leave behind, asked of Stripe."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.stripe.client import StripeFailure
from leads.events import system_event_record
from leads.models.lead import LeadStatus
from payments.checkout import CHECKOUT_TASK
from payments.models import Deposit, DepositStatus
from payments.refunds import refunds_sweep
from payments.stripe_api import stripe_client
from payments.stripe_events import checkout_session_expired, checkout_session_paid
from tattoobot.foundations.tasking import enqueue_on_commit

logger = logging.getLogger(__name__)
S = LeadStatus
D = DepositStatus


def deposits_reconcile(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Close the gaps lost webhooks and lost tasks leave (docs/payments.md; beat and ``reconcile_payments``).

    - a pending deposit of a lead awaiting it, older than two minutes: its
      checkout task is enqueued again;
    - a refund requested but not accepted by Stripe, its task overdue: asked
      again, idempotently (``payments.refunds.refunds_sweep``);
    - an open session: asked of Stripe; paid → the same service as the
      webhook; expired → likewise.
    Checked oldest-first by ``updated_at`` and touched, so a run of ``limit``
    works through any backlog over successive runs.
    """
    now = now or timezone.now()
    counts = {"requeued": 0, "checked": 0, "paid": 0, "expired": 0, "errors": 0}
    stuck = Deposit.objects.filter(
        status=D.PENDING, created_at__lte=now - timedelta(minutes=2), lead__status=S.AWAITING_DEPOSIT
    ).values_list("pk", flat=True)[:limit]
    for deposit_id in stuck:
        enqueue_on_commit(CHECKOUT_TASK, deposit_id)
        counts["requeued"] += 1
    if not settings.STRIPE_SECRET_KEY:
        return counts
    counts.update(refunds_sweep(now=now))
    client = stripe_client()
    open_ids = list(
        Deposit.objects.filter(status=D.OPEN, stripe_session_id__isnull=False)
        .filter(Q(created_at__gte=now - timedelta(days=30)))
        .order_by("updated_at")
        .values_list("pk", "stripe_session_id")[:limit]
    )
    for deposit_id, session_id in open_ids:
        counts["checked"] += 1
        try:
            session = client.retrieve_checkout_session(str(session_id))
        except StripeFailure as exc:
            counts["errors"] += 1
            logger.warning("reconcile: session %s of deposit %s: %s", session_id, deposit_id, exc)
            continue
        Deposit.objects.filter(pk=deposit_id).update(updated_at=now)
        outcome = ""
        with transaction.atomic():
            if session.payment_status in ("paid", "no_payment_required"):
                outcome, _ = checkout_session_paid(session.raw, source="reconciler")
                counts["paid"] += outcome in ("paid", "superseded_paid", "paid_status_mismatch")
            elif session.status == "expired":
                outcome, _ = checkout_session_expired(session.raw)
                counts["expired"] += outcome in ("expired", "expired_no_change")
        if outcome and not outcome.startswith("already"):
            system_event_record(
                type="stripe_reconciled",
                level="info",
                message=f"deposit {deposit_id}: {outcome} (no webhook had done it)",
                payload={"deposit_id": deposit_id, "session": session_id, "outcome": outcome},
            )
    return counts

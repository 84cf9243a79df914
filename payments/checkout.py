"""Deposits and their Stripe Checkout sessions (docs/payments.md): created after approval, opened by a task
after commit, the link sent to the customer, renewed after an expiry or a failed payment.

Every path that changes money state locks the lead row, then the deposit row
(``payments.deposits.deposit_locked``), and is idempotent: a task run twice
gets Stripe's same session back and the link is written once. Stripe is
called outside any transaction; the session it returns is saved by a second,
short transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from conversations.messaging.formatting import format_local_time, format_money
from conversations.messaging.notify import artist_notify, customer_notify
from conversations.messaging.policy_text import booking_policy_text
from conversations.models import OutboundPurpose
from integrations.stripe.client import CheckoutRequest, CheckoutSession, StripeFailure
from leads.events import system_event_record
from leads.models import Lead, StudioSettings
from leads.models.lead import LeadStatus
from leads.services import lead_transition
from payments.deposits import UNSETTLED, deposit_current, deposit_is_current, deposit_locked
from payments.models import Deposit, DepositStatus
from payments.stripe_api import PaymentsNotConfigured, stripe_client
from tattoobot.foundations.tasking import enqueue_on_commit, send_task_later

logger = logging.getLogger(__name__)
S = LeadStatus
D = DepositStatus


CHECKOUT_TASK = "payments.open_checkout"


# Stripe accepts a Checkout Session expiry between 30 minutes and 24 hours from creation.
STRIPE_MIN_EXPIRY = timedelta(minutes=30)


STRIPE_MAX_EXPIRY = timedelta(hours=24)


EXPIRY_MARGIN = timedelta(minutes=5)


RETRY_SECONDS = (30, 120, 600, 1800, 3600)


def deposit_create(*, lead: Lead, amount: int, currency: str, rule: str) -> Deposit:
    """A new deposit for ``lead`` (the caller holds its lock); its checkout session follows from a
    task after commit. Older unsettled deposits of the lead are superseded."""
    Deposit.objects.filter(lead=lead, status__in=UNSETTLED).update(status=D.SUPERSEDED, updated_at=timezone.now())
    deposit = Deposit.objects.create(lead=lead, amount=amount, currency=currency, rule=rule)
    enqueue_on_commit(CHECKOUT_TASK, deposit.pk)
    return deposit


def deposit_renew(*, lead: Lead, previous: Deposit) -> Deposit:
    """Another deposit of the same frozen amount (after an expiry or a failed payment)."""
    return deposit_create(lead=lead, amount=previous.amount, currency=previous.currency, rule=previous.rule)


def deposit_reissue(*, lead: Lead, actor: str, reason: str = "new_link") -> Deposit:
    """``deposit_expired`` → ``awaiting_deposit`` with a new link (the caller holds the lead lock)."""
    previous = deposit_current(lead) or lead.deposits.order_by("-created_at", "-id").first()
    if previous is None:
        raise ValueError(f"lead {lead.pk} has no deposit to renew")
    lead_transition(lead=lead, name="reissue_deposit", actor=actor, reason=reason)
    return deposit_renew(lead=lead, previous=previous)


def _checkout_request(lead: Lead, deposit: Deposit, studio: StudioSettings) -> CheckoutRequest:
    metadata = {"lead_id": str(lead.pk), "deposit_id": str(deposit.pk)}
    assert deposit.expires_at is not None
    return CheckoutRequest(
        amount=deposit.amount,
        currency=deposit.currency,
        product_name=f"Tattoo deposit — {lead.artist.name if lead.artist else studio.artist_name}"[:200],
        client_reference_id=str(lead.pk),
        metadata=metadata,
        expires_at=deposit.expires_at,
        success_url=f"{settings.PUBLIC_BASE_URL}/payments/thanks/?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{settings.PUBLIC_BASE_URL}/payments/cancelled/",
        idempotency_key=deposit.idempotency_key,
    )


def _prepare_checkout(deposit_id: int, now: datetime) -> tuple[Lead, Deposit, StudioSettings] | str:
    """Under the locks: whether a session is still wanted, and the expiry (frozen across retries,
    so a retried call repeats the first one exactly and Stripe's idempotency holds)."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead, deposit = deposit_locked(deposit_id)
        if deposit.stripe_session_id:
            return "already_open"
        if deposit.status != D.PENDING or lead.status != S.AWAITING_DEPOSIT or not deposit_is_current(lead, deposit):
            return "not_wanted"
        if deposit.expires_at is None or deposit.expires_at - now < STRIPE_MIN_EXPIRY + EXPIRY_MARGIN:
            if deposit.expires_at is not None:
                deposit.checkout_generation += 1  # the old expiry can no longer be asked for: a new key
            wanted = timedelta(hours=studio.checkout_expiry_hours)
            deposit.expires_at = now + min(max(wanted, STRIPE_MIN_EXPIRY + EXPIRY_MARGIN), STRIPE_MAX_EXPIRY)
            deposit.save(update_fields=["expires_at", "checkout_generation", "updated_at"])
        return lead, deposit, studio


def deposit_checkout_open(*, deposit_id: int) -> str:
    """Create the deposit's Checkout Session and send the link (the task ``payments.open_checkout``).

    Idempotent: the key is derived from the deposit, so a task run twice (or
    concurrently) gets Stripe's same session back, and the link is written once.
    A transient Stripe failure schedules another try; the reconciler re-enqueues
    what is still pending if that try is lost.
    """
    now = timezone.now()
    prepared = _prepare_checkout(deposit_id, now)
    if isinstance(prepared, str):
        return prepared
    lead, deposit, studio = prepared
    try:
        session = stripe_client().create_checkout_session(_checkout_request(lead, deposit, studio))
    except PaymentsNotConfigured:
        _checkout_problem(deposit, "Stripe is not configured (STRIPE_SECRET_KEY): no deposit link was sent.")
        return "not_configured"
    except StripeFailure as exc:
        return _checkout_failed(deposit, exc)
    return _checkout_opened(deposit_id, session, studio)


def _checkout_failed(deposit: Deposit, exc: StripeFailure) -> str:
    with transaction.atomic():
        _, locked = deposit_locked(deposit.pk)
        locked.checkout_attempts += 1
        locked.last_error = f"{exc.status or '-'} {exc.code} {exc}"[:300]
        if not exc.transient:
            locked.status = D.FAILED
        locked.save(update_fields=["checkout_attempts", "last_error", "status", "updated_at"])
    if exc.transient:
        delay = RETRY_SECONDS[min(locked.checkout_attempts, len(RETRY_SECONDS)) - 1]
        logger.warning("checkout for deposit %s failed (%s); retry in %ss", deposit.pk, exc, delay)
        send_task_later(CHECKOUT_TASK, deposit.pk, countdown=delay)
        return "retry"
    _checkout_problem(locked, f"Stripe refused the checkout session: {exc}")
    return "failed"


def _checkout_problem(deposit: Deposit, message: str) -> None:
    """Tell the artist once per deposit that no link could be made."""
    if not cache.add(f"checkout-problem:{deposit.pk}", 1, timeout=24 * 3600):
        return
    with transaction.atomic():
        lead = Lead.objects.select_related("customer").get(pk=deposit.lead_id)
        system_event_record(
            type="stripe_checkout_failed",
            level="error",
            message=message,
            lead=lead,
            payload={"deposit_id": deposit.pk},
        )
        artist_notify(
            lead=lead, key=f"checkout-problem:{deposit.pk}", template="artist_payment_problem", problem=message
        )


def _checkout_opened(deposit_id: int, session: CheckoutSession, studio: StudioSettings) -> str:
    with transaction.atomic():
        lead, deposit = deposit_locked(deposit_id)
        if deposit.stripe_session_id:
            return "already_open"  # a concurrent run saved the same session first
        deposit.stripe_session_id = session.id
        deposit.checkout_url = session.url[:1000]
        deposit.expires_at = session.expires_at or deposit.expires_at
        wanted = deposit.status == D.PENDING and lead.status == S.AWAITING_DEPOSIT and deposit_is_current(lead, deposit)
        if deposit.status == D.PENDING:
            deposit.status = D.OPEN
        deposit.save()
        if not wanted:
            return "opened_unwanted"  # superseded while Stripe answered: kept so a payment still matches
        deposit_link_send(lead=lead, deposit=deposit, studio=studio, key=f"deposit-link:{deposit.pk}")
    return "opened"


def deposit_link_send(*, lead: Lead, deposit: Deposit, studio: StudioSettings, key: str, again: bool = False) -> None:
    """The checkout link with the amount, the expiry in the studio's time zone and the policy text; the
    deposit keeps the policy as sent, and when (the caller holds the deposit's row)."""
    policy = booking_policy_text(lead=lead, studio=studio)
    deposit.policy_text, deposit.policy_sent_at = policy, timezone.now()
    deposit.save(update_fields=["policy_text", "policy_sent_at", "updated_at"])
    customer_notify(
        lead=lead,
        key=key,
        template="deposit_link",
        purpose=OutboundPurpose.DEPOSIT_LINK,
        studio=studio,
        amount=format_money(deposit.amount, deposit.currency),
        payload={"checkout_url": deposit.checkout_url},  # outside the window, the template's link
        url=deposit.checkout_url,
        expires=format_local_time(deposit.expires_at, studio.tzinfo),
        policy=policy,
        again=again,
    )


def deposit_link_again(*, lead: Lead, studio: StudioSettings, now: datetime, key: str) -> str:
    """A message in ``awaiting_deposit`` (the caller holds the lead lock and applies the cooldown):
    the open link again; a fresh deposit when the current one can no longer be paid."""
    deposit = deposit_current(lead)
    if deposit is None or deposit.status in (D.EXPIRED, D.FAILED):
        if deposit is not None:
            deposit_renew(lead=lead, previous=deposit)
        return "renewed"
    if deposit.status == D.OPEN and deposit.checkout_url and (deposit.expires_at is None or deposit.expires_at > now):
        deposit_link_send(lead=lead, deposit=deposit, studio=studio, key=key, again=True)
        return "resent"
    return "pending"

"""Deposits through Stripe Checkout (SPEC §8): sessions, webhook events, reminders, reconciliation.

Every path that changes money state locks the lead row, then the deposit row
(the same order everywhere), and is idempotent: a repeated webhook, a task run
twice or the reconciler finding what a webhook already did changes nothing.
Stripe is called outside any transaction; the session it returns is saved by a
second, short transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conversations.copy import render_copy
from conversations.models import OutboundPurpose
from conversations.money import format_money
from conversations.notify import artist_notify, customer_notify, first_name
from conversations.outbox import outbox_enqueue
from integrations.stripe.client import CheckoutRequest, CheckoutSession, StripeClient, StripeFailure
from leads.events import system_event_record
from leads.models import Lead, StudioSettings
from leads.models.lead import LeadStatus
from leads.services import lead_transition
from payments.models import Deposit, DepositStatus, StripeEvent
from tattoobot.tasking import enqueue_on_commit, send_task_later

logger = logging.getLogger(__name__)
S = LeadStatus
D = DepositStatus

CHECKOUT_TASK = "payments.open_checkout"
OFFER_SLOTS_TASK = "leads.offer_slots"
REFUND_TASK = "payments.refund_deposit"
# Stripe accepts a Checkout Session expiry between 30 minutes and 24 hours from creation.
STRIPE_MIN_EXPIRY = timedelta(minutes=30)
STRIPE_MAX_EXPIRY = timedelta(hours=24)
EXPIRY_MARGIN = timedelta(minutes=5)
RETRY_SECONDS = (30, 120, 600, 1800, 3600)
UNSETTLED = (D.PENDING, D.OPEN)


class PaymentsNotConfigured(Exception):
    pass


def stripe_client() -> StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured("STRIPE_SECRET_KEY is not set")
    return StripeClient(api_key=settings.STRIPE_SECRET_KEY, api_base=settings.STRIPE_API_BASE)


# --- reading -------------------------------------------------------------


def deposit_current(lead: Lead) -> Deposit | None:
    """The lead's newest deposit that was not replaced by a newer one."""
    return lead.deposits.exclude(status=D.SUPERSEDED).order_by("-created_at", "-id").first()


def _locked(deposit_id: int) -> tuple[Lead, Deposit]:
    """Lock the lead, then the deposit: the one order every money path uses."""
    lead_id = Deposit.objects.values_list("lead_id", flat=True).get(pk=deposit_id)
    lead = Lead.objects.select_for_update(of=("self",)).select_related("customer").get(pk=lead_id)
    return lead, Deposit.objects.select_for_update().get(pk=deposit_id)


def _is_current(lead: Lead, deposit: Deposit) -> bool:
    current = deposit_current(lead)
    return current is not None and current.pk == deposit.pk


def _local_time(at: datetime | None, studio: StudioSettings) -> str:
    """``Thu 26 Nov at 10:00`` in the studio's time zone."""
    return at.astimezone(studio.tzinfo).strftime("%a %-d %b at %H:%M") if at else ""


# --- creating deposits and sessions -------------------------------------


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
        product_name=f"Tattoo deposit — {studio.artist_name}"[:200],
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
        lead, deposit = _locked(deposit_id)
        if deposit.stripe_session_id:
            return "already_open"
        if deposit.status != D.PENDING or lead.status != S.AWAITING_DEPOSIT or not _is_current(lead, deposit):
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
        _, locked = _locked(deposit.pk)
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
        lead, deposit = _locked(deposit_id)
        if deposit.stripe_session_id:
            return "already_open"  # a concurrent run saved the same session first
        deposit.stripe_session_id = session.id
        deposit.checkout_url = session.url[:1000]
        deposit.expires_at = session.expires_at or deposit.expires_at
        wanted = deposit.status == D.PENDING and lead.status == S.AWAITING_DEPOSIT and _is_current(lead, deposit)
        if deposit.status == D.PENDING:
            deposit.status = D.OPEN
        deposit.save()
        if not wanted:
            return "opened_unwanted"  # superseded while Stripe answered: kept so a payment still matches
        deposit_link_send(lead=lead, deposit=deposit, studio=studio, key=f"deposit-link:{deposit.pk}")
    return "opened"


def deposit_link_send(*, lead: Lead, deposit: Deposit, studio: StudioSettings, key: str, again: bool = False) -> None:
    """The checkout link with the amount, the expiry in the studio's time zone and the policy text."""
    text = render_copy(
        "deposit_link",
        lead=lead,
        studio=studio,
        name=first_name(lead),
        amount=format_money(deposit.amount, deposit.currency),
        url=deposit.checkout_url,
        expires=_local_time(deposit.expires_at, studio),
        policy=studio.deposit_policy_text,
        again=again,
    )
    outbox_enqueue(
        key=key,
        to=str(lead.customer.wa_id or ""),
        text=text,
        purpose=OutboundPurpose.DEPOSIT_LINK,
        customer=lead.customer,
        lead=lead,
        studio=studio,
    )


# --- Stripe events -------------------------------------------------------


def stripe_event_process(event: dict[str, Any]) -> tuple[str, bool]:
    """Store the event once by id and apply it; ``(outcome, first_time)``.

    One transaction: if applying fails, the event row goes too and Stripe's
    redelivery finds nothing stored.
    """
    event_id, event_type = str(event["id"]), str(event["type"])
    obj = event["data"]["object"]
    with transaction.atomic():
        row, created = StripeEvent.objects.get_or_create(
            event_id=event_id,
            defaults={"type": event_type, "livemode": bool(event.get("livemode")), "payload": event},
        )
        if not created:
            return row.outcome or "duplicate", False
        handler = EVENT_HANDLERS.get(event_type)
        outcome, deposit = handler(obj) if handler else ("ignored", None)
        row.outcome, row.deposit, row.processed_at = outcome, deposit, timezone.now()
        row.save(update_fields=["outcome", "deposit", "processed_at"])
    logger.info("stripe event %s %s: %s", event_type, event_id, outcome)
    return outcome, True


Applied = tuple[str, Deposit | None]


def _deposit_for_session(session: dict[str, Any]) -> Deposit | None:
    """By session id; else by ``metadata.deposit_id`` when our side never saved the session id
    (Stripe created it, the answer was lost) and the metadata agrees on the lead."""
    session_id = str(session.get("id") or "")
    deposit = Deposit.objects.filter(stripe_session_id=session_id).first() if session_id else None
    if deposit is not None:
        return deposit
    metadata = session.get("metadata") or {}
    deposit_id, lead_id = str(metadata.get("deposit_id", "")), str(metadata.get("lead_id", ""))
    if not (deposit_id.isdigit() and lead_id.isdigit()):
        return None
    deposit = Deposit.objects.filter(pk=int(deposit_id), lead_id=int(lead_id), stripe_session_id=None).first()
    if deposit is not None and session_id:
        Deposit.objects.filter(pk=deposit.pk, stripe_session_id=None).update(stripe_session_id=session_id)
        deposit.refresh_from_db()
    return deposit


def _unknown(kind: str, obj: dict[str, Any]) -> Applied:
    system_event_record(
        type="stripe_mismatch",
        message=f"Stripe {kind} {obj.get('id', '?')} matches no deposit",
        payload={"object": str(obj.get("id", "")), "metadata": obj.get("metadata") or {}},
    )
    return f"unknown_{kind}", None


def checkout_session_completed(session: dict[str, Any]) -> Applied:
    if session.get("payment_status") in ("paid", "no_payment_required"):
        return checkout_session_paid(session)
    deposit = _deposit_for_session(session)
    if deposit is None:
        return _unknown("session", session)
    return "awaiting_async_payment", deposit


def checkout_session_paid(session: dict[str, Any], *, source: str = "stripe") -> Applied:
    """The money is in: the deposit is paid whatever else holds; the lead moves on when it can."""
    found = _deposit_for_session(session)
    if found is None:
        return _unknown("session", session)
    lead, deposit = _locked(found.pk)
    if deposit.status in (D.PAID, D.REFUNDED):
        return "already_paid", deposit
    superseded = not _is_current(lead, deposit)
    amount = session.get("amount_total")
    deposit.status, deposit.paid_at = D.PAID, timezone.now()
    deposit.stripe_payment_intent = str(session.get("payment_intent") or deposit.stripe_payment_intent)[:200]
    deposit.save()
    paid = format_money(int(amount) if isinstance(amount, int) else deposit.amount, deposit.currency)
    if isinstance(amount, int) and amount != deposit.amount:
        system_event_record(
            type="stripe_mismatch",
            message=f"deposit {deposit.pk}: Stripe charged {amount}, the deposit is {deposit.amount}",
            lead=lead,
            payload={"deposit_id": deposit.pk, "amount_total": amount},
        )
    note = ""
    if superseded:
        system_event_record(
            type="stripe_superseded_paid",
            message=f"an older link (deposit {deposit.pk}) of lead {lead.pk} was paid",
            lead=lead,
            payload={"deposit_id": deposit.pk, "session": deposit.stripe_session_id, "status": lead.status},
        )
        if lead.status not in (S.AWAITING_DEPOSIT, S.DEPOSIT_EXPIRED):
            note = "An older, replaced link was paid: check the lead for a second payment and refund one if needed."
            artist_notify(
                lead=lead, key=f"deposit-paid:{deposit.pk}", template="artist_payment", amount=paid, note=note
            )
            return "superseded_paid", deposit
        # The customer paid an older link while a newer one was out: that payment counts, the newer link goes.
        Deposit.objects.filter(lead=lead, status__in=UNSETTLED).exclude(pk=deposit.pk).update(
            status=D.SUPERSEDED, updated_at=timezone.now()
        )
        note = "An older link was paid; the newer link is withdrawn (check it was not paid too)."
    if lead.status == S.DEPOSIT_EXPIRED:
        lead = lead_transition(lead=lead, name="reissue_deposit", actor=source, reason="paid_after_expiry")
    if lead.status != S.AWAITING_DEPOSIT:
        system_event_record(
            type="stripe_mismatch",
            message=f"deposit {deposit.pk} paid while lead {lead.pk} is {lead.status}",
            lead=lead,
            payload={"deposit_id": deposit.pk, "status": lead.status},
        )
        note = f"The lead is {lead.status}, so nothing else happened: decide what to do with the payment."
        artist_notify(lead=lead, key=f"deposit-paid:{deposit.pk}", template="artist_payment", amount=paid, note=note)
        return "paid_status_mismatch", deposit
    lead = lead_transition(lead=lead, name="mark_deposit_paid", actor=source, reason="deposit_paid")
    customer_notify(lead=lead, key=f"deposit-paid:{deposit.pk}", template="deposit_paid", amount=paid)
    artist_notify(lead=lead, key=f"artist-deposit-paid:{deposit.pk}", template="artist_payment", amount=paid, note=note)
    enqueue_on_commit(OFFER_SLOTS_TASK, lead.pk)
    return ("superseded_paid" if superseded else "paid"), deposit


def _unpaid_end(session: dict[str, Any], status: str, *, error: str = "") -> Applied | tuple[Lead, Deposit]:
    """Shared by expiry and failure: the deposit ends unpaid (a paid one stays paid, a superseded one
    superseded). An outcome when nothing more follows; the locked pair while the lead awaits it."""
    found = _deposit_for_session(session)
    if found is None:
        return _unknown("session", session)
    lead, deposit = _locked(found.pk)
    if deposit.status in (D.PAID, D.REFUNDED):
        return "ignored_already_paid", deposit
    if deposit.status == status:
        return f"already_{status}", deposit
    current = _is_current(lead, deposit)
    if deposit.status != D.SUPERSEDED:
        deposit.status = status
        deposit.last_error = error or deposit.last_error
        deposit.save(update_fields=["status", "last_error", "updated_at"])
    if not current or lead.status != S.AWAITING_DEPOSIT:
        return f"{status}_no_change", deposit
    return lead, deposit


def checkout_session_expired(session: dict[str, Any]) -> Applied:
    ended = _unpaid_end(session, D.EXPIRED)
    if not isinstance(ended[0], Lead):
        return ended
    lead, deposit = ended
    lead = lead_transition(lead=lead, name="expire_deposit", actor="stripe", reason="checkout_expired")
    # The notice below is the offer: the conversation's "reply YES" prompt waits a cooldown after it.
    lead.reply_cooldowns["expired_prompt"] = timezone.now().isoformat()
    lead.save(update_fields=["reply_cooldowns", "updated_at"])
    amount = format_money(deposit.amount, deposit.currency)
    customer_notify(lead=lead, key=f"deposit-expired:{deposit.pk}", template="deposit_expired", amount=amount)
    return "expired", deposit


def checkout_session_payment_failed(session: dict[str, Any]) -> Applied:
    ended = _unpaid_end(session, D.FAILED, error="async payment failed")
    if not isinstance(ended[0], Lead):
        return ended
    lead, deposit = ended
    customer_notify(lead=lead, key=f"deposit-failed:{deposit.pk}", template="deposit_failed")
    deposit_renew(lead=lead, previous=deposit)
    return "failed_new_link", deposit


def charge_refunded(charge: dict[str, Any]) -> Applied:
    intent = charge.get("payment_intent")
    intent_id = intent if isinstance(intent, str) else str((intent or {}).get("id", ""))
    found = Deposit.objects.filter(stripe_payment_intent=intent_id).first() if intent_id else None
    if found is None:
        return _unknown("charge", charge)
    lead, deposit = _locked(found.pk)
    refunded = charge.get("amount_refunded")
    refunded = int(refunded) if isinstance(refunded, int) else deposit.amount
    if refunded <= deposit.amount_refunded:
        return "already_refunded", deposit
    deposit.amount_refunded = refunded
    full = bool(charge.get("refunded")) or refunded >= deposit.amount
    if full:
        deposit.status, deposit.refunded_at = D.REFUNDED, timezone.now()
    deposit.save()
    artist_notify(
        lead=lead,
        key=f"refund:{deposit.pk}:{refunded}",
        template="artist_refund",
        amount=format_money(refunded, deposit.currency),
        full=full,
    )
    return ("refunded" if full else "partially_refunded"), deposit


EVENT_HANDLERS = {
    "checkout.session.completed": checkout_session_completed,
    "checkout.session.async_payment_succeeded": checkout_session_paid,
    "checkout.session.expired": checkout_session_expired,
    "checkout.session.async_payment_failed": checkout_session_payment_failed,
    "charge.refunded": charge_refunded,
}


# --- refunds -----------------------------------------------------------------------------------------


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


# --- the customer's side ---------------------------------------------------


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


# --- timers and the reconciler ----------------------------------------------


def deposit_reminders_due(*, now: datetime, within: timedelta = timedelta(hours=3), limit: int = 100) -> list[int]:
    """Open deposits of leads still awaiting them that expire within ``within`` and were not reminded."""
    return list(
        Deposit.objects.filter(
            status=D.OPEN,
            reminded_at__isnull=True,
            expires_at__gt=now + timedelta(minutes=10),
            expires_at__lte=now + within,
            lead__status=S.AWAITING_DEPOSIT,
        )
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )


def deposit_reminder_send(*, deposit_id: int, now: datetime) -> bool:
    """One reminder before the link expires (SPEC §10); at most once per deposit."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead, deposit = _locked(deposit_id)
        if (
            deposit.reminded_at is not None
            or deposit.status != D.OPEN
            or lead.status != S.AWAITING_DEPOSIT
            or deposit.expires_at is None
            or deposit.expires_at <= now
            or not _is_current(lead, deposit)
        ):
            return False
        deposit.reminded_at = now
        deposit.save(update_fields=["reminded_at", "updated_at"])
        customer_notify(
            lead=lead,
            key=f"deposit-reminder:{deposit.pk}",
            template="deposit_reminder",
            purpose=OutboundPurpose.DEPOSIT_REMINDER,
            studio=studio,
            amount=format_money(deposit.amount, deposit.currency),
            url=deposit.checkout_url,
            expires=_local_time(deposit.expires_at, studio),
        )
    return True


def deposits_reconcile(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Close the gaps lost webhooks and lost tasks leave (SPEC §8; beat and ``reconcile_payments``).

    - a pending deposit of a lead awaiting it, older than two minutes: its
      checkout task is enqueued again;
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

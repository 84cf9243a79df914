"""Stripe's webhook events (docs/payments.md), applied through a table of event type → handler.

Each event is stored once by id (``StripeEvent``) and applied in the same
transaction; every handler is idempotent, so a redelivery, the reconciler
finding what a webhook already did, or two events racing change nothing twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from conversations.messaging.formatting import format_local_time, format_money
from conversations.messaging.notify import artist_notify, customer_notify
from leads.booking.offers import OFFER_TASK
from leads.events import system_event_record
from leads.models import Lead, StudioSettings
from leads.models.lead import LeadStatus
from leads.services import lead_transition
from payments.checkout import deposit_renew
from payments.deposits import UNSETTLED, deposit_is_current, deposit_locked
from payments.models import Deposit, DepositStatus, StripeEvent
from tattoobot.foundations.tasking import enqueue_on_commit

logger = logging.getLogger(__name__)
S = LeadStatus
D = DepositStatus


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
    lead, deposit = deposit_locked(found.pk)
    if deposit.status in (D.PAID, D.REFUNDED):
        return "already_paid", deposit
    superseded = not deposit_is_current(lead, deposit)
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
    enqueue_on_commit(OFFER_TASK, lead.pk)
    return ("superseded_paid" if superseded else "paid"), deposit


def _unpaid_end(session: dict[str, Any], status: str, *, error: str = "") -> Applied | tuple[Lead, Deposit]:
    """Shared by expiry and failure: the deposit ends unpaid (a paid one stays paid, a superseded one
    superseded). An outcome when nothing more follows; the locked pair while the lead awaits it."""
    found = _deposit_for_session(session)
    if found is None:
        return _unknown("session", session)
    lead, deposit = deposit_locked(found.pk)
    if deposit.status in (D.PAID, D.REFUNDED):
        return "ignored_already_paid", deposit
    if deposit.status == status:
        return f"already_{status}", deposit
    current = deposit_is_current(lead, deposit)
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


def _deposit_for_payment(obj: dict[str, Any]) -> Deposit | None:
    """The deposit a charge or a dispute is about, by its PaymentIntent (an id, or the expanded object)."""
    intent = obj.get("payment_intent")
    intent_id = intent if isinstance(intent, str) else str((intent or {}).get("id", ""))
    return Deposit.objects.filter(stripe_payment_intent=intent_id).first() if intent_id else None


def charge_refunded(charge: dict[str, Any]) -> Applied:
    found = _deposit_for_payment(charge)
    if found is None:
        return _unknown("charge", charge)
    lead, deposit = deposit_locked(found.pk)
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


def charge_dispute_created(dispute: dict[str, Any]) -> Applied:
    """The customer's bank opened a dispute: the deposit is marked disputed and the artist told the
    deadline for evidence, with the policy the customer was sent with the link (and when)."""
    found = _deposit_for_payment(dispute)
    if found is None:
        return _unknown("dispute", dispute)
    lead, deposit = deposit_locked(found.pk)
    dispute_id = str(dispute.get("id", ""))[:200]
    if deposit.dispute_id == dispute_id and deposit.disputed_at is not None:
        return "already_disputed", deposit
    details = dispute.get("evidence_details")
    due = details.get("due_by") if isinstance(details, dict) else None
    deposit.disputed_at, deposit.dispute_id = timezone.now(), dispute_id
    deposit.dispute_reason = str(dispute.get("reason") or "")[:100]
    deposit.dispute_due_by = datetime.fromtimestamp(due, tz=UTC) if isinstance(due, int) else None
    deposit.save()
    studio = StudioSettings.load()
    amount = dispute.get("amount")
    artist_notify(
        lead=lead,
        key=f"dispute:{deposit.pk}:{dispute_id}",
        template="artist_dispute",
        studio=studio,
        amount=format_money(amount if isinstance(amount, int) else deposit.amount, deposit.currency),
        reason=deposit.dispute_reason.replace("_", " "),
        due=format_local_time(deposit.dispute_due_by, studio.tzinfo) if deposit.dispute_due_by else "",
        policy=deposit.policy_text,
        policy_sent=format_local_time(deposit.policy_sent_at, studio.tzinfo) if deposit.policy_sent_at else "",
    )
    return "disputed", deposit


EVENT_HANDLERS = {
    "checkout.session.completed": checkout_session_completed,
    "checkout.session.async_payment_succeeded": checkout_session_paid,
    "checkout.session.expired": checkout_session_expired,
    "checkout.session.async_payment_failed": checkout_session_payment_failed,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": charge_dispute_created,
}

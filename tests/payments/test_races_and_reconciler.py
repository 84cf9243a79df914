"""Concurrent deliveries, the customer's side of the deposit, reminders and the reconciler."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conversations.models import OutboundMessage, OutboundPurpose
from leads.models import Lead, StatusChange, SystemEvent
from payments.models import Deposit, DepositStatus, StripeEvent
from payments.reconciliation import deposits_reconcile
from payments.reminders import deposit_reminder_send, deposit_reminders_due
from payments.tasks import send_deposit_reminders
from tests.conversations.chat import Customer
from tests.fakes.stripe import FakeStripe
from tests.parallel import run_parallel
from tests.payments.conftest import customer_texts, event_for, post_event, session_of


def paid_transitions(lead: Lead) -> int:
    return StatusChange.objects.filter(lead=lead, to_status="deposit_paid").count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("same_event", [False, True], ids=["completed+async_succeeded", "one-event-twice"])
def test_concurrent_paid_events_act_once(approved: Any, same_event: bool) -> None:
    lead, deposit = approved()
    bodies = [
        event_for("checkout.session.completed", session_of(deposit), "evt_race_a"),
        event_for(
            "checkout.session.async_payment_succeeded",
            session_of(deposit),
            "evt_race_a" if same_event else "evt_race_b",
        ),
    ]

    def deliver(body: bytes) -> int:
        return int(post_event(Client(), body).status_code)

    codes = run_parallel([partial(deliver, body) for body in bodies])
    assert codes == [200, 200]
    assert StripeEvent.objects.count() == (1 if same_event else 2)
    assert paid_transitions(lead) == 1
    assert OutboundMessage.objects.filter(lead=lead, idempotency_key=f"deposit-paid:{deposit.pk}").count() == 1
    assert Deposit.objects.get(pk=deposit.pk).status == DepositStatus.PAID


# --- the customer's side ------------------------------------------------------------------


@pytest.fixture
def ana_awaiting(approved: Any, client: Client, settings: Any) -> tuple[Customer, Lead, Deposit]:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    lead, deposit = approved()
    return Customer(client, phone=lead.customer.wa_id, name="Ana Test"), lead, deposit


pytestmark = pytest.mark.django_db


def test_a_message_while_awaiting_the_deposit_resends_the_link_once_per_cooldown(ana_awaiting: Any) -> None:
    ana, lead, deposit = ana_awaiting
    ana.says("hi, where do I pay?")
    ana.says("hello??")
    links = OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_LINK).order_by("id")
    assert links.count() == 2  # the first link, and one resend
    resent = links.last()
    assert resent is not None
    assert deposit.checkout_url in resent.text
    assert "again" in resent.text or "Here you go" in resent.text
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        ana.says("still there?")
    assert links.count() == 3


def test_an_expired_link_is_renewed_when_the_customer_says_yes(
    ana_awaiting: Any, client: Client, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    ana, lead, deposit = ana_awaiting
    expired = session_of(deposit, status="expired", payment_status="unpaid")
    post_event(client, event_for("checkout.session.expired", expired))
    assert Lead.objects.get(pk=lead.pk).status == "deposit_expired"
    ana.says("what now")
    ana.says("hmm")
    assert sum("Reply YES" in t for t in customer_texts(lead)) == 1  # the expiry notice; the prompt waits
    fake_stripe.reset()
    with django_capture_on_commit_callbacks(execute=True):
        ana.says("yes please")
    lead.refresh_from_db()
    assert lead.status == "awaiting_deposit"
    renewed = Deposit.objects.filter(lead=lead).exclude(pk=deposit.pk).get()
    assert renewed.status == DepositStatus.OPEN
    assert renewed.amount == deposit.amount
    assert len(fake_stripe.created_sessions()) == 1
    assert renewed.checkout_url in customer_texts(lead)[-1]


def test_the_artist_can_resend_an_expired_link(
    approved: Any, client: Client, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    from leads.artist.decisions import lead_deposit_reissue

    lead, deposit = approved()
    post_event(client, event_for("checkout.session.expired", session_of(deposit, status="expired")))
    with django_capture_on_commit_callbacks(execute=True):
        lead_deposit_reissue(lead_id=lead.pk, actor="artist:test")
    lead.refresh_from_db()
    assert lead.status == "awaiting_deposit"
    assert StatusChange.objects.filter(lead=lead, reason="artist_resent").exists()
    assert Deposit.objects.filter(lead=lead, status=DepositStatus.OPEN).count() == 1


def test_one_reminder_before_the_link_expires(approved: Any) -> None:
    lead, deposit = approved()
    assert deposit.expires_at is not None
    assert deposit_reminders_due(now=timezone.now()) == []
    with time_machine.travel(deposit.expires_at - timedelta(hours=2)):
        assert deposit_reminders_due(now=timezone.now()) == [deposit.pk]
        assert send_deposit_reminders() == 1
        assert send_deposit_reminders() == 0
        assert deposit_reminder_send(deposit_id=deposit.pk, now=timezone.now()) is False
    reminders = OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_REMINDER)
    assert reminders.count() == 1
    assert deposit.checkout_url in reminders.get().text


def test_no_reminder_for_an_opted_out_customer(approved: Any) -> None:
    lead, deposit = approved()
    lead.customer.opted_out = True
    lead.customer.save()
    assert deposit.expires_at is not None
    with time_machine.travel(deposit.expires_at - timedelta(hours=2)):
        send_deposit_reminders()
    assert not OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_REMINDER).exists()


# --- the reconciler ------------------------------------------------------------------------


def test_the_reconciler_fulfils_a_payment_whose_webhook_was_lost(
    approved: Any, client: Client, fake_stripe: FakeStripe
) -> None:
    lead, deposit = approved()
    fake_stripe.pay(str(deposit.stripe_session_id))  # paid at Stripe; the webhook never arrives
    counts = deposits_reconcile()
    assert (counts["checked"], counts["paid"]) == (1, 1)
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.PAID
    assert paid_transitions(lead) == 1
    assert SystemEvent.objects.filter(type="stripe_reconciled", payload__deposit_id=deposit.pk).count() == 1
    # A second run finds nothing open; the late webhook finds it done.
    assert deposits_reconcile()["checked"] == 0
    late = post_event(client, event_for("checkout.session.completed", session_of(deposit)))
    assert late.json()["outcome"] == "already_paid"
    assert paid_transitions(lead) == 1
    assert OutboundMessage.objects.filter(lead=lead, idempotency_key=f"deposit-paid:{deposit.pk}").count() == 1


def test_the_reconciler_expires_a_session_whose_webhook_was_lost(approved: Any, fake_stripe: FakeStripe) -> None:
    lead, deposit = approved()
    fake_stripe.expire(str(deposit.stripe_session_id))
    assert deposits_reconcile()["expired"] == 1
    assert Lead.objects.get(pk=lead.pk).status == "deposit_expired"


def test_the_reconciler_leaves_open_sessions_alone_and_survives_stripe_errors(
    approved: Any, fake_stripe: FakeStripe
) -> None:
    lead, _deposit = approved()
    assert deposits_reconcile() == {
        "requeued": 0,
        "checked": 1,
        "paid": 0,
        "expired": 0,
        "errors": 0,
        "refunds_retried": 0,
        "refunds_given_up": 0,
    }
    fake_stripe.fail_next(500, times=3)
    assert deposits_reconcile()["errors"] == 1
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"


def test_the_reconcile_command_prints_its_counts(approved: Any, fake_stripe: FakeStripe) -> None:
    _, deposit = approved()
    fake_stripe.pay(str(deposit.stripe_session_id))
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    assert "paid: 1" in out.getvalue()

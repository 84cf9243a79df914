"""Approval → a Checkout Session at (fake) Stripe → the link to the customer, exactly once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from conversations.models import OutboundMessage, OutboundPurpose
from leads.models import Artist, Lead, StudioSettings, SystemEvent
from payments.checkout import deposit_checkout_open
from payments.models import Deposit, DepositStatus
from payments.reconciliation import deposits_reconcile
from tests.fakes.stripe import FakeStripe
from tests.parallel import run_parallel
from tests.payments.conftest import artist_texts, customer_texts

pytestmark = pytest.mark.django_db


def test_approval_creates_one_session_with_the_frozen_amount(approved: Any, fake_stripe: FakeStripe) -> None:
    before = timezone.now()
    lead, deposit = approved(amount=12345)
    [call] = fake_stripe.creations()
    form = call.form
    assert form["mode"] == "payment"
    assert form["line_items"]["0"]["quantity"] == "1"
    assert form["line_items"]["0"]["price_data"]["unit_amount"] == "12345"
    assert form["line_items"]["0"]["price_data"]["currency"] == "gbp"
    assert form["client_reference_id"] == str(lead.pk)
    assert form["metadata"] == {"lead_id": str(lead.pk), "deposit_id": str(deposit.pk)}
    expires = int(form["expires_at"])
    hours = StudioSettings.load().checkout_expiry_hours
    assert before.timestamp() + hours * 3600 - 5 <= expires <= timezone.now().timestamp() + hours * 3600
    assert form["success_url"].startswith("https://studio.test/payments/thanks/")
    assert form["cancel_url"] == "https://studio.test/payments/cancelled/"
    assert call.idempotency_key == f"deposit-{deposit.pk}-checkout-0"

    assert deposit.status == DepositStatus.OPEN
    assert (deposit.amount, deposit.rule) == (12345, "artist")
    assert deposit.stripe_session_id == fake_stripe.created_sessions()[0]["id"]
    [link] = OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_LINK)
    assert deposit.checkout_url in link.text
    assert "£123.45" in link.text
    # The policy is written from the studio's values, sent with the link, and kept with the deposit as sent.
    assert "once, with at least 3 days' notice" in link.text
    assert "Cancelling at least 7 days ahead gets your deposit back." in link.text
    assert "forfeit the deposit" in link.text
    assert deposit.policy_text
    assert deposit.policy_text in link.text
    assert deposit.policy_sent_at is not None
    assert deposit.policy_sent_at >= before


def test_the_policy_text_follows_the_artist_s_overrides_and_the_studio_s_addition(
    approved: Any, fake_stripe: FakeStripe
) -> None:
    studio = StudioSettings.load()
    studio.deposit_policy_text = "Deposits are paid by card only."
    studio.save()
    artist = Artist.objects.get()
    artist.policy_overrides = {"reschedule_notice_hours": 48, "free_reschedules": 2, "late_change_rule": "artist"}
    artist.save()
    _lead, deposit = approved()
    assert "2 times, with at least 2 days' notice" in deposit.policy_text
    assert f"{artist.name} decides what happens to the deposit" in deposit.policy_text
    assert deposit.policy_text.endswith("Deposits are paid by card only.")


def test_the_size_rule_amount_is_used_when_the_artist_gives_none(approved: Any, fake_stripe: FakeStripe) -> None:
    _, deposit = approved(size_category="large")
    assert (deposit.amount, deposit.rule) == (StudioSettings.load().deposit_for("large"), "size:large")
    assert fake_stripe.creations()[0].form["line_items"]["0"]["price_data"]["unit_amount"] == str(deposit.amount)


def test_the_task_run_twice_makes_one_session_and_one_link(approved: Any, fake_stripe: FakeStripe) -> None:
    lead, deposit = approved()
    assert deposit_checkout_open(deposit_id=deposit.pk) == "already_open"
    # Even if our side lost the session id, the same idempotency key gets Stripe's same session back.
    Deposit.objects.filter(pk=deposit.pk).update(stripe_session_id=None, status=DepositStatus.PENDING)
    assert deposit_checkout_open(deposit_id=deposit.pk) == "opened"
    assert len(fake_stripe.created_sessions()) == 1
    assert {c.idempotency_key for c in fake_stripe.creations()} == {f"deposit-{deposit.pk}-checkout-0"}
    deposit.refresh_from_db()
    assert deposit.stripe_session_id == fake_stripe.created_sessions()[0]["id"]
    assert OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_LINK).count() == 1


def test_a_stripe_outage_is_retried_and_the_customer_gets_one_link(
    approved: Any, fake_stripe: FakeStripe, make_lead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    fake_stripe.fail_next(500, times=6)  # the library tries 3 times per run: two runs fail
    lead, deposit = approved()
    assert deposit.status == DepositStatus.PENDING
    assert deposit.checkout_attempts == 1
    assert "500" in deposit.last_error
    assert deposit_checkout_open(deposit_id=deposit.pk) == "retry"
    assert customer_texts(lead) == []
    assert deposit_checkout_open(deposit_id=deposit.pk) == "opened"
    assert deposit_checkout_open(deposit_id=deposit.pk) == "already_open"
    assert len(fake_stripe.creations()) == 7
    assert {c.idempotency_key for c in fake_stripe.creations()} == {f"deposit-{deposit.pk}-checkout-0"}
    assert len(fake_stripe.created_sessions()) == 1
    assert OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_LINK).count() == 1


def test_a_lost_checkout_task_is_requeued_by_the_reconciler(
    approved: Any, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    fake_stripe.fail_next(503, times=3)
    lead, deposit = approved()
    assert deposit.status == DepositStatus.PENDING  # its retry was lost (tests run tasks inline)
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = deposits_reconcile()
    assert counts["requeued"] == 1
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.OPEN
    assert OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_LINK).count() == 1


def test_the_expiry_is_kept_across_retries_until_stripe_could_not_take_it(
    approved: Any, fake_stripe: FakeStripe
) -> None:
    fake_stripe.fail_next(500, times=3)
    _, deposit = approved()
    first_expiry = deposit.expires_at
    assert first_expiry is not None
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert deposit_checkout_open(deposit_id=deposit.pk) == "opened"
    calls = fake_stripe.creations()
    assert {c.form["expires_at"] for c in calls} == {str(int(first_expiry.timestamp()))}
    # A retry so late that the frozen expiry is under Stripe's 30 minutes asks again, under a new key.
    fake_stripe.reset()
    Deposit.objects.filter(pk=deposit.pk).update(stripe_session_id=None, status=DepositStatus.PENDING)
    with time_machine.travel(first_expiry - timedelta(minutes=20)):
        assert deposit_checkout_open(deposit_id=deposit.pk) == "opened"
    [call] = fake_stripe.creations()
    assert call.idempotency_key == f"deposit-{deposit.pk}-checkout-1"
    assert int(call.form["expires_at"]) > first_expiry.timestamp()


def test_stripe_refusing_the_session_tells_the_artist(approved: Any, fake_stripe: FakeStripe) -> None:
    fake_stripe.fail_next(400)
    lead, deposit = approved()
    assert deposit.status == DepositStatus.FAILED
    assert len(fake_stripe.creations()) == 1  # a 400 is not retried
    assert SystemEvent.objects.filter(type="stripe_checkout_failed", lead=lead).count() == 1
    [alert] = artist_texts(lead)
    assert "No deposit link could be made" in alert
    assert customer_texts(lead) == []


def test_without_stripe_keys_nothing_is_called_and_the_artist_is_told_once(
    approved: Any, fake_stripe: FakeStripe, settings: Any
) -> None:
    settings.STRIPE_SECRET_KEY = ""
    lead, deposit = approved()
    assert fake_stripe.calls == []
    assert deposit.status == DepositStatus.PENDING
    assert deposit_checkout_open(deposit_id=deposit.pk) == "not_configured"
    assert len(artist_texts(lead)) == 1
    assert "not configured" in artist_texts(lead)[0]


def test_no_session_for_a_lead_that_moved_on(approved: Any, fake_stripe: FakeStripe) -> None:
    fake_stripe.fail_next(500, times=3)
    lead, deposit = approved()
    Lead.objects.filter(pk=lead.pk).update(status="optout")
    assert deposit_checkout_open(deposit_id=deposit.pk) == "not_wanted"
    assert len(fake_stripe.creations()) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_runs_make_one_session_and_one_link(approved: Any, fake_stripe: FakeStripe) -> None:
    fake_stripe.fail_next(500, times=3)  # the approval's own run fails, leaving the deposit pending
    lead, deposit = approved()
    fake_stripe.reset()
    fake_stripe.delay = 0.3  # both runs are inside Stripe at once
    outcomes = run_parallel([lambda: deposit_checkout_open(deposit_id=deposit.pk) for _ in range(2)])
    assert sorted(outcomes) == ["already_open", "opened"]
    assert len(fake_stripe.creations()) == 2
    assert len(fake_stripe.created_sessions()) == 1
    assert OutboundMessage.objects.filter(lead=lead, purpose=OutboundPurpose.DEPOSIT_LINK).count() == 1
    assert not SystemEvent.objects.filter(type="stripe_checkout_failed").exists()

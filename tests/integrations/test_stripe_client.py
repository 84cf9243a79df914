"""The Stripe client against a fake Stripe on 127.0.0.1: the Checkout Session it asks for, the
idempotency key it sends, refunds, and Stripe's errors as typed, transient or permanent failures."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from integrations.stripe.client import CheckoutRequest, StripeClient, StripeFailure
from tests.fakes.stripe import FakeStripe

EXPIRES = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
# The fake keeps every idempotency key of the session: this run's own keys never meet another test's.
KEYS = uuid.uuid4().hex[:12]


def request(key: str) -> CheckoutRequest:
    return CheckoutRequest(
        amount=15000,
        currency="gbp",
        product_name="Tattoo deposit — The Artist",
        client_reference_id="41",
        metadata={"lead_id": "41", "deposit_id": "1"},
        expires_at=EXPIRES,
        success_url="https://studio.test/payments/thanks/?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://studio.test/payments/cancelled/",
        idempotency_key=key,
    )


def client(fake: FakeStripe) -> StripeClient:
    return StripeClient(api_key="sk_test_client", api_base=fake.url)


def test_a_checkout_session_is_created_with_the_amount_metadata_and_key(fake_stripe: FakeStripe) -> None:
    session = client(fake_stripe).create_checkout_session(request(f"client-test-{KEYS}-1"))

    [call] = fake_stripe.creations()
    assert call.idempotency_key == f"client-test-{KEYS}-1"
    assert call.form["line_items"]["0"]["price_data"]["unit_amount"] == "15000"
    assert call.form["metadata"] == {"lead_id": "41", "deposit_id": "1"}
    assert call.form["expires_at"] == str(int(EXPIRES.timestamp()))
    assert session.id.startswith("cs_test_")
    assert session.url.endswith(session.id)
    assert session.expires_at == EXPIRES
    assert session.metadata == {"lead_id": "41", "deposit_id": "1"}


def test_the_same_key_twice_is_the_same_session(fake_stripe: FakeStripe) -> None:
    first = client(fake_stripe).create_checkout_session(request(f"client-test-{KEYS}-2"))
    again = client(fake_stripe).create_checkout_session(request(f"client-test-{KEYS}-2"))

    assert again.id == first.id
    assert len(fake_stripe.created_sessions()) == 1


def test_a_session_is_read_back_with_its_payment_state(fake_stripe: FakeStripe) -> None:
    session = client(fake_stripe).create_checkout_session(request(f"client-test-{KEYS}-3"))
    fake_stripe.pay(session.id)

    read = client(fake_stripe).retrieve_checkout_session(session.id)
    assert (read.status, read.payment_status) == ("complete", "paid")
    assert read.payment_intent.startswith("pi_test_")


def test_a_refund_is_asked_for_by_payment_intent_with_its_own_key(fake_stripe: FakeStripe) -> None:
    refund_id = client(fake_stripe).create_refund(
        payment_intent="pi_test_1", idempotency_key=f"client-test-{KEYS}-refund"
    )

    assert refund_id
    [refund] = [c for c in fake_stripe.calls if c.path == "/v1/refunds"]
    assert (refund.idempotency_key, refund.form["payment_intent"]) == (f"client-test-{KEYS}-refund", "pi_test_1")


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (400, False), (401, False)])
def test_stripe_errors_are_typed_as_transient_or_permanent(
    fake_stripe: FakeStripe, status: int, transient: bool
) -> None:
    fake_stripe.fail_next(status, times=5)  # more than the client's own network retries
    with pytest.raises(StripeFailure) as raised:
        client(fake_stripe).create_checkout_session(request(f"client-test-{KEYS}-{status}"))

    assert raised.value.transient is transient
    assert raised.value.status == status


def test_an_unreachable_stripe_is_a_transient_failure() -> None:
    unreachable = StripeClient(api_key="sk_test_client", api_base="http://127.0.0.1:9")
    with pytest.raises(StripeFailure) as raised:
        unreachable.retrieve_checkout_session("cs_test_gone")

    assert raised.value.transient is True

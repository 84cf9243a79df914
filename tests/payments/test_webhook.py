"""POST /webhooks/stripe: signatures, the five event kinds (from the shared fixtures), repeats, odd cases."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from conversations.models import OutboundMessage
from leads.models import Lead, StatusChange, SystemEvent
from payments.models import Deposit, DepositStatus, StripeEvent
from tests.conftest import force_status
from tests.fakes.stripe import FakeStripe
from tests.payments.conftest import (
    artist_texts,
    customer_texts,
    event_for,
    fixture_bytes,
    post_event,
    session_of,
    sign,
)

pytestmark = pytest.mark.django_db

FIXTURE_SESSION = "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY"
FIXTURE_INTENT = "pi_1PgafyB7WZ01zgkWSjxsAJo3"


@pytest.fixture
def fixture_deposit(approved: Any) -> tuple[Lead, Deposit]:
    """A lead awaiting its deposit, whose checkout session is the one the shared fixtures name."""
    lead, deposit = approved()
    Deposit.objects.filter(pk=deposit.pk).update(
        stripe_session_id=FIXTURE_SESSION, amount=5000, currency="usd", stripe_payment_intent=""
    )
    deposit.refresh_from_db()
    return lead, deposit


def statuses(lead: Lead) -> list[str]:
    return list(StatusChange.objects.filter(lead=lead).order_by("id").values_list("to_status", flat=True))


# --- each fixture, signed now --------------------------------------------------------


def test_completed_paid_fixture_pays_the_deposit(client: Client, fixture_deposit: Any) -> None:
    lead, deposit = fixture_deposit
    response = post_event(client, fixture_bytes("checkout.session.completed.json"))
    assert response.status_code == 200
    assert response.json()["outcome"] == "paid"
    deposit.refresh_from_db()
    assert (deposit.status, deposit.stripe_payment_intent) == (DepositStatus.PAID, FIXTURE_INTENT)
    assert deposit.paid_at is not None
    lead.refresh_from_db()
    assert "deposit_paid" in statuses(lead)
    assert any("$50" in t and ("deposit" in t.lower() or "paid" in t.lower()) for t in customer_texts(lead))
    assert any(t.startswith("Deposit paid: $50") for t in artist_texts(lead))
    event = StripeEvent.objects.get(event_id="evt_1TestCompleted0001")
    assert (event.type, event.outcome, event.deposit_id) == ("checkout.session.completed", "paid", deposit.pk)


def test_expired_fixture_offers_a_new_link(client: Client, fixture_deposit: Any) -> None:
    lead, deposit = fixture_deposit
    response = post_event(client, fixture_bytes("checkout.session.expired.json"))
    assert response.json()["outcome"] == "expired"
    deposit.refresh_from_db()
    lead.refresh_from_db()
    assert (deposit.status, lead.status) == (DepositStatus.EXPIRED, "deposit_expired")
    assert "Reply YES" in customer_texts(lead)[-1]


def test_async_payment_failed_fixture_tells_the_customer_and_sends_a_new_link(
    client: Client, fixture_deposit: Any, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    lead, deposit = fixture_deposit
    fake_stripe.reset()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, fixture_bytes("checkout.session.async_payment_failed.json"))
    assert response.json()["outcome"] == "failed_new_link"
    deposit.refresh_from_db()
    lead.refresh_from_db()
    assert deposit.status == DepositStatus.FAILED
    assert lead.status == "awaiting_deposit"
    renewed = Deposit.objects.filter(lead=lead).exclude(pk=deposit.pk).get()
    assert (renewed.status, renewed.amount, renewed.currency) == (DepositStatus.OPEN, 5000, "usd")
    assert len(fake_stripe.created_sessions()) == 1
    texts = customer_texts(lead)
    assert "nothing was taken" in texts[-2] or "no money was taken" in texts[-2] or "nothing was charged" in texts[-2]
    assert renewed.checkout_url in texts[-1]


def test_charge_refunded_fixture_marks_the_refund_and_tells_the_artist(client: Client, fixture_deposit: Any) -> None:
    lead, deposit = fixture_deposit
    Deposit.objects.filter(pk=deposit.pk).update(status=DepositStatus.PAID, stripe_payment_intent=FIXTURE_INTENT)
    response = post_event(client, fixture_bytes("charge.refunded.json"))
    assert response.json()["outcome"] == "refunded"
    deposit.refresh_from_db()
    assert (deposit.status, deposit.amount_refunded) == (DepositStatus.REFUNDED, 5000)
    assert deposit.refunded_at is not None
    assert artist_texts(lead)[-1].startswith("Refunded: $50")


# --- signatures and bodies -------------------------------------------------------------


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "t=1,v1=00",
        "garbage",
        sign(b"another body"),
        sign(fixture_bytes("checkout.session.completed.json"), secret="whsec_wrong"),
        sign(fixture_bytes("checkout.session.completed.json"), timestamp=int(time.time()) - 301),
    ],
    ids=["missing", "empty", "wrong-digest", "garbage", "other-body", "wrong-secret", "stale-301s"],
)
def test_bad_signatures_are_400_and_change_nothing(client: Client, fixture_deposit: Any, signature: Any) -> None:
    lead, deposit = fixture_deposit
    response = post_event(client, fixture_bytes("checkout.session.completed.json"), signature=signature)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_signature"
    assert not StripeEvent.objects.exists()
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.OPEN
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"


def test_a_signature_inside_the_tolerance_is_accepted(client: Client, fixture_deposit: Any) -> None:
    body = fixture_bytes("checkout.session.completed.json")
    response = post_event(client, body, signature=sign(body, timestamp=int(time.time()) - 290))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b"42",
        b'{"id": "evt_1", "type": "x"}',
        b'{"id": 5, "type": "x", "data": {"object": {}}}',
        b'{"id": "evt_1", "type": "x", "data": {"object": []}}',
        b"\xff\xfe",
    ],
    ids=["text", "array", "number", "no-data", "id-not-string", "object-not-dict", "not-utf8"],
)
def test_signed_bodies_that_are_not_events_are_400(client: Client, body: bytes) -> None:
    response = post_event(client, body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_event"
    assert not StripeEvent.objects.exists()


def test_get_is_not_allowed(client: Client) -> None:
    response = client.get("/webhooks/stripe")
    assert response.status_code == 405
    assert response.json()["error"]


# --- repeats, unknowns and odd statuses ---------------------------------------------


def test_the_same_event_five_times_acts_once(client: Client, fixture_deposit: Any) -> None:
    lead, _ = fixture_deposit
    body = fixture_bytes("checkout.session.completed.json")
    answers = [post_event(client, body) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert [a.json()["duplicate"] for a in answers] == [False, True, True, True, True]
    assert StripeEvent.objects.count() == 1
    assert statuses(lead).count("deposit_paid") == 1
    assert OutboundMessage.objects.filter(lead=lead, idempotency_key__startswith="deposit-paid:").count() == 1


def test_an_unknown_session_is_stored_logged_and_answered_200(client: Client) -> None:
    response = post_event(client, fixture_bytes("checkout.session.completed.json"))
    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome == "unknown_session"
    assert SystemEvent.objects.filter(type="stripe_mismatch").count() == 1


def test_an_unknown_charge_is_stored_and_answered_200(client: Client) -> None:
    response = post_event(client, fixture_bytes("charge.refunded.json"))
    assert (response.status_code, response.json()["outcome"]) == (200, "unknown_charge")


def test_other_event_types_are_stored_and_ignored(client: Client) -> None:
    body = event_for("customer.created", {"id": "cus_1", "object": "customer"})
    response = post_event(client, body)
    assert (response.status_code, response.json()["outcome"]) == (200, "ignored")
    assert StripeEvent.objects.get().type == "customer.created"


def test_completed_unpaid_waits_for_the_async_payment(client: Client, approved: Any) -> None:
    lead, deposit = approved()
    waiting = post_event(client, event_for("checkout.session.completed", session_of(deposit, payment_status="unpaid")))
    assert waiting.json()["outcome"] == "awaiting_async_payment"
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"
    paid = post_event(client, event_for("checkout.session.async_payment_succeeded", session_of(deposit)))
    assert paid.json()["outcome"] == "paid"
    assert "deposit_paid" in statuses(lead)


def test_a_payment_for_a_lead_in_another_status_is_kept_and_reported(client: Client, approved: Any) -> None:
    lead, deposit = approved()
    force_status(lead, "optout")
    response = post_event(client, event_for("checkout.session.completed", session_of(deposit)))
    assert (response.status_code, response.json()["outcome"]) == (200, "paid_status_mismatch")
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.PAID
    assert Lead.objects.get(pk=lead.pk).status == "optout"
    assert SystemEvent.objects.filter(type="stripe_mismatch", lead=lead).exists()
    assert "nothing else happened" in artist_texts(lead)[-1]


def test_a_paid_older_link_counts_and_withdraws_the_newer_one(
    client: Client, approved: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, old = approved()
    # The customer's first payment failed; a new link replaced it...
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for("checkout.session.async_payment_failed", session_of(old, payment_status="unpaid")))
    new = Deposit.objects.filter(lead=lead).exclude(pk=old.pk).get()
    assert new.status == DepositStatus.OPEN
    # ...and then the old one is paid after all.
    response = post_event(client, event_for("checkout.session.async_payment_succeeded", session_of(old)))
    assert response.json()["outcome"] == "superseded_paid"
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (DepositStatus.PAID, DepositStatus.SUPERSEDED)
    assert "deposit_paid" in statuses(lead)
    assert SystemEvent.objects.filter(type="stripe_superseded_paid", lead=lead).count() == 1
    assert "newer link is withdrawn" in artist_texts(lead)[-1]
    # If the newer link is paid as well, that is a second payment: kept, and the artist alerted.
    again = post_event(client, event_for("checkout.session.completed", session_of(new)))
    assert again.json()["outcome"] == "superseded_paid"
    new.refresh_from_db()
    assert new.status == DepositStatus.PAID
    assert "check the lead for a second payment" in artist_texts(lead)[-1]
    assert statuses(lead).count("deposit_paid") == 1


def test_a_charged_amount_other_than_the_deposit_is_reported(client: Client, approved: Any) -> None:
    _, deposit = approved()
    post_event(client, event_for("checkout.session.completed", session_of(deposit, amount_total=1)))
    assert SystemEvent.objects.filter(type="stripe_mismatch", payload__amount_total=1).exists()


def test_partial_refunds_add_up(client: Client, approved: Any) -> None:
    lead, deposit = approved(amount=10000)
    post_event(client, event_for("checkout.session.completed", session_of(deposit)))
    charge = {"id": "ch_1", "object": "charge", "payment_intent": f"pi_for_{deposit.pk}", "amount": 10000}
    first = post_event(
        client, event_for("charge.refunded", {**charge, "amount_refunded": 4000, "refunded": False}, "e1")
    )
    assert first.json()["outcome"] == "partially_refunded"
    second = post_event(
        client, event_for("charge.refunded", {**charge, "amount_refunded": 10000, "refunded": True}, "e2")
    )
    assert second.json()["outcome"] == "refunded"
    deposit.refresh_from_db()
    assert (deposit.status, deposit.amount_refunded) == (DepositStatus.REFUNDED, 10000)
    assert [t.split(":")[0] for t in artist_texts(lead) if "efunded" in t] == ["Partly refunded", "Refunded"]


# --- every order ---------------------------------------------------------------------


ORDERS = [
    ["completed", "expired"],
    ["expired", "completed"],
    ["completed", "async_succeeded", "expired"],
    ["expired", "expired", "completed", "completed"],
    ["completed_unpaid", "async_failed", "async_succeeded"],
    ["async_succeeded", "completed"],
]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_events_in_any_order_end_consistent(
    client: Client, approved: Any, order: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    lead, deposit = approved()
    bodies = {
        "completed": ("checkout.session.completed", session_of(deposit)),
        "completed_unpaid": ("checkout.session.completed", session_of(deposit, payment_status="unpaid")),
        "async_succeeded": ("checkout.session.async_payment_succeeded", session_of(deposit)),
        "async_failed": ("checkout.session.async_payment_failed", session_of(deposit, payment_status="unpaid")),
        "expired": ("checkout.session.expired", session_of(deposit, status="expired", payment_status="unpaid")),
    }
    for index, name in enumerate(order):
        kind, obj = bodies[name]
        with django_capture_on_commit_callbacks(execute=True):
            assert post_event(client, event_for(kind, obj, f"evt_{index}_{name}")).status_code == 200
    deposit.refresh_from_db()
    lead.refresh_from_db()
    # Paid once, and the lead is past the deposit whatever came first.
    assert deposit.status == DepositStatus.PAID
    assert statuses(lead).count("deposit_paid") == 1
    assert lead.status not in ("awaiting_deposit", "deposit_expired")
    assert OutboundMessage.objects.filter(lead=lead, idempotency_key=f"deposit-paid:{deposit.pk}").count() == 1


def test_event_bodies_are_stored_verbatim(client: Client, fixture_deposit: Any) -> None:
    body = fixture_bytes("checkout.session.expired.json")
    post_event(client, body)
    assert StripeEvent.objects.get().payload == json.loads(body)


def test_a_fault_while_applying_stores_nothing_so_stripe_retries(
    client: Client, fixture_deposit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from payments import stripe_events

    def boom(session: dict[str, Any], **kw: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setitem(stripe_events.EVENT_HANDLERS, "checkout.session.completed", boom)
    client.raise_request_exception = False
    body = fixture_bytes("checkout.session.completed.json")
    assert post_event(client, body).status_code == 500
    assert not StripeEvent.objects.exists()
    monkeypatch.undo()
    assert post_event(client, body).json()["outcome"] == "paid"


def test_a_signed_event_with_a_nul_character_is_400(client: Client) -> None:
    body = event_for("customer.created", {"id": "cus_1", "name": "a\u0000b"})
    response = post_event(client, body)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_event")
    assert not StripeEvent.objects.exists()


def test_a_signed_deeply_nested_body_is_400(client: Client) -> None:
    response = post_event(client, b"[" * 50_000 + b"]" * 50_000)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_event")

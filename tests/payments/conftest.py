"""Payments tests: a lead approved through the real service, its session made at the fake Stripe."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conversations.models import OutboundMessage
from leads.artist.decisions import lead_approve
from leads.models import Lead
from payments.models import Deposit
from tests.conftest import answer_all_questions, clear_cache_namespace
from tests.paths import FIXTURES as SHARED_FIXTURES

FIXTURES = SHARED_FIXTURES / "stripe"
SECRET = "whsec_test_secret"
ARTIST = "+447700900999"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sign(payload: bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def post_event(client: Client, payload: bytes, signature: str | None = "sign") -> Any:
    headers = {} if signature is None else {"Stripe-Signature": sign(payload) if signature == "sign" else signature}
    return client.post("/webhooks/stripe", data=payload, content_type="application/json", headers=headers)


def event_for(kind: str, obj: dict[str, Any], event_id: str | None = None) -> bytes:
    """An event envelope like Stripe's, around ``obj``."""
    return json.dumps(
        {
            "id": event_id or f"evt_{kind.replace('.', '_')}_{obj['id']}",
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    ).encode()


def customer_texts(lead: Lead) -> list[str]:
    return list(
        OutboundMessage.objects.filter(lead=lead, customer__isnull=False).order_by("id").values_list("text", flat=True)
    )


def artist_texts(lead: Lead) -> list[str]:
    return list(OutboundMessage.objects.filter(lead=lead, to=ARTIST).order_by("id").values_list("text", flat=True))


@pytest.fixture(autouse=True)
def payment_settings(settings: Any, db: None) -> None:
    settings.ARTIST_WHATSAPP_NUMBER = ARTIST
    settings.PUBLIC_BASE_URL = "https://studio.test"
    clear_cache_namespace()


@pytest.fixture
def approved(
    make_lead: Callable[..., Lead], django_capture_on_commit_callbacks: Any
) -> Callable[..., tuple[Lead, Deposit]]:
    """A lead approved by the artist, its checkout session made (after commit) at the fake Stripe."""

    def approve(amount: int | None = None, **fields: Any) -> tuple[Lead, Deposit]:
        lead = make_lead(status="pending_approval", size_category=fields.pop("size_category", "small"), **fields)
        answer_all_questions(lead)
        with django_capture_on_commit_callbacks(execute=True):
            deposit = lead_approve(lead_id=lead.pk, actor="artist:test", deposit_amount=amount)
        lead.refresh_from_db()
        deposit.refresh_from_db()
        return lead, deposit

    return approve


def session_of(deposit: Deposit, **changes: Any) -> dict[str, Any]:
    """The Checkout Session object of ``deposit`` as a webhook carries it."""
    session = {
        "id": deposit.stripe_session_id,
        "object": "checkout.session",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": deposit.amount,
        "currency": deposit.currency,
        "client_reference_id": str(deposit.lead_id),
        "metadata": {"lead_id": str(deposit.lead_id), "deposit_id": str(deposit.pk)},
        "payment_intent": f"pi_for_{deposit.pk}",
    }
    session.update(changes)
    return session

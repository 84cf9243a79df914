"""GET /metrics: Prometheus text behind METRICS_TOKEN (docs/operations.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from conversations.models import InboxState, OutboundMessage, ProcessedMessage
from payments.models import StripeEvent
from tattoobot.foundations import counters
from tests.conversations.chat import SECRET, post_signed
from tests.conversations.chat import Customer as Chat

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests"


@pytest.fixture(autouse=True)
def _own_counters(settings) -> None:
    """A cache of this test's own: on the shared Redis, other test processes count webhooks too."""
    counters.flush()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "metrics"}}
    assert type(caches["default"]).__name__ == "LocMemCache"


def scrape(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_unset_token_is_404(client: Client, settings) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


def test_missing_or_wrong_token_is_401(client: Client, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_the_figures(client: Client, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    settings.WHATSAPP_APP_SECRET = SECRET
    Chat(client).says("hi")  # one webhook, queued and processed: two replies in the outbox
    ProcessedMessage.objects.create(
        message_id="wamid.waiting", customer_key="wa:+447700900555", state=InboxState.PENDING,
        received_at=timezone.now() - timedelta(seconds=90),
    )  # fmt: skip
    OutboundMessage.objects.create(
        idempotency_key="f", to="+1", state="failed", error_code="131026", due_at=timezone.now()
    )
    StripeEvent.objects.create(event_id="evt_1", type="checkout.session.completed", payload={})
    post_signed(client, b"{}", secret="wrong")
    figures = scrape(client)
    assert figures[("tattoobot_inbox_pending", ())] == 1
    assert figures[("tattoobot_inbox_oldest_pending_seconds", ())] >= 90
    assert figures[("tattoobot_outbox_messages", (("state", "queued"),))] == 2
    assert figures[("tattoobot_outbox_messages", (("state", "failed"),))] == 1
    assert figures[("tattoobot_send_failures_total", (("code", "131026"),))] == 1
    assert figures[("tattoobot_webhook_requests_total", (("outcome", "queued"),))] == 1
    assert figures[("tattoobot_webhook_requests_total", (("outcome", "invalid_signature"),))] == 1
    assert figures[("tattoobot_read_receipts_total", (("outcome", "sent"),))] == 1  # the console's
    assert figures[("tattoobot_read_receipts_total", (("outcome", "failed"),))] == 0
    assert figures[("tattoobot_stripe_events_total", (("type", "checkout.session.completed"),))] == 1

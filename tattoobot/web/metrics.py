"""``GET /metrics``: Prometheus text format behind ``METRICS_TOKEN`` (docs/operations.md).

The figures are read when scraped: the inbox, the outbox and the Stripe events from the database
(so every process's work is in them, and a restart loses nothing), the webhook requests from the
shared counters. Names are prefixed ``tattoobot_``."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from conversations.models import InboxState, OutboundMessage, OutboundState, ProcessedMessage
from payments.models import StripeEvent
from tattoobot.foundations import counters
from tattoobot.foundations.errors import json_error

RECEIPT_OUTCOMES = ("sent", "failed")
WEBHOOK_OUTCOMES = ("queued", "duplicate", "statuses", "templates", "account", "invalid_signature", "invalid_payload")


class _Figures(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        pending = ProcessedMessage.objects.filter(state=InboxState.PENDING).aggregate(
            n=Count("id"), first=Min("received_at")
        )
        yield GaugeMetricFamily(
            "tattoobot_inbox_pending", "Inbound messages waiting to be processed.", value=pending["n"]
        )
        oldest = (now - pending["first"]).total_seconds() if pending["first"] else 0.0
        yield GaugeMetricFamily(
            "tattoobot_inbox_oldest_pending_seconds", "Age of the oldest pending inbound message.", value=oldest
        )
        failed = ProcessedMessage.objects.filter(state=InboxState.FAILED).count()
        yield GaugeMetricFamily("tattoobot_inbox_failed", "Inbound messages that failed five times.", value=failed)

        by_state = dict(OutboundMessage.objects.values_list("state").annotate(n=Count("id")).order_by())
        outbox = GaugeMetricFamily("tattoobot_outbox_messages", "Outbound messages by state.", labels=["state"])
        for state in OutboundState.values:
            outbox.add_metric([state], by_state.get(state, 0))
        yield outbox

        sent = OutboundMessage.objects.exclude(sent_at=None).count()
        yield CounterMetricFamily("tattoobot_sends", "Outbound messages Meta accepted.", value=sent)
        failures = CounterMetricFamily(
            "tattoobot_send_failures", "Outbound messages failed, by error code.", labels=["code"]
        )
        codes = (
            OutboundMessage.objects.filter(state=OutboundState.FAILED).values_list("error_code").annotate(n=Count("id"))
        )
        for code, n in codes.order_by():
            failures.add_metric([code or "none"], n)
        yield failures

        webhook = CounterMetricFamily(
            "tattoobot_webhook_requests", "WhatsApp webhook requests by outcome.", labels=["outcome"]
        )
        counters.flush()
        seen = counters.read("webhook", WEBHOOK_OUTCOMES)
        for outcome in WEBHOOK_OUTCOMES:
            webhook.add_metric([outcome], seen.get(outcome, 0))
        yield webhook

        receipts = CounterMetricFamily(
            "tattoobot_read_receipts", "Read receipts sent to Meta, by outcome.", labels=["outcome"]
        )
        done = counters.read("read_receipts", RECEIPT_OUTCOMES)
        for outcome in RECEIPT_OUTCOMES:
            receipts.add_metric([outcome], done.get(outcome, 0))
        yield receipts

        stripe = CounterMetricFamily("tattoobot_stripe_events", "Stripe events received, by type.", labels=["type"])
        for kind, n in StripeEvent.objects.values_list("type").annotate(n=Count("id")).order_by():
            stripe.add_metric([kind], n)
        yield stripe


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        return json_error(404, "Not found.")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return json_error(401, "A bearer token is required.", code="not_authenticated")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Figures())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

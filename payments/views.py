"""The Stripe webhook and the pages Checkout returns the customer to (docs/payments.md)."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from integrations.stripe.client import verify_event
from leads.events import system_event_record
from leads.models import StudioSettings
from payments.stripe_events import stripe_event_process
from tattoobot.foundations.client_ip import client_ip
from tattoobot.foundations.errors import json_error

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "Stripe-Signature"
TOLERANCE_SECONDS = 300


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    body = request.body
    try:
        event = verify_event(
            body, request.headers.get(SIGNATURE_HEADER), settings.STRIPE_WEBHOOK_SECRET, tolerance=TOLERANCE_SECONDS
        )
    except ValueError as exc:
        return _refused(request, body, str(exc))
    problem = _shape_problem(event)
    if problem:
        return json_error(400, problem, code="invalid_event")
    outcome, first_time = stripe_event_process(event)
    return JsonResponse({"received": True, "outcome": outcome, "duplicate": not first_time})


def _refused(request: HttpRequest, body: bytes, reason: str) -> HttpResponse:
    if reason in ("missing signature", "bad signature"):
        ip = client_ip(request)
        if cache.add(f"stripe-sigfail:{ip}", 1, timeout=60):  # one event per address a minute
            system_event_record(
                type="signature_failure",
                message=f"Stripe webhook: {reason}",
                payload={"ip": ip, "bytes": len(body), "header": bool(request.headers.get(SIGNATURE_HEADER))},
            )
        return json_error(400, "Invalid Stripe signature.", code="invalid_signature")
    return json_error(400, "The body is not a JSON event.", code="invalid_event")


def _shape_problem(event: dict[str, Any]) -> str:
    if not isinstance(event.get("id"), str) or not event["id"] or len(event["id"]) > 200:
        return "The event has no id."
    if not isinstance(event.get("type"), str) or not event["type"] or len(event["type"]) > 100:
        return "The event has no type."
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return "The event has no data.object."
    if "\\u0000" in json.dumps(event):  # PostgreSQL's jsonb cannot hold NUL; Stripe never sends one
        return "The event contains a NUL character."
    return ""


@require_GET
def checkout_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/thanks.html", {"studio": StudioSettings.load()})


@require_GET
def checkout_cancelled(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/cancelled.html", {"studio": StudioSettings.load()})

"""The WhatsApp webhook (docs/conversation.md): parse, verify, call the services, answer JSON."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from conversations.engine.inbox import inbox_store
from conversations.messaging.statuses import delivery_status_apply
from conversations.messaging.templates import template_event_apply
from conversations.models import MediaState, ReferenceMedia
from conversations.policy.inbound import PayloadError, WebhookBody, parse_webhook_json
from integrations.whatsapp.signature import verify
from leads.access import visible
from leads.events import system_event_record
from leads.services import customer_marketing_preference, customer_user_id_change
from tattoobot.foundations import counters
from tattoobot.foundations.client_ip import client_ip
from tattoobot.foundations.errors import json_error
from tattoobot.foundations.phones import InvalidPhoneNumber

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Hub-Signature-256"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    return _notification(request)


def _handshake(request: HttpRequest) -> HttpResponse:
    token = settings.WHATSAPP_VERIFY_TOKEN
    if (
        token
        and request.GET.get("hub.mode") == "subscribe"
        and request.GET.get("hub.verify_token") == token
        and request.GET.get("hub.challenge")
    ):
        return HttpResponse(request.GET["hub.challenge"], content_type="text/plain")
    return json_error(403, "Verification failed.")


def _signature_failure(request: HttpRequest, body: bytes) -> HttpResponse:
    ip = client_ip(request)
    # One event per address a minute: a flood of forgeries cannot flood the table.
    if cache.add(f"whatsapp-sigfail:{ip}", 1, timeout=60):
        system_event_record(
            type="signature_failure",
            message="WhatsApp webhook with a missing or wrong signature",
            payload={"ip": ip, "bytes": len(body), "header": bool(request.headers.get(SIGNATURE_HEADER))},
        )
    counters.count("webhook", "invalid_signature")
    return json_error(403, "Invalid signature.", code="invalid_signature")


def _bad_payload(detail: str) -> HttpResponse:
    counters.count("webhook", "invalid_payload")
    return json_error(400, detail, code="invalid_payload")


def _notification(request: HttpRequest) -> HttpResponse:
    body = request.body
    if not verify(settings.WHATSAPP_APP_SECRET, body, request.headers.get(SIGNATURE_HEADER)):
        return _signature_failure(request, body)
    try:
        parsed = parse_webhook_json(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, PayloadError; deep nesting
        return _bad_payload(str(exc) if isinstance(exc, PayloadError) else "Body is not JSON.")
    try:
        # The inbox: store, answer; the workers process (docs/sending.md "The inbox"). The messages
        # are one INSERT (committed on its own), each status one UPDATE: no transaction around them.
        # A sender that is not a phone number is a bad body, not a retry: refused before the insert.
        queued = inbox_store(parsed.messages)
    except InvalidPhoneNumber as exc:
        return _bad_payload(f"Sender {exc} is not a phone number.")
    for status in parsed.statuses:
        delivery_status_apply(status=status)
    for event in parsed.template_events:  # rare: Meta's review of a template
        template_event_apply(event=event)
    for preference in parsed.preferences:  # rare: a customer's marketing preference in WhatsApp
        if preference.category == "marketing_messages" and preference.value in {"stop", "resume"}:
            with transaction.atomic():
                customer_marketing_preference(
                    wa_id=preference.wa_id,
                    user_id=preference.user_id,
                    stop=preference.value == "stop",
                    at=datetime.fromtimestamp(preference.timestamp, tz=UTC),
                )
    for change in parsed.user_id_changes:  # rare (a user's new number): a statement or two each
        with transaction.atomic():
            customer_user_id_change(
                previous=change.previous, current=change.current, wa_id=change.wa_id, new_wa_id=change.new_wa_id
            )
    duplicate = bool(parsed.messages) and queued == 0
    counters.count("webhook", "duplicate" if duplicate else "queued" if parsed.messages else _kind(parsed))
    return JsonResponse({"received": True, "queued": queued, "duplicate": duplicate})


def _kind(parsed: WebhookBody) -> str:
    """What a body without messages carried, for the webhook counter."""
    if parsed.statuses:
        return "statuses"
    return "templates" if parsed.template_events else "account"


@staff_member_required
def reference_media_file(request: HttpRequest, media_id: int) -> FileResponse:
    """A customer's reference file, for staff only (admin thumbnails); never a public URL. Another
    artist's customer's file is "not found", as a missing one is."""
    files = visible(request.user, ReferenceMedia.objects.all(), "lead")
    media = get_object_or_404(files, pk=media_id, state=MediaState.STORED)
    # Images and audio play in the admin page (<img>, <audio>); anything else downloads.
    inline = media.mime_type in {"image/jpeg", "image/png", "image/webp", "image/gif"} or media.mime_type.startswith(
        "audio/"
    )
    response = FileResponse(
        media.file.open("rb"),
        content_type=media.mime_type or "application/octet-stream",
        as_attachment=not inline,
        filename=str(media.file.name).rsplit("/", 1)[-1],
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response

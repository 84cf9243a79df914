"""Delivering outbound rows, one recipient's messages in the order they were written.

A recipient's queue is drained from its head: the oldest unsent row for that
number is locked, marked ``sending`` and committed before the provider call,
then marked ``sent`` with the wamid. A second worker that finds the head
already ``sending`` stops, so messages to one person never overtake each
other and a row is never sent twice by two workers.

The rate limits, retries with backoff, the 24-hour window and templates are
the sending issue's (SPEC §6); here a provider error puts the row back in the
queue (transient) or fails it (permanent).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from conversations.models import OutboundMessage, OutboundState
from conversations.whatsapp import WhatsAppBackend, console_backend, get_backend
from integrations.whatsapp.errors import WhatsAppError
from integrations.whatsapp.messages import build_body

logger = logging.getLogger(__name__)
RETRY_AFTER = timedelta(minutes=1)
# A row still "sending" this long after its claim belongs to a worker that died: claim it
# again. (If Meta had accepted it before the worker died, it goes twice: the one window.)
STALE_CLAIM = timedelta(minutes=10)
PENDING = (OutboundState.QUEUED, OutboundState.SENDING)


def _claim_head(to: str) -> OutboundMessage | None:
    """Lock the recipient's oldest pending row; claim it if it is queued and due."""
    with transaction.atomic():
        head = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("customer", "lead__customer")
            .filter(to=to, state__in=PENDING)
            .order_by("id")
            .first()
        )
        now = timezone.now()
        if head is None or head.due_at > now:
            return None
        stale = (
            head.state == OutboundState.SENDING and head.claimed_at is not None and head.claimed_at < now - STALE_CLAIM
        )
        if head.state != OutboundState.QUEUED and not stale:
            return None
        head.state = OutboundState.SENDING
        head.attempts += 1
        head.claimed_at = timezone.now()
        head.save(update_fields=["state", "attempts", "claimed_at"])
        return head


def _backend_for(message: OutboundMessage) -> WhatsAppBackend:
    """Sandbox customers ("try the bot", ``manage.py chat``) never reach Meta, nor do the
    artist's notifications about their leads."""
    customer = message.customer or (message.lead.customer if message.lead is not None else None)
    if customer is not None and customer.is_sandbox:
        return console_backend()
    return get_backend()


def _deliver(message: OutboundMessage) -> None:
    try:
        wamid = _backend_for(message).send(build_body(message.to, message.kind, message.text, message.payload))
    except Exception as exc:  # anything: the row must not stay "sending" and block the queue
        permanent = isinstance(exc, WhatsAppError) and exc.permanent
        fields = {"last_error": str(exc)[:2000], "error_code": getattr(exc, "code", "")[:20]}
        if permanent:
            fields |= {"state": OutboundState.FAILED, "failed_at": timezone.now()}
            if message.customer is not None and message.customer.erased_at is not None:
                fields["to"] = ""
        else:
            fields |= {"state": OutboundState.QUEUED, "due_at": timezone.now() + RETRY_AFTER}
        OutboundMessage.objects.filter(pk=message.pk, state=OutboundState.SENDING).update(**fields)
        logger.warning("outbound %s not sent (%s): %s", message.pk, "failed" if permanent else "requeued", exc)
        raise
    sent = {"state": OutboundState.SENT, "wamid": wamid, "sent_at": timezone.now()}
    if message.customer_id is not None and message.customer and message.customer.erased_at is not None:
        sent["to"] = ""  # the erasure confirmation: forget the number once it has gone
    OutboundMessage.objects.filter(pk=message.pk, state=OutboundState.SENDING).update(**sent)


def outbound_send_queue(*, to: str, limit: int = 50) -> int:
    """Send the recipient's due messages in order; returns how many were sent."""
    sent = 0
    while sent < limit:
        message = _claim_head(to)
        if message is None:
            break
        try:
            _deliver(message)
        except Exception:  # logged and recorded on the row by _deliver
            break
        sent += 1
    return sent


def outbound_send(*, message_id: int) -> int:
    """Send the queue of the recipient of one row (the row itself, and anything before it)."""
    to = OutboundMessage.objects.filter(pk=message_id).values_list("to", flat=True).first()
    return outbound_send_queue(to=to) if to else 0

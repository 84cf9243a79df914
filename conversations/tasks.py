"""Celery tasks of the conversations app: they take ids and call one service."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from conversations.engine.inbox import PROCESS_TASK, inbox_process, inbox_sweep
from conversations.messaging.media import media_fetch, media_give_up
from conversations.messaging.sending import outbound_send, outbox_sweep
from integrations.whatsapp.errors import WhatsAppError


@shared_task(name="conversations.send_outbound", acks_late=True, ignore_result=True)
def send_outbound(message_id: int, to: str = "") -> int:
    """Idempotent (a sent row is never claimed again), so it is acknowledged late. ``to``: the
    row's recipient as it was written (saves reading it; tasks published without it read it)."""
    return outbound_send(message_id=message_id, to=to)


@shared_task(name=PROCESS_TASK, acks_late=True, ignore_result=True)
def process_inbox(customer_key: str) -> int:
    """One customer's pending inbound messages, in order (docs/sending.md "The inbox"). Idempotent:
    a processed message is never taken again, and a second run for the customer waits its turn
    (the claim), so it is acknowledged late."""
    return inbox_process(customer_key)


@shared_task(name="conversations.sweep_inbox", ignore_result=True)
def sweep_inbox() -> int:
    """Every 15 s (beat): customers whose pending messages are older than 30 s."""
    return inbox_sweep()


@shared_task(name="conversations.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Every minute (beat): due rows whose task was lost, and claims left by dead workers."""
    return outbox_sweep()


MEDIA_RETRIES = 8


@shared_task(name="conversations.fetch_media", bind=True, acks_late=True, ignore_result=True, max_retries=MEDIA_RETRIES)
def fetch_media(self: Task[Any, Any], media_pk: int) -> str:
    """Idempotent (a stored row is left alone); transient Graph API errors retry with backoff
    (30 s doubling, at most 30 min); after the last retry the row is marked failed."""
    try:
        return media_fetch(media_pk=media_pk)
    except WhatsAppError as exc:
        if self.request.retries >= MEDIA_RETRIES:
            media_give_up(media_pk=media_pk, error=f"gave up after {MEDIA_RETRIES} retries: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 1800)) from exc

"""Celery tasks of the conversations app: they take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from conversations.sending import outbound_send, outbox_sweep


@shared_task(name="conversations.send_outbound", acks_late=True, ignore_result=True)
def send_outbound(message_id: int) -> int:
    """Idempotent (a sent row is never claimed again), so it is acknowledged late."""
    return outbound_send(message_id=message_id)


@shared_task(name="conversations.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Every minute (beat): due rows whose task was lost, and claims left by dead workers."""
    return outbox_sweep()

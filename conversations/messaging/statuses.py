"""Meta's delivery statuses for what the bot sent (docs/conversation.md): ``sent`` → ``delivered`` → ``read``, or
``failed``; a row only ever moves forward, and an unknown wamid is ignored."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from conversations.messaging.notify import notify_artist_of_failure
from conversations.messaging.window import outbound_resend_as_template
from conversations.models import STATE_RANK, OutboundMessage, OutboundState
from conversations.policy.inbound import DeliveryStatus
from integrations.whatsapp.errors import WINDOW_CODES

STATUS_STATES = {
    "sent": OutboundState.SENT,
    "delivered": OutboundState.DELIVERED,
    "read": OutboundState.READ,
    "failed": OutboundState.FAILED,
}


def delivery_status_apply(*, status: DeliveryStatus) -> bool:
    """Move the outbox row with this wamid forward (never back); unknown ids are ignored."""
    state = STATUS_STATES.get(status.status)
    if state is None:
        return False
    with transaction.atomic():
        row = OutboundMessage.objects.select_for_update().filter(wamid=status.wamid).first()
        if row is None or STATE_RANK[OutboundState(row.state)] >= STATE_RANK[state]:
            return False
        at = datetime.fromtimestamp(status.timestamp, tz=UTC) if status.timestamp else timezone.now()
        row.state = state
        fields = ["state"]
        if state == OutboundState.DELIVERED:
            row.delivered_at, fields = at, [*fields, "delivered_at"]
        elif state == OutboundState.READ:
            row.read_at, fields = at, [*fields, "read_at"]
        elif state == OutboundState.FAILED:
            row.failed_at, row.error_code, row.last_error = at, status.error_code[:20], status.error_title
            fields += ["failed_at", "error_code", "last_error"]
        row.save(update_fields=fields)
        if state == OutboundState.FAILED:
            if status.error_code in WINDOW_CODES and outbound_resend_as_template(message=row):
                return True  # outside the window: it goes again as the purpose's template
            notify_artist_of_failure(
                row, f"WhatsApp reported it undelivered ({status.error_code} {status.error_title})"
            )
    return True

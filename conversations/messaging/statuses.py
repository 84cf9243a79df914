"""Meta's delivery statuses for what the bot sent (docs/conversation.md): ``sent`` → ``delivered`` → ``read``, or
``failed``; a row only ever moves forward; a status for a wamid no row holds yet is kept a day and applied
when the send records the wamid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from conversations.messaging.notify import notify_artist_of_failure
from conversations.messaging.window import outbound_resend_as_template
from conversations.models import STATE_RANK, EarlyStatus, OutboundMessage, OutboundState
from conversations.policy.inbound import DeliveryStatus
from integrations.whatsapp.errors import WINDOW_CODES
from tattoobot.foundations.db import insert_or_skip

STATUS_STATES = {
    "sent": OutboundState.SENT,
    "delivered": OutboundState.DELIVERED,
    "read": OutboundState.READ,
    "failed": OutboundState.FAILED,
}


EARLY_STATUS_TTL = timedelta(days=1)


def delivery_status_apply(*, status: DeliveryStatus, keep_unknown: bool = True) -> bool:
    """Move the outbox row with this wamid forward (never back). A wamid no row holds yet is kept
    (``EarlyStatus``, a day at most) for the send to apply when it records the wamid."""
    state = STATUS_STATES.get(status.status)
    if state is None:
        return False
    with transaction.atomic():
        row = OutboundMessage.objects.select_for_update().filter(wamid=status.wamid).first()
        if row is None and keep_unknown:
            insert_or_skip(
                EarlyStatus(
                    wamid=status.wamid,
                    status=status.status,
                    timestamp=status.timestamp,
                    recipient=status.recipient[:64],
                    error_code=status.error_code[:20],
                    error_title=status.error_title[:300],
                )
            )
            return False
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


def early_statuses_apply(*, wamid: str) -> int:
    """The statuses that came before the send recorded ``wamid``, applied in Meta's order."""
    early = list(EarlyStatus.objects.filter(wamid=wamid).order_by("timestamp", "id"))
    for item in early:
        delivery_status_apply(
            status=DeliveryStatus(
                wamid=item.wamid,
                status=item.status,
                timestamp=item.timestamp,
                recipient=item.recipient,
                error_code=item.error_code,
                error_title=item.error_title,
            ),
            keep_unknown=False,
        )
    if early:
        EarlyStatus.objects.filter(pk__in=[item.pk for item in early]).delete()
    return len(early)


def early_statuses_purge(*, now: datetime | None = None) -> int:
    """Statuses whose send never recorded their wamid (another sender's, or lost): gone after a day."""
    cutoff = (now or timezone.now()) - EARLY_STATUS_TTL
    deleted, _ = EarlyStatus.objects.filter(received_at__lt=cutoff).delete()
    return deleted

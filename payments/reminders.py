"""One reminder per deposit link, a few hours before it expires (docs/operations.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from conversations.messaging.formatting import format_local_time, format_money
from conversations.messaging.notify import customer_notify
from conversations.models import OutboundPurpose
from leads.models import StudioSettings
from leads.models.lead import LeadStatus
from payments.deposits import deposit_is_current, deposit_locked
from payments.models import Deposit, DepositStatus

S = LeadStatus
D = DepositStatus


def deposit_reminders_due(*, now: datetime, within: timedelta = timedelta(hours=3), limit: int = 100) -> list[int]:
    """Open deposits of leads still awaiting them that expire within ``within`` and were not reminded."""
    return list(
        Deposit.objects.filter(
            status=D.OPEN,
            reminded_at__isnull=True,
            expires_at__gt=now + timedelta(minutes=10),
            expires_at__lte=now + within,
            lead__status=S.AWAITING_DEPOSIT,
        )
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )


def deposit_reminder_send(*, deposit_id: int, now: datetime) -> bool:
    """One reminder before the link expires (docs/operations.md); at most once per deposit."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead, deposit = deposit_locked(deposit_id)
        if (
            deposit.reminded_at is not None
            or deposit.status != D.OPEN
            or lead.status != S.AWAITING_DEPOSIT
            or deposit.expires_at is None
            or deposit.expires_at <= now
            or not deposit_is_current(lead, deposit)
        ):
            return False
        deposit.reminded_at = now
        deposit.save(update_fields=["reminded_at", "updated_at"])
        customer_notify(
            lead=lead,
            key=f"deposit-reminder:{deposit.pk}",
            template="deposit_reminder",
            purpose=OutboundPurpose.DEPOSIT_REMINDER,
            studio=studio,
            amount=format_money(deposit.amount, deposit.currency),
            payload={"checkout_url": deposit.checkout_url},  # outside the window, the template's link
            url=deposit.checkout_url,
            expires=format_local_time(deposit.expires_at, studio.tzinfo),
        )
    return True

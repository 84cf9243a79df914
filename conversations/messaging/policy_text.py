"""The booking policy in words, written from the policy's values (docs/booking.md "The booking policy").

The deposit link carries it, the deposit keeps it as sent (dispute evidence),
and the FAQ's deposit answer may quote it.
"""

from __future__ import annotations

from conversations.messaging.copy import render_copy
from leads.models import Lead, StudioSettings
from leads.models.artist import booking_policy_for


def _span(hours: int) -> str:
    if hours and hours % 24 == 0:
        days = hours // 24
        return "1 day's" if days == 1 else f"{days} days'"
    return "1 hour's" if hours == 1 else f"{hours} hours'"


def booking_policy_text(*, lead: Lead | None, studio: StudioSettings) -> str:
    """The policy of the lead's artist (the studio's without one), with the studio's own addition."""
    policy = booking_policy_for(studio, lead.artist if lead is not None and lead.artist_id else None)
    days = policy.refund_notice_days
    return render_copy(
        "booking_policy",
        lead=lead,
        studio=studio,
        notice=_span(policy.reschedule_notice_hours),
        free_moves=policy.free_reschedules,
        refund_notice="1 day" if days == 1 else f"{days} days",
        rule=policy.late_change_rule,
        sessions=lead.sessions_planned if lead is not None else 1,
        extra=studio.deposit_policy_text.strip(),
    )

"""The booking policy in words, written from the policy's values (docs/booking.md "The booking policy").

The deposit link carries it, the deposit keeps it as sent (dispute evidence),
and the FAQ's deposit answer may quote it.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import npgettext

from conversations.messaging.copy import render_copy
from leads.models import Lead, StudioSettings
from leads.models.artist import booking_policy_for


def _notice_text(hours: int) -> str:
    """The notice as in "3 days' notice" or "48 hours' notice", in the language active when shown."""
    if hours and hours % 24 == 0:
        days = hours // 24
        return npgettext("notice, as in 3 days' notice", "%(count)s day's", "%(count)s days'", days) % {"count": days}
    return npgettext("notice, as in 3 hours' notice", "%(count)s hour's", "%(count)s hours'", hours) % {"count": hours}


def _days_text(days: int) -> str:
    """A number of days as in "7 days ahead", in the language active when shown."""
    return npgettext("a number of days ahead", "%(count)s day", "%(count)s days", days) % {"count": days}


# Lazy: written in the language the policy is rendered in (the customer's).
_notice = lazy(_notice_text, str)
_days = lazy(_days_text, str)


def booking_policy_text(*, lead: Lead | None, studio: StudioSettings) -> str:
    """The policy of the lead's artist (the studio's without one), with the studio's own addition."""
    policy = booking_policy_for(studio, lead.artist if lead is not None and lead.artist_id else None)
    return render_copy(
        "booking_policy",
        lead=lead,
        studio=studio,
        notice=_notice(policy.reschedule_notice_hours),
        free_moves=policy.free_reschedules,
        refund_notice=_days(policy.refund_notice_days),
        rule=policy.late_change_rule,
        sessions=lead.sessions_planned if lead is not None else 1,
        extra=studio.deposit_policy_text.strip(),
    )

"""The booking policy's rules (docs/booking.md "The booking policy"): pure, no database.

What a customer's own change does: a reschedule with at least the policy's
notice and a free move left moves the appointment and the deposit with it;
later, or with no free move left, the deposit is forfeited (the customer is
asked first) or the artist decides, as the policy says. A cancellation with at
least the refund notice is refunded; later, forfeited (or the artist's call).
A no-show forfeits the deposit, or leaves it to the artist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FORFEIT = "forfeit"
ARTIST = "artist"
LATE_CHANGE_RULES = (FORFEIT, ARTIST)


@dataclass(frozen=True)
class BookingPolicy:
    reschedule_notice_hours: int = 72
    free_reschedules: int = 1
    refund_notice_days: int = 7
    late_change_rule: str = FORFEIT  # what a late change or a no-show does to the deposit


@dataclass(frozen=True)
class Verdict:
    """``deposit``: ``moves`` (kept as credit), ``refund``, ``forfeit`` or ``artist`` (the artist decides).
    ``within``: inside the policy, so nothing needs the customer's YES beyond the usual confirmation.
    ``why``: ``ok``, ``short_notice`` or ``no_free_moves``."""

    within: bool
    deposit: str
    why: str


def reschedule_verdict(policy: BookingPolicy, *, now: datetime, start: datetime, moves_used: int) -> Verdict:
    if start - now < timedelta(hours=policy.reschedule_notice_hours):
        return Verdict(False, policy.late_change_rule, "short_notice")
    if moves_used >= policy.free_reschedules:
        return Verdict(False, policy.late_change_rule, "no_free_moves")
    return Verdict(True, "moves", "ok")


def cancel_verdict(policy: BookingPolicy, *, now: datetime, start: datetime) -> Verdict:
    if start - now >= timedelta(days=policy.refund_notice_days):
        return Verdict(True, "refund", "ok")
    return Verdict(False, policy.late_change_rule, "short_notice")


def no_show_deposit(policy: BookingPolicy) -> str:
    """``forfeit``, or ``artist`` (the artist chooses when marking the no-show)."""
    return policy.late_change_rule


def free_moves_left(policy: BookingPolicy, moves_used: int) -> int:
    return max(0, policy.free_reschedules - moves_used)

"""The booking policy's verdicts (pure): notice, free moves, refunds, and what a late change does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from conversations.policy.booking_policy import (
    BookingPolicy,
    cancel_verdict,
    free_moves_left,
    no_show_deposit,
    reschedule_verdict,
)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
POLICY = BookingPolicy()  # 72 h notice, one free move, 7 days for a refund, late changes forfeit


@pytest.mark.parametrize(
    ("hours_ahead", "moves_used", "within", "deposit", "why"),
    [
        (96, 0, True, "moves", "ok"),
        (72, 0, True, "moves", "ok"),  # exactly the notice is enough
        (71, 0, False, "forfeit", "short_notice"),
        (24, 0, False, "forfeit", "short_notice"),
        (96, 1, False, "forfeit", "no_free_moves"),
        (24, 1, False, "forfeit", "short_notice"),  # the notice is told first
    ],
)
def test_reschedule(hours_ahead: int, moves_used: int, within: bool, deposit: str, why: str) -> None:
    verdict = reschedule_verdict(POLICY, now=NOW, start=NOW + timedelta(hours=hours_ahead), moves_used=moves_used)
    assert (verdict.within, verdict.deposit, verdict.why) == (within, deposit, why)


def test_a_policy_that_leaves_late_changes_to_the_artist() -> None:
    policy = BookingPolicy(late_change_rule="artist", free_reschedules=2)
    assert reschedule_verdict(policy, now=NOW, start=NOW + timedelta(hours=10), moves_used=0).deposit == "artist"
    assert reschedule_verdict(policy, now=NOW, start=NOW + timedelta(days=5), moves_used=1).within
    assert cancel_verdict(policy, now=NOW, start=NOW + timedelta(days=2)).deposit == "artist"
    assert no_show_deposit(policy) == "artist"
    assert free_moves_left(policy, 1) == 1
    assert free_moves_left(policy, 3) == 0


@pytest.mark.parametrize(
    ("days_ahead", "within", "deposit"),
    [(10, True, "refund"), (7, True, "refund"), (6.9, False, "forfeit"), (1, False, "forfeit")],
)
def test_cancel(days_ahead: float, within: bool, deposit: str) -> None:
    verdict = cancel_verdict(POLICY, now=NOW, start=NOW + timedelta(days=days_ahead))
    assert (verdict.within, verdict.deposit) == (within, deposit)
    assert no_show_deposit(POLICY) == "forfeit"

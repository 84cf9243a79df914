"""The booking policy and the after-care timings the artist edits in admin (docs/booking.md).

``BookingPolicyFields`` is part of the studio settings; an artist may override
any of the four policy values (``Artist.policy_overrides``). ``booking_policy_for``
gives the values that apply to a lead's artist, as the pure policy the
conversation and the artist's actions decide with.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from conversations.policy.booking_policy import ARTIST, FORFEIT, LATE_CHANGE_RULES, BookingPolicy

POLICY_KEYS = ("reschedule_notice_hours", "free_reschedules", "refund_notice_days", "late_change_rule")


class BookingPolicyFields(models.Model):
    reschedule_notice_hours = models.PositiveIntegerField(
        default=72, help_text="A customer may move an appointment themselves this many hours ahead or more."
    )
    free_reschedules = models.PositiveSmallIntegerField(
        default=1, help_text="Moves a customer may make without losing the deposit."
    )
    refund_notice_days = models.PositiveSmallIntegerField(
        default=7, help_text="A cancellation this many days ahead or more gets the deposit back."
    )
    late_change_rule = models.CharField(
        max_length=10,
        default=FORFEIT,
        choices=[(FORFEIT, "the deposit is forfeited (the customer is asked first)"), (ARTIST, "the artist decides")],
        help_text="What a late change, a move beyond the free ones, or a no-show does to the deposit.",
    )
    # After the session (docs/booking.md "After the session"): the care message goes at once.
    aftercare_checkin_days = models.PositiveSmallIntegerField(default=3, help_text="Days after the session.")
    review_request_days = models.PositiveSmallIntegerField(default=14, help_text="Days after the last session.")
    healed_photo_weeks = models.PositiveSmallIntegerField(default=6, help_text="Weeks after the last session.")
    review_link = models.URLField(blank=True, help_text="Where customers leave a review; blank: no review request.")

    class Meta:
        abstract = True

    def booking_policy(self) -> BookingPolicy:
        return BookingPolicy(
            reschedule_notice_hours=self.reschedule_notice_hours,
            free_reschedules=self.free_reschedules,
            refund_notice_days=self.refund_notice_days,
            late_change_rule=self.late_change_rule,
        )


def validate_policy_overrides(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError('Policy overrides must be an object like {"reschedule_notice_hours": 48}.')
    for key, item in value.items():
        if key not in POLICY_KEYS:
            raise ValidationError(f"Unknown key {key!r}; use {', '.join(POLICY_KEYS)}.")
        if key == "late_change_rule":
            if item not in LATE_CHANGE_RULES:
                raise ValidationError(f"late_change_rule: use {' or '.join(LATE_CHANGE_RULES)}.")
        elif not isinstance(item, int) or isinstance(item, bool) or item < 0:
            raise ValidationError(f"{key}: give a whole number.")


def policy_with_overrides(base: BookingPolicy, overrides: dict[str, Any]) -> BookingPolicy:
    values = {key: overrides[key] for key in POLICY_KEYS if key in overrides}
    return BookingPolicy(**{**base.__dict__, **values})

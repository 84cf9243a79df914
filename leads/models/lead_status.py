"""The lead's statuses and the groups the code asks about (docs/conversation.md)."""

from __future__ import annotations

from django.db import models


class LeadStatus(models.TextChoices):
    NEW = "new"
    QUALIFYING = "qualifying"
    PENDING_APPROVAL = "pending_approval"
    NEEDS_ARTIST_REPLY = "needs_artist_reply"
    NEEDS_FOLLOW_UP = "needs_follow_up"
    TOUR_CONVERSION_OFFERED = "tour_conversion_offered"
    WAITLISTED = "waitlisted"
    OPTOUT = "optout"
    ABANDONED = "abandoned"
    STALE = "stale"
    AWAITING_DEPOSIT = "awaiting_deposit"
    DEPOSIT_PAID = "deposit_paid"
    DEPOSIT_EXPIRED = "deposit_expired"
    REJECTED = "rejected"
    BOOKING_PENDING = "booking_pending"
    COLLECTING_TIME_WINDOWS = "collecting_time_windows"
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


S = LeadStatus
ALL_STATUSES: tuple[str, ...] = tuple(S.values)
# Statuses in which a lead is over; a customer may then start a new one (docs/conversation.md).
ENDED_STATUSES: tuple[str, ...] = (S.BOOKED, S.CANCELLED, S.REJECTED, S.WAITLISTED, S.COMPLETED, S.NO_SHOW)
# The lead is with the bot: an artist's message to the customer hands it over.
BOT_STATUSES: tuple[str, ...] = (S.QUALIFYING, S.NEEDS_FOLLOW_UP, S.TOUR_CONVERSION_OFFERED, S.PENDING_APPROVAL)
# From the deposit on, an artist's message flags the lead as theirs (``needs_artist``) and the status stays.
ARTIST_FLAG_STATUSES: tuple[str, ...] = (
    S.AWAITING_DEPOSIT,
    S.DEPOSIT_PAID,
    S.DEPOSIT_EXPIRED,
    S.BOOKING_PENDING,
    S.COLLECTING_TIME_WINDOWS,
    S.BOOKED,
    S.COMPLETED,
    S.NO_SHOW,
)
ARTIST_DECISION_STATUSES: tuple[str, ...] = (S.PENDING_APPROVAL, S.NEEDS_FOLLOW_UP, S.NEEDS_ARTIST_REPLY)

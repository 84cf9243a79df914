"""A lead is one enquiry of a customer; its status is a django-fsm lifecycle (docs/conversation.md).

The status field is protected: it changes only through the ``@transition``
methods below, called from ``leads.services``. Every transition records a
``StatusChange`` row (see ``leads.history``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from leads.models.lead_conditions import (
    all_questions_answered,
    budget_below_minimum,
    budget_meets_minimum,
    has_tour_stop,
    questions_remain,
    sessions_remain,
    status_is_unknown,
)
from leads.models.lead_status import (
    ALL_STATUSES,
    ARTIST_DECISION_STATUSES,
    ARTIST_FLAG_STATUSES,
    BOT_STATUSES,
    ENDED_STATUSES,
    LeadStatus,
)

S = LeadStatus
# Re-exported: callers read the statuses and conditions from here.
__all__ = [
    "ALL_STATUSES",
    "ARTIST_DECISION_STATUSES",
    "ARTIST_FLAG_STATUSES",
    "BOT_STATUSES",
    "ENDED_STATUSES",
    "Lead",
    "LeadStatus",
    "StatusChange",
    "all_questions_answered",
    "budget_below_minimum",
    "budget_meets_minimum",
    "has_tour_stop",
    "questions_remain",
    "sessions_remain",
    "status_is_unknown",
]

logger = logging.getLogger("leads.lifecycle")


if TYPE_CHECKING:
    # django-fsm-2's classes reach mypy as Any, which would make Lead Any too.
    class _LeadBase(models.Model):
        class Meta:
            abstract = True

else:

    class _LeadBase(ConcurrentTransitionMixin, models.Model):
        class Meta:
            abstract = True


class Lead(_LeadBase):
    customer = models.ForeignKey("leads.Customer", on_delete=models.PROTECT, related_name="leads")
    # The artist the lead is with; none yet while the customer of a several-artist studio chooses.
    artist = models.ForeignKey("leads.Artist", null=True, blank=True, on_delete=models.PROTECT, related_name="leads")
    status = FSMField(default=S.NEW, choices=S.choices, protected=True, db_index=True, max_length=32)
    status_changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # Qualifying progress: index into the active question set and its key.
    qualifying_step = models.PositiveSmallIntegerField(default=0)
    current_question = models.CharField(max_length=40, blank=True)

    # Parsed answers, mirrored from Answer rows for listing and the API.
    idea = models.TextField(blank=True)
    placement = models.CharField(max_length=500, blank=True)
    size_text = models.CharField(max_length=200, blank=True)
    size_width_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    size_height_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    size_category = models.CharField(
        max_length=10,
        blank=True,
        choices=[("small", "small"), ("medium", "medium"), ("large", "large"), ("xl", "xl")],
    )
    style = models.CharField(max_length=500, blank=True)
    budget_text = models.CharField(max_length=200, blank=True)
    budget_min = models.PositiveIntegerField(null=True, blank=True, help_text="Minor units.")
    budget_max = models.PositiveIntegerField(null=True, blank=True, help_text="Minor units.")
    budget_currency = models.CharField(max_length=3, blank=True)
    city = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    region = models.CharField(
        max_length=10, blank=True, choices=[("uk", "UK"), ("europe", "Europe"), ("row", "Rest of world")]
    )
    tour_stop = models.ForeignKey(
        "leads.TourStop", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    availability = models.TextField(blank=True)
    instagram = models.CharField(max_length=100, blank=True)
    complexity = models.PositiveSmallIntegerField(null=True, blank=True)
    is_cover_up = models.BooleanField(default=False)
    can_travel = models.BooleanField(
        null=True, blank=True, help_text="The answer to the travel question: can come to the home city."
    )
    # The artist's price range (never shown to the customer): the studio's rate x billable hours.
    estimate_min = models.PositiveIntegerField(null=True, blank=True, help_text="Minor units, studio currency.")
    estimate_max = models.PositiveIntegerField(null=True, blank=True, help_text="Minor units, studio currency.")
    # The customer's questions the FAQ could not answer: [{"text", "at"}], for the artist.
    open_questions = models.JSONField(default=list, blank=True)

    # The artist is needed (handover reason), whether or not the status says so.
    needs_artist = models.BooleanField(default=False, db_index=True)
    handover_reason = models.CharField(max_length=100, blank=True)
    rejection_reason = models.TextField(blank=True)

    # Engine bookkeeping.
    parse_failures = models.JSONField(default=dict, blank=True, help_text="field -> consecutive failures")
    reply_cooldowns = models.JSONField(default=dict, blank=True, help_text="reply kind -> ISO time last sent")
    offered_slots = models.JSONField(default=list, blank=True, help_text="slots offered in booking_pending")
    fresh_slots_wanted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="booking_pending: new slots were asked for (a pick was taken) and not sent yet.",
    )
    time_windows = models.JSONField(default=list, blank=True, help_text="customer's preferred windows")
    # After the booking (docs/booking.md): the piece's sessions, the customer's own moves, and a change
    # the customer asked for that waits for their YES ("reschedule" or "cancel").
    sessions_planned = models.PositiveSmallIntegerField(
        default=1, help_text="Sessions the piece needs (the size rule suggests; the artist decides)."
    )
    reschedules_used = models.PositiveSmallIntegerField(default=0, help_text="The customer's own moves so far.")
    change_request = models.CharField(max_length=20, blank=True)
    change_requested_at = models.DateTimeField(null=True, blank=True)
    # A several-artist studio asks whom the customer would like first (docs/artists.md): "" not asked,
    # "asked" (the first message's words kept in held_text meanwhile), "chosen", or "any".
    artist_choice = models.CharField(max_length=10, blank=True)
    held_text = models.TextField(blank=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    last_inbound_ts = models.BigIntegerField(
        null=True, blank=True, help_text="Meta's whole-second timestamp of the last processed inbound."
    )

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sheet_synced_at = models.DateTimeField(
        null=True, blank=True, help_text="The updated_at the Google Sheet row last mirrored (docs/operations.md)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=~Q(status__in=ENDED_STATUSES),
                name="lead_one_open_per_customer",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="lead_status_changed_idx"),
            # The leads the sheet has not caught up with: small, whatever the table's size.
            models.Index(
                fields=["updated_at"],
                name="lead_sheet_dirty_idx",
                condition=Q(sheet_synced_at__isnull=True) | Q(updated_at__gt=F("sheet_synced_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"Lead #{self.pk} ({self.status})"

    @property
    def admin_url(self) -> str:
        """The lead's page in the back-office, as a full link (for WhatsApp and calendar events)."""
        return f"{settings.PUBLIC_BASE_URL}/admin/leads/lead/{self.pk}/change/"

    # --- Transitions (docs/conversation.md). Services call these; kwargs ``reason`` and
    # ``actor`` end up in the status history. ------------------------------

    @transition(field=status, source=S.NEW, target=S.QUALIFYING)
    def start_qualifying(self, *, reason: str = "first_message", actor: str = "bot") -> None:
        """First message of the lead."""

    @transition(
        field=status,
        source=S.QUALIFYING,
        target=S.PENDING_APPROVAL,
        conditions=[all_questions_answered, budget_meets_minimum],
    )
    def submit_for_approval(self, *, reason: str = "qualified", actor: str = "bot") -> None:
        """Every question answered and the budget at or above the region's minimum."""

    @transition(
        field=status,
        source=S.QUALIFYING,
        target=S.NEEDS_FOLLOW_UP,
        conditions=[all_questions_answered, budget_below_minimum],
    )
    def flag_for_follow_up(self, *, reason: str = "budget_below_minimum", actor: str = "bot") -> None:
        """Every question answered but the budget below the region's minimum."""

    @transition(
        field=status,
        source=S.QUALIFYING,
        target=S.TOUR_CONVERSION_OFFERED,
        conditions=[has_tour_stop],
    )
    def offer_tour_conversion(self, *, reason: str = "city_not_served", actor: str = "bot") -> None:
        """City not served, but a tour stop (set on the lead) is."""

    @transition(field=status, source=[S.QUALIFYING, S.TOUR_CONVERSION_OFFERED], target=S.WAITLISTED)
    def waitlist(self, *, reason: str = "city_not_served", actor: str = "bot") -> None:
        """City not served and no tour stop, or the tour stop declined."""

    @transition(field=status, source=list(BOT_STATUSES), target=S.NEEDS_ARTIST_REPLY)
    def hand_over(self, *, reason: str, actor: str = "bot") -> None:
        self.needs_artist = True
        self.handover_reason = reason[:100]

    @transition(
        field=status,
        source=S.NEEDS_ARTIST_REPLY,
        target=S.QUALIFYING,
        conditions=[questions_remain],
    )
    def resume_qualifying(self, *, reason: str = "resumed", actor: str = "bot") -> None:
        self.needs_artist = False
        self.handover_reason = ""

    @transition(
        field=status,
        source=[S.NEEDS_ARTIST_REPLY, S.NEEDS_FOLLOW_UP],
        target=S.PENDING_APPROVAL,
        conditions=[all_questions_answered],
    )
    def resume_to_approval(self, *, reason: str = "resumed", actor: str = "artist") -> None:
        self.needs_artist = False
        self.handover_reason = ""

    @transition(
        field=status,
        source=S.TOUR_CONVERSION_OFFERED,
        target=S.PENDING_APPROVAL,
        conditions=[has_tour_stop],
    )
    def accept_tour_stop(self, *, reason: str = "tour_stop_accepted", actor: str = "customer") -> None:
        """The customer takes the offered tour stop."""

    @transition(field=status, source=list(ARTIST_DECISION_STATUSES), target=S.AWAITING_DEPOSIT)
    def approve(self, *, reason: str = "approved", actor: str = "artist") -> None:
        self.needs_artist = False
        self.handover_reason = ""

    @transition(field=status, source=list(ARTIST_DECISION_STATUSES), target=S.REJECTED)
    def reject(self, *, reason: str = "rejected", actor: str = "artist") -> None:
        self.rejection_reason = reason
        self.needs_artist = False

    @transition(field=status, source=S.AWAITING_DEPOSIT, target=S.DEPOSIT_PAID)
    def mark_deposit_paid(self, *, reason: str = "deposit_paid", actor: str = "stripe") -> None:
        """Stripe confirmed the payment."""

    @transition(field=status, source=S.AWAITING_DEPOSIT, target=S.DEPOSIT_EXPIRED)
    def expire_deposit(self, *, reason: str = "checkout_expired", actor: str = "stripe") -> None:
        """The checkout session expired unpaid."""

    @transition(field=status, source=S.DEPOSIT_EXPIRED, target=S.AWAITING_DEPOSIT)
    def reissue_deposit(self, *, reason: str = "new_link", actor: str = "customer") -> None:
        """A new checkout link, asked for by the customer or re-sent by the artist."""

    @transition(field=status, source=[S.DEPOSIT_PAID, S.COLLECTING_TIME_WINDOWS], target=S.BOOKING_PENDING)
    def offer_slots(self, *, reason: str = "slots_offered", actor: str = "bot") -> None:
        """Slots offered after payment, or by the artist after collecting windows."""

    @transition(field=status, source=S.BOOKING_PENDING, target=S.BOOKED)
    def book(self, *, reason: str = "slot_picked", actor: str = "customer") -> None:
        """The customer picked a free slot; the appointment row is written by the service."""

    @transition(field=status, source=S.BOOKING_PENDING, target=S.COLLECTING_TIME_WINDOWS)
    def collect_time_windows(self, *, reason: str = "no_free_slot", actor: str = "bot") -> None:
        """No free slot within the horizon."""

    @transition(field=status, source=S.BOOKED, target=S.BOOKING_PENDING)
    def reschedule(self, *, reason: str = "rescheduled", actor: str = "artist") -> None:
        """The artist releases the appointment, or the customer asks to move it (held until a new pick),
        and slots are offered again."""
        self.change_request, self.change_requested_at = "", None

    @transition(field=status, source=S.BOOKING_PENDING, target=S.BOOKED)
    def keep_held(self, *, reason: str = "reschedule_not_picked", actor: str = "timer") -> None:
        """A customer's reschedule left without a pick for 48 h: the held appointment stands."""
        self.change_request, self.change_requested_at = "", None

    @transition(field=status, source=S.BOOKED, target=S.CANCELLED)
    def cancel(self, *, reason: str = "cancelled", actor: str = "artist") -> None:
        """The artist, or the customer, cancels the booking."""
        self.change_request, self.change_requested_at = "", None

    @transition(field=status, source=S.BOOKED, target=S.COMPLETED)
    def complete(self, *, reason: str = "session_done", actor: str = "artist") -> None:
        """The artist marks the session done, or it ended 12 h ago and nobody marked a no-show."""
        self.change_request, self.change_requested_at = "", None

    @transition(field=status, source=S.BOOKED, target=S.NO_SHOW)
    def mark_no_show(self, *, reason: str = "no_show", actor: str = "artist") -> None:
        """The customer did not come; the deposit follows the booking policy."""
        self.change_request, self.change_requested_at = "", None

    @transition(field=status, source=S.COMPLETED, target=S.BOOKING_PENDING, conditions=[sessions_remain])
    def next_session(self, *, reason: str = "next_session", actor: str = "bot") -> None:
        """The next session of a multi-session piece is offered, on the same deposit."""

    @transition(field=status, source=[s for s in ALL_STATUSES if s != S.OPTOUT], target=S.OPTOUT)
    def opt_out(self, *, reason: str = "stop", actor: str = "customer") -> None:
        """STOP, UNSUBSCRIBE or DELETE MY DATA."""

    @transition(field=status, source=S.OPTOUT, target=S.NEW)
    def opt_in(self, *, reason: str = "start", actor: str = "customer") -> None:
        """START, RESUME, CONTINUE, YES or UNSTOP after an opt-out: a fresh start."""
        self.needs_artist = False
        self.handover_reason = ""

    @transition(field=status, source=[S.QUALIFYING, S.NEEDS_FOLLOW_UP, S.TOUR_CONVERSION_OFFERED], target=S.ABANDONED)
    def abandon(self, *, reason: str = "no_reply", actor: str = "timer") -> None:
        """No reply within the abandon timeout."""

    @transition(field=status, source=[S.NEEDS_ARTIST_REPLY, S.PENDING_APPROVAL], target=S.STALE)
    def mark_stale(self, *, reason: str = "artist_inactive", actor: str = "timer") -> None:
        """Nobody acted within the stale timeout."""

    @transition(field=status, source=[S.ABANDONED, S.STALE], target=S.NEW)
    def reopen(self, *, reason: str = "customer_returned", actor: str = "customer") -> None:
        """The customer writes again after abandoning or going stale."""

    @transition(field=status, source="*", target=S.NEW, conditions=[status_is_unknown])
    def recover_unknown_status(self, *, reason: str = "unknown_status", actor: str = "system") -> None:
        """A status the code does not know (data from an older or newer release): start over."""
        logger.warning("lead %s: unknown status %r, recovering to %r", self.pk, self.status, S.NEW)


class StatusChange(models.Model):
    """One row per status change of a lead: from, to, why, who, when."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    transition = models.CharField(max_length=50, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.CharField(max_length=100, blank=True, help_text="bot, customer, artist:<user>, stripe, timer…")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"

"""Booked sessions. Two active appointments of one artist never overlap.

On PostgreSQL an exclusion constraint (migration 0017: GiST over the artist
and ``tstzrange(start, end)`` for active rows, with ``btree_gist``) makes an
overlap impossible; on SQLite the booking service checks inside its
transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q


class AppointmentStatus(models.TextChoices):
    ACTIVE = "active"
    RELEASED = "released", "released (rescheduled)"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show", "no-show"


class Appointment(models.Model):
    lead = models.ForeignKey("leads.Lead", on_delete=models.PROTECT, related_name="appointments")
    # Whose chair: two appointments of one artist never overlap, two artists' may.
    artist = models.ForeignKey("leads.Artist", on_delete=models.PROTECT, related_name="appointments")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.ACTIVE)
    google_event_id = models.CharField(max_length=200, blank=True)
    deposit_kept = models.BooleanField(null=True, blank=True, help_text="On cancellation: kept (yes) or refunded (no).")
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.CharField(max_length=20, blank=True, help_text="Who moved or cancelled it: customer, artist.")
    # The piece's sessions (docs/booking.md "Several sessions"): a reschedule keeps the session and bumps
    # the sequence, so the customer's calendar file updates the same event.
    session = models.PositiveSmallIntegerField(default=1, help_text="Which session of the piece, from 1.")
    sequence = models.PositiveSmallIntegerField(default=0, help_text="Moves of this session so far (iCalendar).")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="Marked done or no-show.")
    done_asked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the artist was asked, at the end, whether it was done or a no-show."
    )
    # After the session, each message once (docs/booking.md "After the session").
    aftercare_sent_at = models.DateTimeField(null=True, blank=True)
    checkin_sent_at = models.DateTimeField(null=True, blank=True)
    review_asked_at = models.DateTimeField(null=True, blank=True)
    healed_photo_asked_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When the 48-hour reminder was written.")

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appointment_ends_after_start"),
            models.UniqueConstraint(
                fields=["lead"], condition=Q(status="active"), name="appointment_one_active_per_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} – {self.end:%H:%M} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "artist_id", None) is None and self.lead_id is not None and self.lead.artist_id:
            self.artist_id = self.lead.artist_id  # the lead's artist's chair, unless told otherwise
        super().save(*args, **kwargs)

"""Booked sessions. Two active appointments never overlap.

On PostgreSQL an exclusion constraint (added by migration 0002, GiST over
``tstzrange(start, end)`` for active rows) makes an overlap impossible; on
SQLite the booking service checks inside its transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class AppointmentStatus(models.TextChoices):
    ACTIVE = "active"
    RELEASED = "released", "released (rescheduled)"
    CANCELLED = "cancelled"


class Appointment(models.Model):
    lead = models.ForeignKey("leads.Lead", on_delete=models.PROTECT, related_name="appointments")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.ACTIVE)
    google_event_id = models.CharField(max_length=200, blank=True)
    deposit_kept = models.BooleanField(null=True, blank=True, help_text="On cancellation: kept (yes) or refunded (no).")
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
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

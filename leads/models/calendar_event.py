"""Events to remove from the artist's Google Calendar: a row first, swept until done (docs/booking.md).

A released or cancelled appointment's event is written here in the
transaction that frees the time; a task after commit deletes it, and the
booking sweeper runs again any row whose task is overdue. A row is pending
until ``done_at`` (deleted, or Google said it was already gone) or
``failed_at`` (given up: the artist was told to delete it by hand).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class CalendarEventDeletion(models.Model):
    appointment = models.ForeignKey("leads.Appointment", on_delete=models.PROTECT, related_name="event_deletions")
    event_id = models.CharField(max_length=200, unique=True, help_text="The Google Calendar event to delete.")
    requested_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When it is next due; the sweeper runs it once it is overdue."
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed tries so far.")
    last_error = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, help_text="Deleted (or already gone).")
    failed_at = models.DateTimeField(null=True, blank=True, help_text="Given up; the artist was told.")

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            # What the sweeper reads: the pending rows, by when they are due. Small, whatever the history.
            models.Index(
                fields=["next_attempt_at"],
                name="calendar_deletion_pending_idx",
                condition=Q(done_at__isnull=True, failed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        state = "done" if self.done_at else "failed" if self.failed_at else "pending"
        return f"event {self.event_id} ({state})"

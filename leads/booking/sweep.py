"""What a lost or failed booking task left behind, found by beat every few minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from leads.booking.calendar import EVENT_INSERT_TASK
from leads.booking.event_deletions import event_deletions_sweep
from leads.booking.freed import FREED_SLOT_TASK
from leads.booking.offers import FRESH_SLOTS_TASK, OFFER_TASK
from leads.models import Appointment, Lead
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from tattoobot.foundations.tasking import enqueue_on_commit

S = LeadStatus
A = AppointmentStatus

LOST_AFTER = timedelta(minutes=5)  # a task that long overdue was lost
FREED_RECHECK = timedelta(minutes=15)  # a freed time is offered again (idempotent) until this old


def booking_sweep(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """What a lost or failed task left behind (beat, every few minutes): paid leads never offered
    slots, leads waiting for fresh slots after a taken pick, times freed 5 to 15 minutes ago (their
    offer task may be lost; a rerun offers nobody twice), (google) appointments without their event, and
    calendar events still to delete."""
    now = now or timezone.now()
    counts = {"offers": 0, "fresh_offers": 0, "freed_offers": 0, "events": 0}
    stuck = Lead.objects.filter(status=S.DEPOSIT_PAID, status_changed_at__lte=now - LOST_AFTER)
    for lead_id in stuck.values_list("pk", flat=True)[:limit]:
        enqueue_on_commit(OFFER_TASK, lead_id)
        counts["offers"] += 1
    waiting = Lead.objects.filter(status=S.BOOKING_PENDING, fresh_slots_wanted_at__lte=now - LOST_AFTER)
    for lead_id, slots in waiting.values_list("pk", "offered_slots")[:limit]:
        # Slots still on offer mean the pick among them was just taken: the fresh offer says so.
        enqueue_on_commit(FRESH_SLOTS_TASK, lead_id, "taken" if slots else "")
        counts["fresh_offers"] += 1
    freed = Appointment.objects.filter(
        status__in=(A.RELEASED, A.CANCELLED), released_at__gt=now - FREED_RECHECK, released_at__lte=now - LOST_AFTER
    )
    for appointment_id in freed.values_list("pk", flat=True)[:limit]:
        enqueue_on_commit(FREED_SLOT_TASK, appointment_id)
        counts["freed_offers"] += 1
    if settings.CALENDAR_BACKEND != "local":
        missing = Appointment.objects.filter(
            status=A.ACTIVE, google_event_id="", created_at__lte=now - LOST_AFTER, end__gte=now
        )
        for appointment_id in missing.values_list("pk", flat=True)[:limit]:
            enqueue_on_commit(EVENT_INSERT_TASK, appointment_id)
            counts["events"] += 1
    counts.update(event_deletions_sweep(now=now, limit=limit))
    return counts

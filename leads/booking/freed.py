"""A booked time freed by a cancellation or a reschedule is announced to the waiting customers
(docs/booking.md, "Freed slots").

``freed_slot_announce`` is called in the transaction that frees the
appointment; the offers themselves are the task ``leads.offer_freed_slot``
after commit (``leads/booking/freed_offers.py``: the Google backend asks the
network, and the leads are locked one at a time). This module is apart from
the offers so that the paths which free an appointment (``offers.py``
among them) can call it without an import cycle.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from leads.models import Appointment, StudioSettings
from tattoobot.foundations.tasking import enqueue_on_commit

FREED_SLOT_TASK = "leads.offer_freed_slot"


def freed_slot_announce(appointment: Appointment) -> None:
    """The appointment no longer holds its time: offer that time to the artist's waiting leads, after
    commit (nothing when it starts inside the minimum notice or beyond the booking horizon)."""
    if freed_slot_offerable(appointment, StudioSettings.load(), timezone.now()):
        enqueue_on_commit(FREED_SLOT_TASK, appointment.pk)


def freed_slot_offerable(appointment: Appointment, studio: StudioSettings, now: datetime) -> bool:
    """Whether the freed time may still be offered: far enough ahead, and inside the horizon."""
    earliest = now + timedelta(hours=studio.min_notice_hours)
    return earliest <= appointment.start < now + timedelta(days=studio.booking_horizon_days)

"""Booking tasks: slots offered after a payment, calendar events mirrored after commit (SPEC §9)."""

from __future__ import annotations

from celery import shared_task

from leads import booking
from leads.models.lead import LeadStatus


@shared_task(name="leads.offer_slots")
def offer_slots(lead_id: int) -> str:
    """After ``deposit_paid``: the first offer. Idempotent: a rerun finds the lead moved on."""
    return booking.slots_offer(lead_id=lead_id, from_statuses=(LeadStatus.DEPOSIT_PAID,)).outcome


@shared_task(name="leads.offer_fresh_slots")
def offer_fresh_slots(lead_id: int, intro: str = "taken") -> str:
    """In ``booking_pending``, after a pick that was just taken: new slots."""
    return booking.slots_offer(lead_id=lead_id, from_statuses=(LeadStatus.BOOKING_PENDING,), intro=intro).outcome


@shared_task(name="leads.calendar_insert_event")
def calendar_insert_event(appointment_id: int) -> str:
    return booking.appointment_event_insert(appointment_id=appointment_id)


@shared_task(name="leads.calendar_delete_event")
def calendar_delete_event(event_id: str) -> None:
    booking.appointment_event_delete(event_id=event_id)

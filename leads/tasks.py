"""Booking tasks: slots offered after a payment, calendar events mirrored after commit (docs/booking.md).

A task that cannot reach the calendar tries again later (``send_task_later``);
if that is lost too, the beat sweeper (``leads.booking_sweep``) finds the lead,
appointment or calendar event deletion left behind (docs/reliability.md, "Retries and their sweepers").
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from leads import timers
from leads.artist.sessions import NEXT_SESSION_TASK, next_session_offer
from leads.booking.calendar import EVENT_DELETE_TASK, appointment_event_insert
from leads.booking.event_deletions import event_deletion_run
from leads.booking.freed import FREED_SLOT_TASK
from leads.booking.freed_offers import freed_slot_offer
from leads.booking.offers import FRESH_SLOTS_TASK, OFFER_TASK, slots_offer
from leads.booking.rules import CalendarDown
from leads.booking.sweep import booking_sweep as booking_sweep_run
from leads.models.lead import LeadStatus
from leads.sheet_mirror import sheet_flush as sheet_flush_run
from tattoobot.foundations.tasking import send_task_later

logger = logging.getLogger(__name__)
RETRY_SECONDS = 120


def _later_if_transient(exc: Exception, task: str, appointment_id: int, *, what: str) -> None:
    """A provider's passing trouble (``exc.transient``): the task again in ``RETRY_SECONDS``; anything
    else is raised on."""
    if not getattr(exc, "transient", False):
        raise exc
    logger.warning("%s of appointment %s: %s; retrying", what, appointment_id, exc)
    send_task_later(task, appointment_id, countdown=RETRY_SECONDS)


@shared_task(name="leads.offer_slots")
def offer_slots(lead_id: int) -> str:
    """After ``deposit_paid``: the first offer. Idempotent: a rerun finds the lead moved on."""
    try:
        return slots_offer(lead_id=lead_id, from_statuses=(LeadStatus.DEPOSIT_PAID,)).outcome
    except CalendarDown:
        send_task_later(OFFER_TASK, lead_id, countdown=RETRY_SECONDS)
        return "retry"


@shared_task(name=FRESH_SLOTS_TASK)
def offer_fresh_slots(lead_id: int, intro: str = "taken") -> str:
    """In ``booking_pending``, after a pick that was just taken: new slots (the lead keeps the wish,
    ``fresh_slots_wanted_at``, until they are sent)."""
    try:
        statuses = (LeadStatus.BOOKING_PENDING,)
        return slots_offer(lead_id=lead_id, from_statuses=statuses, intro=intro).outcome
    except CalendarDown:
        send_task_later(FRESH_SLOTS_TASK, lead_id, intro, countdown=RETRY_SECONDS)
        return "retry"


@shared_task(name=NEXT_SESSION_TASK)
def offer_next_session(lead_id: int) -> str:
    """After a completed session of a piece with sessions left: slots for the next (no new deposit)."""
    try:
        return next_session_offer(lead_id=lead_id).outcome
    except CalendarDown:
        send_task_later(NEXT_SESSION_TASK, lead_id, countdown=RETRY_SECONDS)
        return "retry"


@shared_task(name="leads.calendar_insert_event")
def calendar_insert_event(appointment_id: int) -> str:
    try:
        return appointment_event_insert(appointment_id=appointment_id)
    except Exception as exc:
        _later_if_transient(exc, "leads.calendar_insert_event", appointment_id, what="calendar event")
        return "retry"


@shared_task(name=EVENT_DELETE_TASK)
def calendar_event_deletion(deletion_id: int) -> str:
    """One ``CalendarEventDeletion`` row: the event deleted, or the try recorded for a retry."""
    return event_deletion_run(deletion_id=deletion_id)


@shared_task(name="leads.booking_sweep")
def booking_sweep() -> dict[str, int]:
    return booking_sweep_run()


@shared_task(name="leads.run_timer")
def run_timer(name: str) -> int:
    """One timer of docs/operations.md (``leads.timers``); beat names which."""
    done = timers.TIMERS[name](now=timezone.now())
    if done:
        logger.info("timer %s: %d", name, done)
    return done


@shared_task(name="leads.sheet_flush")
def sheet_flush() -> dict[str, int]:
    """Mirror the leads that changed to the Google Sheet (coalesced; beat runs it every minute too)."""
    return sheet_flush_run()


@shared_task(name=FREED_SLOT_TASK)
def offer_freed_slot(appointment_id: int) -> int:
    """A cancelled or released appointment's time, offered to the artist's waiting leads (idempotent)."""
    try:
        return freed_slot_offer(appointment_id=appointment_id)
    except Exception as exc:
        _later_if_transient(exc, FREED_SLOT_TASK, appointment_id, what="freed slot")
        return 0

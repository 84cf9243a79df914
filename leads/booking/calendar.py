"""The artist's calendar behind one interface (docs/booking.md): ``local`` or ``google``; and the mirror of
booked appointments as its events.

The database's appointments are always busy, whatever the backend; a backend
adds what else is busy (the Google calendar's free/busy periods, all-day
events included) and mirrors booked appointments as events, from tasks after
commit, idempotent by the appointment. An event to remove is a row first
(``CalendarEventDeletion``, written with the release or cancellation), then a
task; ``leads/booking/event_deletions.py`` runs and sweeps those rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.db import transaction

from leads.models import Appointment, Artist, CalendarEventDeletion
from leads.models.appointment import AppointmentStatus
from tattoobot.foundations.db import insert_or_skip
from tattoobot.foundations.tasking import enqueue_on_commit

A = AppointmentStatus
EVENT_INSERT_TASK = "leads.calendar_insert_event"


# Takes a CalendarEventDeletion's id (before the rows, "leads.calendar_delete_event" took the event id).
EVENT_DELETE_TASK = "leads.calendar_event_deletion"


class Calendar(Protocol):
    name: str

    def busy(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Busy periods other than the database's appointments, overlapping [start, end)."""

    def insert_event(self, *, key: str, start: datetime, end: datetime, summary: str, description: str) -> str:
        """Create the event (idempotent by ``key``); its id."""

    def delete_event(self, event_id: str) -> None:
        """Remove the event; an event already gone is not an error."""


class LocalCalendar:
    """Working hours and the database's appointments only: nothing else is busy, nothing to mirror."""

    name = "local"

    def busy(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        return []

    def insert_event(self, *, key: str, start: datetime, end: datetime, summary: str, description: str) -> str:
        return ""

    def delete_event(self, event_id: str) -> None:
        return None


def calendar_backend(artist: Artist | None = None) -> Calendar:
    """The calendar of ``artist`` (its own Google calendar id, else ``GOOGLE_CALENDAR_ID``)."""
    if settings.CALENDAR_BACKEND == "google":
        from integrations.google_calendar.client import GoogleCalendar  # googleapiclient: only for google

        return GoogleCalendar(
            calendar_id=artist.calendar() if artist is not None else settings.GOOGLE_CALENDAR_ID,
            service_account_file=settings.GOOGLE_SERVICE_ACCOUNT_FILE,
            api_base=settings.GOOGLE_API_BASE,
        )
    return LocalCalendar()


# --- the mirror (tasks after commit) ------------------------------------------------------------


def appointment_event_insert(*, appointment_id: int) -> str:
    """Mirror an active appointment as a calendar event. Idempotent: the event id comes from the
    appointment, so a retried task finds its own event rather than making a second one."""
    appointment = Appointment.objects.select_related("lead__customer", "artist").get(pk=appointment_id)
    if appointment.status != A.ACTIVE:
        return "not_active"
    if appointment.google_event_id:
        return "exists"
    lead = appointment.lead
    event_id = calendar_backend(appointment.artist).insert_event(
        key=f"tattoobot{appointment.pk}",
        start=appointment.start,
        end=appointment.end,
        summary=f"Tattoo: {lead.customer.profile_name or f'request #{lead.pk}'}"[:200],
        description=f"{lead.idea[:500]}\n{lead.admin_url}",
    )
    if not event_id:
        return "no_calendar"
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment_id)
        current.google_event_id = event_id
        current.save(update_fields=["google_event_id"])
        if current.status != A.ACTIVE:  # released while the event was being made
            event_deletion_request(appointment=current)
    return "inserted"


def event_deletion_request(*, appointment: Appointment) -> None:
    """The appointment no longer holds its time (released, cancelled): its calendar event is to go.

    Written in the caller's transaction, so the wish is never lost with a task;
    the task follows the commit, and ``booking_sweep`` runs it again if it is
    lost. Idempotent by the event id. Nothing to do without an event."""
    if not appointment.google_event_id:
        return
    deletion = CalendarEventDeletion(appointment=appointment, event_id=appointment.google_event_id)
    if insert_or_skip(deletion):
        enqueue_on_commit(EVENT_DELETE_TASK, deletion.pk)


def appointment_event_delete(*, event_id: str, artist: Artist | None = None) -> None:
    """Remove the event from the artist's calendar; one already gone (404/410) is not an error."""
    calendar_backend(artist).delete_event(event_id)

"""The artist's calendar behind one interface (SPEC §9): ``local`` or ``google``.

The database's appointments are always busy, whatever the backend; a backend
adds what else is busy (the Google calendar's free/busy periods, all-day
events included) and mirrors booked appointments as events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from django.conf import settings


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


def calendar_backend() -> Calendar:
    if settings.CALENDAR_BACKEND == "google":
        from integrations.google_calendar.client import GoogleCalendar

        return GoogleCalendar(
            calendar_id=settings.GOOGLE_CALENDAR_ID,
            service_account_file=settings.GOOGLE_SERVICE_ACCOUNT_FILE,
            api_base=settings.GOOGLE_API_BASE,
        )
    return LocalCalendar()

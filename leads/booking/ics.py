"""The calendar file of one session of a piece (docs/booking.md "Calendar file"): RFC 5545, built with
``icalendar``.

One event per lead and session, whatever happens to it: its ``UID`` names the
lead and the session, so a reschedule (a new appointment row for the same
session) updates the event the customer already has, with a higher
``SEQUENCE``, and a cancellation removes it (``METHOD:CANCEL``,
``STATUS:CANCELLED``, the sequence one higher again). Times are written in the
studio's time zone (``TZID`` and its ``VTIMEZONE``), so a calendar shows the
wall-clock time the confirmation named, across a daylight-saving change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from leads.models import Appointment, StudioSettings
from leads.models.appointment import AppointmentStatus

A = AppointmentStatus

PRODID = "-//TattooBot//Appointment//EN"
FILENAME = "appointment.ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The VTIMEZONE covers the year around the appointment rather than icalendar's default 1970-2038.
ZONE_MARGIN = timedelta(days=366)


def event_uid(*, lead_id: int, session: int) -> str:
    """The same for every appointment of one session of a lead: ``tattoobot-lead12-session1@<host>``."""
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"
    return f"tattoobot-lead{lead_id}-session{session}@{host}"


def event_location(studio: StudioSettings) -> str:
    """The studio's address, else its home city."""
    return studio.address.strip() or studio.home_city


def calendar_ics(*, appointment: Appointment, studio: StudioSettings, now: datetime) -> bytes:
    """The VCALENDAR of ``appointment``'s session as it stands: the event, or its cancellation."""
    cancelled = appointment.status == A.CANCELLED
    tz = studio.tzinfo
    artist = appointment.artist.name
    planned = appointment.lead.sessions_planned
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", event_uid(lead_id=appointment.lead_id, session=appointment.session))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", appointment.start.astimezone(tz))
    event.add("dtend", appointment.end.astimezone(tz))
    event.add("summary", f"Tattoo with {artist}")
    event.add("location", event_location(studio))
    session = f"session {appointment.session} of {planned}" if planned > 1 else "appointment"
    after = " was cancelled." if cancelled else ". To move it, reply on WhatsApp."
    event.add("description", f"Your tattoo {session} with {artist}{after}")
    # A cancellation is one more change of the event than the moves so far.
    event.add("sequence", appointment.sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones(
        first_date=(appointment.start - ZONE_MARGIN).date(), last_date=(appointment.end + ZONE_MARGIN).date()
    )
    return bytes(cal.to_ical())

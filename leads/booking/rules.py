"""Which slots a lead is offered (docs/booking.md): the rules for the lead's size (its artist's hours,
the studio's other rules), what is busy for its artist (the artist's appointments and calendar), and
how a slot reads to a customer."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings

from conversations.messaging.formatting import format_slot
from leads.booking.calendar import calendar_backend
from leads.booking.slots import BusyIndex, Rules, free_slots, parse_working_hours, spread
from leads.models import Appointment, Artist, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.artist import working_hours_for
from tattoobot.foundations.errors import ApplicationError

A = AppointmentStatus
logger = logging.getLogger(__name__)


OFFER_COUNT = 5


def booking_rules(lead: Lead, studio: StudioSettings, artist: Artist | None = None) -> Rules:
    artist = artist or lead.artist
    return Rules(
        tz=studio.tzinfo,
        working_hours=parse_working_hours(working_hours_for(studio, artist)),
        session=timedelta(minutes=studio.session_minutes_for(lead.size_category or "medium")),
        buffer=timedelta(minutes=studio.buffer_minutes),
        notice=timedelta(hours=studio.min_notice_hours),
        horizon=timedelta(days=studio.booking_horizon_days),
    )


def busy_periods(start: datetime, end: datetime, artist: Artist | None = None) -> list[tuple[datetime, datetime]]:
    """The artist's active appointments in the database plus its calendar's busy periods (without
    an artist: every appointment and the studio's calendar)."""
    booked = Appointment.objects.filter(status=A.ACTIVE, start__lt=end, end__gt=start)
    if artist is not None:
        booked = booked.filter(artist=artist)
    return [*booked.values_list("start", "end"), *calendar_backend(artist).busy(start, end)]


def slots_for(
    lead: Lead, studio: StudioSettings, now: datetime, artist: Artist | None = None
) -> list[tuple[datetime, datetime]]:
    """The slots to offer ``lead`` with its artist (or ``artist``): free, spread over days, at most five."""
    artist = artist or lead.artist
    rules = booking_rules(lead, studio, artist)
    busy = BusyIndex(busy_periods(now - timedelta(days=1), now + rules.horizon + timedelta(days=1), artist))
    return spread(free_slots(rules=rules, now=now, busy=busy), rules.tz, count=OFFER_COUNT)


def soonest_artist(lead: Lead, studio: StudioSettings, now: datetime) -> Artist | None:
    """For a lead with no artist (no preference): the active artist with the soonest free slot for
    its size (the first in the list when none has one)."""
    artists = list(Artist.objects.filter(active=True))  # in the list's order (Meta.ordering)
    best: tuple[datetime, int] | None = None
    chosen = artists[0] if artists else None
    for position, artist in enumerate(artists):
        try:
            slots = slots_for(lead, studio, now, artist)
        except Exception:  # one artist's calendar down or misconfigured: the others still count
            logger.warning("slots of artist %s unreadable; left out of the soonest", artist.pk, exc_info=True)
            continue
        if slots and (best is None or (slots[0][0], position) < best):
            best, chosen = (slots[0][0], position), artist
    return chosen


class CalendarDown(ApplicationError):
    status_code = 503
    code = "calendar_unavailable"


def slots_or_unavailable(
    lead: Lead, studio: StudioSettings, now: datetime, artist: Artist | None = None
) -> list[tuple[datetime, datetime]]:
    try:
        return slots_for(lead, studio, now, artist)
    except Exception as exc:
        if settings.CALENDAR_BACKEND == "google":
            from integrations.google_calendar.client import CalendarUnavailable  # as calendar_backend does

            if isinstance(exc, CalendarUnavailable):
                raise CalendarDown("The calendar cannot be read right now; try again shortly.") from exc
        raise


def slot_label(start: datetime, end: datetime, studio: StudioSettings) -> str:
    """``Tue 1 Dec, 10:00–13:00`` in the studio's time zone, in the language of the message it is
    rendered into ("mar 1 dic, 10:00–13:00" for a Spanish customer; lazy, see ``format_slot``)."""
    return format_slot(start, end, studio.tzinfo)


def tz_label(studio: StudioSettings) -> str:
    """``London`` for Europe/London: how customers name the studio's time."""
    return studio.timezone.rsplit("/", 1)[-1].replace("_", " ")


def offered(lead: Lead) -> list[tuple[datetime, datetime]]:
    return [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])) for s in lead.offered_slots]

"""Which slots a lead is offered (docs/booking.md): the studio's rules for the lead's size, what is busy
(appointments and the calendar backend), and how a slot reads to a customer."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from leads.booking.calendar import calendar_backend
from leads.booking.slots import BusyIndex, Rules, free_slots, parse_working_hours, spread
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from tattoobot.foundations.errors import ApplicationError

A = AppointmentStatus


OFFER_COUNT = 5


def booking_rules(lead: Lead, studio: StudioSettings) -> Rules:
    return Rules(
        tz=studio.tzinfo,
        working_hours=parse_working_hours(studio.working_hours),
        session=timedelta(minutes=studio.session_minutes_for(lead.size_category or "medium")),
        buffer=timedelta(minutes=studio.buffer_minutes),
        notice=timedelta(hours=studio.min_notice_hours),
        horizon=timedelta(days=studio.booking_horizon_days),
    )


def busy_periods(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The database's active appointments plus the calendar backend's busy periods."""
    booked = Appointment.objects.filter(status=A.ACTIVE, start__lt=end, end__gt=start).values_list("start", "end")
    return [*booked, *calendar_backend().busy(start, end)]


def slots_for(lead: Lead, studio: StudioSettings, now: datetime) -> list[tuple[datetime, datetime]]:
    """The slots to offer ``lead``: free, spread over days, at most five."""
    rules = booking_rules(lead, studio)
    busy = BusyIndex(busy_periods(now - timedelta(days=1), now + rules.horizon + timedelta(days=1)))
    return spread(free_slots(rules=rules, now=now, busy=busy), rules.tz, count=OFFER_COUNT)


class CalendarDown(ApplicationError):
    status_code = 503
    code = "calendar_unavailable"


def slots_or_unavailable(lead: Lead, studio: StudioSettings, now: datetime) -> list[tuple[datetime, datetime]]:
    try:
        return slots_for(lead, studio, now)
    except Exception as exc:
        if settings.CALENDAR_BACKEND == "google":
            from integrations.google_calendar.client import CalendarUnavailable  # as calendar_backend does

            if isinstance(exc, CalendarUnavailable):
                raise CalendarDown("The calendar cannot be read right now; try again shortly.") from exc
        raise


def slot_label(start: datetime, end: datetime, studio: StudioSettings) -> str:
    """``Tue 1 Dec, 10:00–13:00`` in the studio's time zone."""
    tz = studio.tzinfo
    return f"{start.astimezone(tz):%a %-d %b, %H:%M}–{end.astimezone(tz):%H:%M}"


def tz_label(studio: StudioSettings) -> str:
    """``London`` for Europe/London: how customers name the studio's time."""
    return studio.timezone.rsplit("/", 1)[-1].replace("_", " ")


def offered(lead: Lead) -> list[tuple[datetime, datetime]]:
    return [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])) for s in lead.offered_slots]

"""The calendar admin page (docs/decisions.md "Calendar"): the appointments of a week (Monday first)
or a day, in the studio's time zone, over the working hours the slots come from.

A staff user linked to an artist sees that artist's chair only; a studio manager sees every
artist's, each in its own colour and named, with a filter by artist. On a wide screen the days are
columns of a time grid; on a phone (CSS only) each day is a list of its appointments.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from leads.access import restricted_to, visible
from leads.booking.slots import WEEKDAYS, local, parse_working_hours
from leads.models import Appointment, Artist, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.artist import working_hours_for
from leads.models.lead import LeadStatus
from leads.selectors import appointments_between

VIEWS = ("week", "day")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)  # the dates the page shows
DAY_MINUTES = 24 * 60
ROW_MINUTES = 15  # one row of the time grid
EMPTY_SPAN = (9 * 60, 18 * 60)  # the grid on days with neither working hours nor appointments
COLOURS = 6  # artist colours in calendar.css, taken in turn
IDEA_CHARS = 40
STATES = {"booked": "", "held": "held: the customer is moving it", "done": "done", "no_show": "no-show"}

Hours = dict[str, tuple[time, time]]  # weekday → (opens, closes), as the slots read them


@dataclass(frozen=True)
class Asked:
    """What the query string asked for, made safe: a bad value reads as this week, with a notice."""

    view: str
    day: date
    notice: str = ""


def read_query(params: QueryDict, today: date) -> Asked:
    view = params.get("view", "week")
    raw = params.get("day", "")
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else (today if not raw else None)
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        return Asked("week", today, f"“{raw[:20]}” is not a date to show (YYYY-MM-DD): here is this week.")
    if view not in VIEWS:
        return Asked("week", day, f"There is no “{view[:20]}” view: here is the week.")
    return Asked(view, day)


def shown_days(asked: Asked) -> list[date]:
    if asked.view == "day":
        return [asked.day]
    monday = asked.day - timedelta(days=asked.day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def day_bounds(days: list[date], tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the first day's midnight to the midnight after the last, on the studio's clock: a week
    across a clock change is 167 or 169 hours long."""
    return local(days[0], time(0), tz), local(days[-1] + timedelta(days=1), time(0), tz)


def merged_hours(hours: list[Hours], weekday: str) -> list[tuple[int, int]]:
    """A weekday's working hours (minutes from midnight) of every artist shown, overlaps merged."""
    spans = sorted((minutes(h[weekday][0]), minutes(h[weekday][1]) or DAY_MINUTES) for h in hours if weekday in h)
    merged: list[tuple[int, int]] = []
    for opens, closes in spans:
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def wall_minutes(moment: datetime, day: date, tz: ZoneInfo) -> int:
    """Minutes from ``day``'s midnight on the studio's wall clock, clipped to that day."""
    wall = moment.astimezone(tz)
    if wall.date() != day:
        return 0 if wall.date() < day else DAY_MINUTES
    return wall.hour * 60 + wall.minute


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class Block:
    """One appointment as the page shows it."""

    url: str
    time: str
    name: str
    idea: str
    session: str
    state: str
    state_label: str
    artist: str
    colour: int
    area: str = ""  # its CSS grid-area in the day's time grid


@dataclass
class Day:
    date: date
    today: bool
    hours: list[tuple[int, int]]
    items: list[tuple[int, int, Block]] = field(default_factory=list)  # (start, end) minutes, block
    blocks: list[Block] = field(default_factory=list)
    shading: list[str] = field(default_factory=list)  # grid-areas of the working hours
    back: str = ""  # grid-area of the whole day, behind the rest
    lanes: int = 1
    link: str = ""  # its day view

    @property
    def hours_label(self) -> str:
        return ", ".join(f"{clock(o)}–{clock(c)}" for o, c in self.hours) or "closed"


@dataclass(frozen=True)
class Look:
    """How blocks read: each artist's colour, and whether the artist is named (several shown)."""

    tz: ZoneInfo
    colours: dict[int, int]
    named: bool


def block_for(appointment: Appointment, look: Look) -> Block:
    lead, customer = appointment.lead, appointment.lead.customer
    if appointment.status == AppointmentStatus.ACTIVE:
        state = "held" if lead.status == LeadStatus.BOOKING_PENDING else "booked"
    else:
        state = "done" if appointment.status == AppointmentStatus.COMPLETED else "no_show"
    sessions = max(lead.sessions_planned, appointment.session)
    start, end = appointment.start.astimezone(look.tz), appointment.end.astimezone(look.tz)
    return Block(
        url=reverse("admin:leads_lead_change", args=[lead.pk]),
        time=f"{start:%H:%M}–{end:%H:%M}",
        name=customer.profile_name or customer.handle or "(erased)",
        idea=lead.idea if len(lead.idea) <= IDEA_CHARS else lead.idea[: IDEA_CHARS - 1] + "…",
        session=f"session {appointment.session} of {sessions}" if sessions > 1 else "",
        state=state,
        state_label=STATES[state],
        artist=appointment.artist.name if look.named else "",
        colour=look.colours.get(appointment.artist_id, 0),
    )


def lay_out(days: list[Day], appointments: list[Appointment], look: Look) -> list[tuple[str, str]]:
    """Put each appointment on the days it touches (one past midnight shows on both), place them on
    one time grid of quarter-hour rows spanning whole hours round the working hours and the
    appointments, overlapping ones side by side; returns the grid's hour labels with their areas."""
    for appointment in appointments:
        block = block_for(appointment, look)
        for day in days:
            start, end = (wall_minutes(at, day.date, look.tz) for at in (appointment.start, appointment.end))
            if end > start:
                day.items.append((start, end, block))
    edges = [span for day in days for span in day.hours] + [(s, e) for day in days for s, e, _ in day.items]
    top = min((s for s, _ in edges), default=EMPTY_SPAN[0]) // 60 * 60
    bottom = max(-(-max((e for _, e in edges), default=EMPTY_SPAN[1]) // 60) * 60, top + 60)

    def row(minute: int) -> int:
        return (minute - top) // ROW_MINUTES + 1

    for day in days:
        lane_ends: list[int] = []
        for start, end, block in sorted(day.items, key=lambda item: item[:2]):
            lane = next((n for n, free_at in enumerate(lane_ends) if free_at <= start), len(lane_ends))
            lane_ends[lane:] = [end, *lane_ends[lane + 1 :]]
            last = max(row(end + ROW_MINUTES - 1), row(start) + 1)
            day.blocks.append(replace(block, area=f"{row(start)} / {lane + 1} / {last} / {lane + 2}"))
        day.lanes = max(len(lane_ends), 1)
        day.shading = [f"{row(o)} / 1 / {row(c)} / {day.lanes + 1}" for o, c in day.hours]
        day.back = f"1 / 1 / {row(bottom)} / {day.lanes + 1}"
    return [(f"{row(m)} / 1 / {row(m + 60)} / 2", clock(m)) for m in range(top, bottom, 60)]


def link(base: dict[str, str], **changes: str) -> str:
    return "?" + urlencode({key: value for key, value in {**base, **changes}.items() if value})


def calendar_view(model_admin: admin.ModelAdmin[Lead], request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    studio = StudioSettings.load()
    tz = studio.tzinfo
    today = timezone.now().astimezone(tz).date()
    asked = read_query(request.GET, today)
    own = restricted_to(request.user)
    artists = [own] if own is not None else list(Artist.objects.all())
    raw = request.GET.get("artist", "")
    chosen = next((a for a in artists if raw.isdigit() and a.pk == int(raw)), None) if len(artists) > 1 else None
    focus = own or chosen  # one artist's chair and hours, else every artist's
    shown = [focus] if focus is not None else artists
    dates = shown_days(asked)
    start, end = day_bounds(dates, tz)
    base = visible(request.user, Appointment.objects.all(), "lead")
    appointments = list(
        appointments_between(start=start, end=end, base=base, artist=focus.pk if focus is not None else None)
    )
    # The hours the slots come from (leads/booking/rules.py): the artist's own, else the studio's.
    working: list[Artist | None] = [focus] if focus is not None else [a for a in artists if a.active]
    hours = [parse_working_hours(working_hours_for(studio, artist)) for artist in working or [None]]
    days = [Day(date=d, today=d == today, hours=merged_hours(hours, WEEKDAYS[d.weekday()])) for d in dates]
    colours = {artist.pk: n % COLOURS for n, artist in enumerate(artists)}
    step = timedelta(days=1 if asked.view == "day" else 7)
    query = {"view": asked.view, "artist": str(chosen.pk) if chosen else ""}
    for day in days:
        day.link = link(query, view="day", day=day.date.isoformat())
    ruler = lay_out(days, appointments, Look(tz=tz, colours=colours, named=len(shown) > 1))
    title = f"Calendar — {focus.name}" if focus is not None else "Calendar"
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Lead._meta,
        "title": title,
        "asked": asked,
        "days": days,
        "ruler": ruler,
        "range_start": start,
        "range_end": end,
        "appointments": appointments,
        "artists": artists if own is None and len(artists) > 1 else [],
        "chosen": chosen,
        "legend": [(a.name, colours[a.pk]) for a in shown] if len(shown) > 1 else [],
        "links": {
            "previous": link(query, day=(dates[0] - step).isoformat()) if dates[0] - step >= FIRST_DAY else "",
            "next": link(query, day=(dates[0] + step).isoformat()) if dates[0] + step <= LAST_DAY else "",
            "today": link(query),
            "week": link(query, view="week", day=asked.day.isoformat()),
            "day": link(query, view="day", day=(today if today in dates else dates[0]).isoformat()),
        },
        "timezone": studio.timezone,
    }
    return TemplateResponse(request, "admin/leads/calendar.html", context)

"""Booking a picked slot (docs/booking.md), and the preferred times of a customer no slot suited.

A booking locks its artist's row, so one artist's bookings run one at a time
(two artists' run side by side): the buffer check between the artist's
appointments cannot race, the artist's calendar is asked once more inside the
lock, and PostgreSQL's exclusion constraint (per artist) stays as the last
word on overlaps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from conversations.messaging.notify import artist_notify, customer_notify
from conversations.models import OutboundPurpose
from leads.booking.calendar import EVENT_INSERT_TASK, calendar_backend, event_deletion_request
from leads.booking.calendar_file import appointment_numbering, calendar_context, calendar_document_notify
from leads.booking.freed import freed_slot_announce
from leads.booking.rules import offered, slot_label, tz_label
from leads.booking.slots import BusyIndex
from leads.events import system_event_record
from leads.models import Appointment, Artist, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.services import lead_transition
from payments.refunds import deposit_settle
from tattoobot.foundations.tasking import enqueue_on_commit

A = AppointmentStatus


WINDOWS_BEFORE_ARTIST = 2
# ``Lead.change_request`` while a customer's own move is under way (booking_pending, the old appointment
# held): a free move, or a late one the customer accepted (the deposit is forfeited when it lands).
MOVING = "moving"
MOVING_LATE = "moving_late"


def slot_book(*, lead: Lead, index: int, now: datetime, actor: str = "customer") -> tuple[str, Appointment | None]:
    """Book the ``index``-th offered slot for ``lead`` (the caller holds the lead's lock).

    ``booked``; ``taken`` when it clashes with an appointment made meanwhile;
    ``gone`` when it is no longer far enough ahead.
    """
    if lead.artist_id is None:  # unassigned since the offer: fresh slots, from the soonest artist
        return _taken(lead, offered(lead)[index][0], "no_artist"), None
    # One booking at a time per artist; NO KEY: new rows that point at the artist need not wait.
    artist = Artist.objects.select_for_update(no_key=True).get(pk=lead.artist_id)
    studio = StudioSettings.load()
    start, end = offered(lead)[index]
    if start < now + timedelta(hours=studio.min_notice_hours):
        return "gone", None
    buffer = timedelta(minutes=studio.buffer_minutes)
    # A customer's own move holds the old appointment until this pick (docs/booking.md): it is released
    # here, in the same savepoint as the new one's insert, so a lost race keeps it.
    held = lead.appointments.select_for_update().filter(status=A.ACTIVE).first()
    clash = Appointment.objects.filter(artist=artist, status=A.ACTIVE, start__lt=end + buffer, end__gt=start - buffer)
    if held is not None:
        clash = clash.exclude(pk=held.pk)
    if clash.exists():
        return _taken(lead, start, "buffer"), None
    if calendar_busy(artist, start, end):
        return _taken(lead, start, "calendar"), None
    session, sequence = appointment_numbering(lead)  # a reschedule keeps the session's calendar event
    try:
        with transaction.atomic():
            if held is not None:
                held.status, held.released_at, held.released_by = A.RELEASED, now, "customer"
                held.save(update_fields=["status", "released_at", "released_by"])
            appointment = Appointment.objects.create(
                lead=lead, artist=artist, start=start, end=end, session=session, sequence=sequence
            )
    except IntegrityError:  # the exclusion constraint: another transaction won the slot
        if held is not None:
            held.status, held.released_at, held.released_by = A.ACTIVE, None, ""
        return _taken(lead, start, "constraint"), None
    moved_from = ""
    if held is not None:
        moved_from = slot_label(held.start, held.end, studio)
        event_deletion_request(appointment=held)
        freed_slot_announce(held)
        customer_move_settle(lead, now=now)
    lead.offered_slots, lead.fresh_slots_wanted_at = [], None
    lead.save(
        update_fields=[
            "offered_slots",
            "fresh_slots_wanted_at",
            "reschedules_used",
            "change_request",
            "change_requested_at",
            "updated_at",
        ]
    )
    lead_transition(lead=lead, name="book", actor=actor, reason="slot_picked" if held is None else "moved_by_customer")
    when = slot_label(start, end, studio)
    customer_notify(
        lead=lead,
        template="booked",
        purpose=OutboundPurpose.NEXT_STEPS,
        studio=studio,
        key=f"booked:{appointment.pk}",
        when=when,
        tz=tz_label(studio),
        **calendar_context(appointment, studio),
    )
    calendar_document_notify(lead=lead, appointment=appointment, studio=studio, when=when, tz=tz_label(studio))
    artist_notify(
        lead=lead,
        key=f"artist-booked:{appointment.pk}",
        template="artist_booked",
        studio=studio,
        when=when,
        moved_from=moved_from,
    )
    if settings.CALENDAR_BACKEND != "local":
        enqueue_on_commit(EVENT_INSERT_TASK, appointment.pk)
    return "booked", appointment


def customer_move_settle(lead: Lead, *, now: datetime) -> None:
    """A customer's own move has landed on a new time: it counts as one of their moves, and a late
    one (they said YES to the policy) forfeits the deposit. The caller saves the lead."""
    if lead.change_request not in (MOVING, MOVING_LATE):
        return
    lead.reschedules_used += 1
    if lead.change_request == MOVING_LATE:
        deposit_settle(lead=lead, outcome="forfeit", reason="late_reschedule", now=now)
    lead.change_request, lead.change_requested_at = "", None


def calendar_busy(artist: Artist, start: datetime, end: datetime) -> bool:
    """The artist's calendar has something in [start, end) (the local backend never has)."""
    return BusyIndex(calendar_backend(artist).busy(start, end)).clashes(start, end, timedelta(0))


def _taken(lead: Lead, start: datetime, how: str) -> str:
    system_event_record(
        type="slot_conflict",
        level="info",
        message=f"lead {lead.pk}: the slot at {start.isoformat()} was just taken ({how})",
        lead=lead,
        payload={"start": start.isoformat(), "how": how},
    )
    return "taken"


def time_window_store(*, lead: Lead, text: str, now: datetime) -> int:
    """Keep one of the customer's preferred windows (caller holds the lock); the artist hears after two."""
    lead.time_windows = [*lead.time_windows, {"text": text.strip()[:300], "at": now.isoformat()}][-20:]
    lead.save(update_fields=["time_windows", "updated_at"])
    count = len(lead.time_windows)
    if count == WINDOWS_BEFORE_ARTIST:
        windows = [w["text"] for w in lead.time_windows]
        artist_notify(lead=lead, key=f"artist-windows:{lead.pk}:{count}", template="artist_windows", windows=windows)
    return count

"""Offering a freed time to the artist's waiting leads (docs/booking.md, "Freed slots"): the body of the
task ``leads.offer_freed_slot``.

Candidates are the same artist's leads: first those in
``collecting_time_windows`` whose windows the time fits, then those in
``booking_pending`` for more than a day, the longest waiting first in each.
Each is offered one slot: the freed start with the lead's own session length,
when that session fits inside the freed time and clashes with nothing busy
now. At most ``FREED_OFFERS`` leads are offered it in all runs together, each
once per freed appointment (the message's key says it was); the first pick
wins through ``slot_book``, the others get "just taken" and fresh slots there.

What is busy is read once, outside any lock; then, under the freed
appointment's row lock (one run at a time), each lead is locked and checked
again before it is changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from conversations.models import OutboundMessage
from conversations.policy.windows import window_fits
from leads.booking.calendar import calendar_backend
from leads.booking.freed import freed_slot_offerable
from leads.booking.offers import slots_message
from leads.booking.rules import offered
from leads.booking.slots import BusyIndex
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from leads.services import lead_locked, lead_transition

S = LeadStatus
A = AppointmentStatus

FREED_OFFERS = 5  # leads offered one freed time, at most
IDLE_BEFORE_OFFER = timedelta(days=1)  # a booking_pending lead this long without a pick is offered it
MAX_LIST_ROWS = 10  # a WhatsApp list shows at most ten rows


def freed_slot_offer(*, appointment_id: int, now: datetime | None = None) -> int:
    """Offer the time freed by ``appointment_id``; how many leads were offered it. Idempotent: a lead is
    offered one freed appointment once (its message's key), so a rerun offers only to those left."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_related("artist").filter(pk=appointment_id).first()
    studio = StudioSettings.load()
    if appointment is None or appointment.status == A.ACTIVE or not freed_slot_offerable(appointment, studio, now):
        return 0
    if studio.panic_mode:  # nothing automated reaches a customer: no lead is moved without its message
        return 0
    busy = _busy_without(appointment)  # outside any lock: the Google backend asks the network
    buffer = timedelta(minutes=studio.buffer_minutes)
    offered = 0
    with transaction.atomic():
        # One run at a time per freed time (a rerun, the sweeper's), and the five counted across runs.
        Appointment.objects.select_for_update().get(pk=appointment.pk)
        earlier = OutboundMessage.objects.filter(idempotency_key__startswith=f"freed:{appointment.pk}:").count()
        for lead in _candidates(appointment, now):
            if earlier + offered >= FREED_OFFERS:
                break
            slot = (appointment.start, appointment.start + _session(lead, studio))
            if slot[1] > appointment.end or busy.clashes(*slot, buffer):
                continue
            if lead.status == S.COLLECTING_TIME_WINDOWS and not _fits_windows(lead, slot, studio):
                continue
            offered += _offer(lead.pk, lead.status, appointment, slot, studio, now)
    return offered


def _candidates(appointment: Appointment, now: datetime) -> list[Lead]:
    """The artist's waiting leads, in the order they are offered the time (the freed lead itself never)."""
    mine = Lead.objects.filter(artist_id=appointment.artist_id).exclude(pk=appointment.lead_id)
    fields = ("status", "size_category", "time_windows")
    collecting = mine.filter(status=S.COLLECTING_TIME_WINDOWS).only(*fields).order_by("status_changed_at", "pk")
    idle = mine.filter(status=S.BOOKING_PENDING, status_changed_at__lte=now - IDLE_BEFORE_OFFER)
    return [*collecting, *idle.only(*fields).order_by("status_changed_at", "pk")]


def _session(lead: Lead, studio: StudioSettings) -> timedelta:
    return timedelta(minutes=studio.session_minutes_for(lead.size_category or "medium"))


def _fits_windows(lead: Lead, slot: tuple[datetime, datetime], studio: StudioSettings) -> bool:
    """Whether one of the customer's windows takes the slot, read on the studio's wall clock."""
    tz = studio.tzinfo
    start, end = (at.astimezone(tz).replace(tzinfo=None) for at in slot)
    for window in lead.time_windows:
        said = datetime.fromisoformat(window["at"]).astimezone(tz).date() if window.get("at") else None
        if window_fits(str(window.get("text", "")), start, end, said=said):
            return True
    return False


def _busy_without(appointment: Appointment) -> BusyIndex:
    """What is busy for the artist around the freed time: its active appointments and its calendar. The
    freed appointment's own calendar event may not be deleted yet (a task after the same commit), so the
    freed time is cut out of the calendar's busy periods; the database's appointments are taken whole."""
    around = (appointment.start - timedelta(days=1), appointment.end + timedelta(days=1))
    booked = Appointment.objects.filter(
        artist_id=appointment.artist_id, status=A.ACTIVE, start__lt=around[1], end__gt=around[0]
    ).values_list("start", "end")
    calendar = calendar_backend(appointment.artist).busy(*around)
    freed = (appointment.start, appointment.end)
    return BusyIndex([*booked, *(piece for period in calendar for piece in _minus(period, freed))])


def _minus(period: tuple[datetime, datetime], cut: tuple[datetime, datetime]) -> list[tuple[datetime, datetime]]:
    (start, end), (cut_start, cut_end) = period, cut
    pieces = [(start, min(end, cut_start)), (max(start, cut_end), end)]
    return [(s, e) for s, e in pieces if e > s]


def _offer(
    lead_id: int,
    status: str,
    appointment: Appointment,
    slot: tuple[datetime, datetime],
    studio: StudioSettings,
    now: datetime,
) -> int:
    """Offer ``slot`` to one lead still in ``status`` (the status it was chosen in), under its lock; 1 when
    it was offered now, 0 when no longer wanted."""
    key = f"freed:{appointment.pk}:{lead_id}"
    wanted = {"start": slot[0].isoformat(), "end": slot[1].isoformat()}
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status != status or OutboundMessage.objects.filter(idempotency_key=key).exists():
            return 0  # moved on since it was chosen, or offered this freed time already (a rerun)
        if not lead.customer.address or lead.customer.opted_out:
            return 0  # erased or opted out: no message, so no offer
        intro = "windows" if lead.status == S.COLLECTING_TIME_WINDOWS else ""
        if lead.status == S.COLLECTING_TIME_WINDOWS:
            lead.offered_slots = [wanted]
            lead = lead_transition(lead=lead, name="offer_slots", actor="bot", reason="freed_slot", locked=True)
        elif lead.status == S.BOOKING_PENDING and lead.status_changed_at <= now - IDLE_BEFORE_OFFER:
            if slot[0] in [start for start, _ in offered(lead)]:
                return 0  # already on offer to this lead
            # Added last: the earlier list (still tappable in WhatsApp) keeps its numbers and row ids.
            earlier = [slot for slot in lead.offered_slots if slot != wanted][: MAX_LIST_ROWS - 1]
            lead.offered_slots = [*earlier, wanted]
            lead.save(update_fields=["offered_slots", "updated_at"])
        else:
            return 0  # moved on since the candidates were read
        slots_message(lead, studio, key=key, template="freed_slot", intro=intro)
    return 1

"""Booking (SPEC §9, §5): offering free slots, booking a pick, time windows, reschedule, cancel.

Slots are computed outside any lock (the Google backend asks the network);
the status check and the writes happen under the lead's lock. A booking also
locks the studio-settings row, so bookings run one at a time: the buffer
check between appointments cannot race, and PostgreSQL's exclusion
constraint stays as the last word on overlaps.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from conversations.copy import render_copy
from conversations.models import OutboundKind, OutboundPurpose
from conversations.notify import artist_notify, customer_notify, first_name
from conversations.outbox import outbox_enqueue
from leads.calendar import calendar_backend
from leads.events import system_event_record
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from leads.services import TransitionRefused, lead_transition
from leads.slots import BusyIndex, Rules, free_slots, parse_working_hours, spread
from payments.models import Deposit, DepositStatus
from tattoobot.errors import ApplicationError
from tattoobot.tasking import enqueue_on_commit

logger = logging.getLogger(__name__)
S = LeadStatus
A = AppointmentStatus

OFFER_COUNT = 5
WINDOWS_BEFORE_ARTIST = 2
OFFER_TASK = "leads.offer_slots"
EVENT_INSERT_TASK = "leads.calendar_insert_event"
EVENT_DELETE_TASK = "leads.calendar_delete_event"
REFUND_TASK = "payments.refund_deposit"


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


def _slots_or_unavailable(lead: Lead, studio: StudioSettings, now: datetime) -> list[tuple[datetime, datetime]]:
    try:
        return slots_for(lead, studio, now)
    except Exception as exc:
        if settings.CALENDAR_BACKEND == "google":
            from integrations.google_calendar.client import CalendarUnavailable

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


# --- offering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    outcome: str  # offered, no_slots, not_wanted
    lead: Lead | None = None


def slots_offer(
    *,
    lead_id: int,
    from_statuses: tuple[str, ...],
    actor: str = "bot",
    reason: str = "slots_offered",
    intro: str = "",
    now: datetime | None = None,
    require_slots: bool = False,
) -> Offer:
    """Offer free slots to a lead in one of ``from_statuses`` (``booking_pending`` re-offers fresh ones).

    With none free in the horizon, the lead goes to ``collecting_time_windows``
    and the customer is asked when suits them.
    """
    now = now or timezone.now()
    studio = StudioSettings.load()
    peek = Lead.objects.only("status", "size_category").get(pk=lead_id)
    if peek.status not in from_statuses:
        return Offer("not_wanted")
    slots = _slots_or_unavailable(peek, studio, now)
    if require_slots and not slots:
        raise ApplicationError(
            f"No free slot in the next {studio.booking_horizon_days} days: free some time first.",
            code="no_free_slot",
            status_code=409,
        )
    with transaction.atomic():
        lead = Lead.objects.select_for_update(of=("self",)).select_related("customer").get(pk=lead_id)
        if lead.status not in from_statuses:
            return Offer("not_wanted")
        if lead.status == S.BOOKED:
            lead = _release(lead, actor=actor, reason=reason)
        elif lead.status != S.BOOKING_PENDING:
            lead = lead_transition(
                lead=lead, name="offer_slots", actor=actor, reason=reason if slots else "no_free_slot"
            )
        if not slots:
            lead.offered_slots = []
            lead.save(update_fields=["offered_slots", "updated_at"])
            lead = lead_transition(lead=lead, name="collect_time_windows", actor=actor, reason="no_free_slot")
            _tell(lead, studio, "no_free_slot", key=f"no-slots:{lead.pk}:{uuid.uuid4().hex}", intro=intro)
            return Offer("no_slots", lead)
        lead.offered_slots = [{"start": s.isoformat(), "end": e.isoformat()} for s, e in slots]
        lead.save(update_fields=["offered_slots", "updated_at"])
        slots_message(lead, studio, key=f"slots:{lead.pk}:{uuid.uuid4().hex}", intro=intro)
        return Offer("offered", lead)


def slots_message(
    lead: Lead,
    studio: StudioSettings,
    *,
    key: str,
    intro: str = "",
    again: bool = False,
    purpose: str = OutboundPurpose.NEXT_STEPS,
) -> None:
    """The offered slots as a WhatsApp list, numbered in the text as well."""
    labels = [slot_label(start, end, studio) for start, end in offered(lead)]
    text = render_copy(
        "slots_offer", lead=lead, studio=studio, name=first_name(lead), labels=labels, intro=intro, again=again
    )
    rows = [
        {"id": f"slot:{n}", "title": label.split(",")[0], "description": label} for n, label in enumerate(labels, 1)
    ]
    payload = {"button": "Pick a time", "sections": [{"title": "Free times", "rows": rows}]}
    outbox_enqueue(
        key=key,
        to=str(lead.customer.wa_id or ""),
        text=text,
        purpose=purpose,
        kind=OutboundKind.LIST,
        payload=payload,
        customer=lead.customer,
        lead=lead,
        studio=studio,
    )


# --- booking a pick ----------------------------------------------------------------------------


def slot_book(*, lead: Lead, index: int, now: datetime, actor: str = "customer") -> tuple[str, Appointment | None]:
    """Book the ``index``-th offered slot for ``lead`` (the caller holds the lead's lock).

    ``booked``; ``taken`` when it clashes with an appointment made meanwhile;
    ``gone`` when it is no longer far enough ahead.
    """
    studio = StudioSettings.objects.select_for_update().get(pk=1)  # one booking at a time
    start, end = offered(lead)[index]
    if start < now + timedelta(hours=studio.min_notice_hours):
        return "gone", None
    buffer = timedelta(minutes=studio.buffer_minutes)
    clash = Appointment.objects.filter(status=A.ACTIVE, start__lt=end + buffer, end__gt=start - buffer)
    if clash.exists():
        return _taken(lead, start, "buffer"), None
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(lead=lead, start=start, end=end)
    except IntegrityError:  # the exclusion constraint: another transaction won the slot
        return _taken(lead, start, "constraint"), None
    lead.offered_slots = []
    lead.save(update_fields=["offered_slots", "updated_at"])
    lead_transition(lead=lead, name="book", actor=actor, reason="slot_picked")
    when = slot_label(start, end, studio)
    _tell(lead, studio, "booked", key=f"booked:{appointment.pk}", when=when, tz=tz_label(studio))
    artist_notify(lead=lead, key=f"artist-booked:{appointment.pk}", template="artist_booked", studio=studio, when=when)
    if settings.CALENDAR_BACKEND != "local":
        enqueue_on_commit(EVENT_INSERT_TASK, appointment.pk)
    return "booked", appointment


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


# --- the artist's side -------------------------------------------------------------------------


def lead_offer_slots(*, lead_id: int, actor: str) -> Lead:
    """The artist offers slots (after a payment, or from ``collecting_time_windows``)."""
    offer = slots_offer(
        lead_id=lead_id,
        from_statuses=(S.DEPOSIT_PAID, S.COLLECTING_TIME_WINDOWS),
        actor=actor,
        reason="artist_offered_slots",
        require_slots=True,
    )
    return _artist_result(lead_id, offer)


def lead_reschedule(*, lead_id: int, actor: str) -> Lead:
    """Release the booked appointment (and its calendar event) and offer slots again."""
    offer = slots_offer(
        lead_id=lead_id,
        from_statuses=(S.BOOKED,),
        actor=actor,
        reason="rescheduled",
        intro="reschedule",
    )
    return _artist_result(lead_id, offer)


def _artist_result(lead_id: int, offer: Offer) -> Lead:
    if offer.outcome == "not_wanted":
        status = Lead.objects.values_list("status", flat=True).get(pk=lead_id)
        raise TransitionRefused(f"Lead {lead_id} is {status}; slots cannot be offered now.", status=status)
    assert offer.lead is not None
    return offer.lead


def _release(lead: Lead, *, actor: str, reason: str) -> Lead:
    """booked → booking_pending: the appointment is released, its event removed after commit."""
    appointment = lead.appointments.select_for_update().filter(status=A.ACTIVE).first()
    if appointment is not None:
        appointment.status, appointment.released_at = A.RELEASED, timezone.now()
        appointment.save(update_fields=["status", "released_at"])
        if appointment.google_event_id:
            enqueue_on_commit(EVENT_DELETE_TASK, appointment.google_event_id)
    return lead_transition(lead=lead, name="reschedule", actor=actor, reason=reason)


def lead_cancel(*, lead_id: int, actor: str, refund_deposit: bool = False) -> Lead:
    """booked → cancelled. The deposit is kept, or refunded through Stripe (the artist's choice);
    the choice is recorded on the deposit and the appointment."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead = Lead.objects.select_for_update(of=("self",)).select_related("customer").get(pk=lead_id)
        if lead.status != S.BOOKED:
            raise TransitionRefused(
                f"Lead {lead.pk} is {lead.status}; only a booking can be cancelled.", status=lead.status
            )
        appointment = lead.appointments.select_for_update().filter(status=A.ACTIVE).first()
        when = ""
        if appointment is not None:
            appointment.status, appointment.released_at = A.CANCELLED, timezone.now()
            appointment.deposit_kept = not refund_deposit
            appointment.save(update_fields=["status", "released_at", "deposit_kept"])
            when = slot_label(appointment.start, appointment.end, studio)
            if appointment.google_event_id:
                enqueue_on_commit(EVENT_DELETE_TASK, appointment.google_event_id)
        paid = Deposit.objects.select_for_update().filter(lead=lead, status=DepositStatus.PAID).order_by("-paid_at")
        deposit = paid.first()
        if deposit is not None:
            deposit.kept_on_cancel = not refund_deposit
            deposit.save(update_fields=["kept_on_cancel", "updated_at"])
            if refund_deposit:
                enqueue_on_commit(REFUND_TASK, deposit.pk)
        elif refund_deposit:
            raise ApplicationError("There is no paid deposit to refund.", code="no_paid_deposit")
        lead = lead_transition(
            lead=lead, name="cancel", actor=actor, reason="refund" if refund_deposit else "cancelled"
        )
        _tell(lead, studio, "cancelled", key=f"cancelled:{lead.pk}", when=when, refunded=refund_deposit)
        return lead


# --- the calendar mirror (tasks after commit) ----------------------------------------------------


def appointment_event_insert(*, appointment_id: int) -> str:
    """Mirror an active appointment as a calendar event. Idempotent: the event id comes from the
    appointment, so a retried task finds its own event rather than making a second one."""
    appointment = Appointment.objects.select_related("lead__customer").get(pk=appointment_id)
    if appointment.status != A.ACTIVE:
        return "not_active"
    if appointment.google_event_id:
        return "exists"
    lead = appointment.lead
    event_id = calendar_backend().insert_event(
        key=f"tattoobot{appointment.pk}",
        start=appointment.start,
        end=appointment.end,
        summary=f"Tattoo: {lead.customer.profile_name or f'request #{lead.pk}'}"[:200],
        description=f"{lead.idea[:500]}\n{settings.PUBLIC_BASE_URL}/admin/leads/lead/{lead.pk}/change/",
    )
    if not event_id:
        return "no_calendar"
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment_id)
        current.google_event_id = event_id
        current.save(update_fields=["google_event_id"])
        if current.status != A.ACTIVE:  # released while the event was being made
            enqueue_on_commit(EVENT_DELETE_TASK, event_id)
    return "inserted"


def appointment_event_delete(*, event_id: str) -> None:
    calendar_backend().delete_event(event_id)


def booking_sweep(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """What a lost or failed task left behind (beat, every few minutes):
    paid leads never offered slots, and (google) appointments without their event."""
    now = now or timezone.now()
    counts = {"offers": 0, "events": 0}
    stuck = Lead.objects.filter(status=S.DEPOSIT_PAID, status_changed_at__lte=now - timedelta(minutes=5))
    for lead_id in stuck.values_list("pk", flat=True)[:limit]:
        enqueue_on_commit(OFFER_TASK, lead_id)
        counts["offers"] += 1
    if settings.CALENDAR_BACKEND != "local":
        missing = Appointment.objects.filter(
            status=A.ACTIVE, google_event_id="", created_at__lte=now - timedelta(minutes=5), end__gte=now
        )
        for appointment_id in missing.values_list("pk", flat=True)[:limit]:
            enqueue_on_commit(EVENT_INSERT_TASK, appointment_id)
            counts["events"] += 1
    return counts


# --- helpers ---------------------------------------------------------------------------------------


def _tell(lead: Lead, studio: StudioSettings, template: str, *, key: str, **context: Any) -> None:
    customer_notify(lead=lead, key=key, template=template, purpose=OutboundPurpose.NEXT_STEPS, studio=studio, **context)

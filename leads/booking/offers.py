"""Offering free slots to a lead (docs/booking.md): after the deposit, again after a taken pick, and on a
reschedule.

Slots are computed outside any lock (the Google backend asks the network);
the status check and the writes happen under the lead's lock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from conversations.messaging.copy import written_for
from conversations.messaging.formatting import format_day
from conversations.messaging.interactive import (
    FREE_TIMES,
    PICK_A_TIME,
    ROW_DESCRIPTION,
    ROW_TITLE,
    list_payload,
    shown_language,
)
from conversations.messaging.notify import customer_notify
from conversations.models import OutboundKind, OutboundPurpose
from leads.booking.calendar import event_deletion_request
from leads.booking.freed import freed_slot_announce
from leads.booking.rules import offered, slot_label, slots_or_unavailable, soonest_artist
from leads.models import Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from leads.services import lead_locked, lead_transition
from tattoobot.foundations.errors import ApplicationError
from tattoobot.foundations.tasking import enqueue_on_commit

S = LeadStatus
A = AppointmentStatus


OFFER_TASK = "leads.offer_slots"


FRESH_SLOTS_TASK = "leads.offer_fresh_slots"


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
    peek = Lead.objects.only("status", "size_category", "artist").select_related("artist").get(pk=lead_id)
    if peek.status not in from_statuses:
        return Offer("not_wanted")
    artist = peek.artist or soonest_artist(peek, studio, now)  # no preference, no size known: now
    slots = slots_or_unavailable(peek, studio, now, artist)
    if require_slots and not slots:
        raise ApplicationError(
            f"No free slot in the next {studio.booking_horizon_days} days: free some time first.",
            code="no_free_slot",
            status_code=409,
        )
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status not in from_statuses:
            return Offer("not_wanted")
        held = lead.status == S.BOOKING_PENDING and lead.appointments.filter(status=A.ACTIVE).exists()
        if held and not slots:  # a customer's own move with nowhere to go: the booking stands
            return Offer("no_slots", appointment_keep(lead, actor=actor, reason="no_free_slot", studio=studio))
        if lead.status == S.BOOKED:
            lead = appointment_release(lead, actor=actor, reason=reason)
        elif lead.status != S.BOOKING_PENDING:
            name = "next_session" if lead.status == S.COMPLETED else "offer_slots"
            lead = lead_transition(lead=lead, name=name, actor=actor, reason=reason if slots else "no_free_slot")
        lead.fresh_slots_wanted_at = None  # whatever was asked for, this answers it
        if lead.artist_id is None and artist is not None:
            lead.artist = artist
            lead.save(update_fields=["artist", "updated_at"])
        if not slots:
            lead.offered_slots = []
            lead.save(update_fields=["offered_slots", "fresh_slots_wanted_at", "updated_at"])
            lead = lead_transition(lead=lead, name="collect_time_windows", actor=actor, reason="no_free_slot")
            customer_notify(
                lead=lead,
                template="no_free_slot",
                purpose=OutboundPurpose.NEXT_STEPS,
                studio=studio,
                key=f"no-slots:{lead.pk}:{uuid.uuid4().hex}",
                intro=intro,
            )
            return Offer("no_slots", lead)
        lead.offered_slots = [{"start": s.isoformat(), "end": e.isoformat()} for s, e in slots]
        lead.save(update_fields=["offered_slots", "fresh_slots_wanted_at", "updated_at"])
        slots_message(lead, studio, key=f"slots:{lead.pk}:{uuid.uuid4().hex}", intro=intro)
        return Offer("offered", lead)


def fresh_slots_request(lead: Lead, *, intro: str, now: datetime) -> None:
    """In ``booking_pending``, new slots for the lead (its pick was just taken, or nothing is on offer),
    from a task: the Google backend asks the network. The wish is kept on the lead in the caller's
    transaction, so ``booking_sweep`` sends the task again if it is lost (or its retry is)."""
    lead.fresh_slots_wanted_at = now
    lead.save(update_fields=["fresh_slots_wanted_at", "updated_at"])
    enqueue_on_commit(FRESH_SLOTS_TASK, lead.pk, intro)


def slots_message(
    lead: Lead,
    studio: StudioSettings,
    *,
    key: str,
    intro: str = "",
    again: bool = False,
    purpose: str = OutboundPurpose.NEXT_STEPS,
    template: str = "slots_offer",
) -> None:
    """The offered slots as a WhatsApp list, numbered in the text as well (``template`` words it)."""
    slots = offered(lead)
    labels = [slot_label(start, end, studio) for start, end in slots]
    rows = [
        {
            "id": f"slot:{n}",
            "title": written_for(template, lead, studio, format_day(start, studio.tzinfo))[:ROW_TITLE],
            "description": written_for(template, lead, studio, label)[:ROW_DESCRIPTION],
        }
        for n, ((start, _end), label) in enumerate(zip(slots, labels, strict=True), 1)
    ]
    customer_notify(
        lead=lead,
        key=key,
        template=template,
        purpose=purpose,
        kind=OutboundKind.LIST,
        payload=list_payload(PICK_A_TIME, FREE_TIMES, rows, shown_language(lead, studio)),
        studio=studio,
        labels=labels,
        intro=intro,
        again=again,
    )


def appointment_release(lead: Lead, *, actor: str, reason: str) -> Lead:
    """booked → booking_pending: the appointment is released; its event's deletion is a row in the same
    transaction (run after commit)."""
    appointment = lead.appointments.select_for_update().filter(status=A.ACTIVE).first()
    if appointment is not None:
        appointment.status, appointment.released_at, appointment.released_by = A.RELEASED, timezone.now(), "artist"
        appointment.save(update_fields=["status", "released_at", "released_by"])
        event_deletion_request(appointment=appointment)
        freed_slot_announce(appointment)
    return lead_transition(lead=lead, name="reschedule", actor=actor, reason=reason)


def appointment_keep(lead: Lead, *, actor: str, reason: str, studio: StudioSettings) -> Lead:
    """booking_pending → booked: the customer's own move found no new time (none free, or none picked in
    48 h); the held appointment stands and the customer is told (the caller holds the lead's lock)."""
    appointment = lead.appointments.filter(status=A.ACTIVE).first()
    lead.offered_slots, lead.fresh_slots_wanted_at = [], None
    lead.save(update_fields=["offered_slots", "fresh_slots_wanted_at", "updated_at"])
    lead = lead_transition(lead=lead, name="keep_held", actor=actor, reason=reason, locked=True)
    customer_notify(
        lead=lead,
        template="reschedule_kept",
        purpose=OutboundPurpose.NEXT_STEPS,
        studio=studio,
        key=f"kept:{lead.pk}:{uuid.uuid4().hex}",
        when=slot_label(appointment.start, appointment.end, studio) if appointment else "",
        none_free=reason == "no_free_slot",
        by_customer=reason == "customer_kept",
    )
    return lead

"""The artist's booking actions (README.md, docs/booking.md): offer slots, reschedule, cancel with the deposit kept
or refunded."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from leads.booking.changes import booking_cancel, booking_release
from leads.booking.offers import Offer, slots_offer
from leads.events import system_event_record
from leads.models import Lead, StudioSettings, SystemEvent
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from leads.services import TransitionRefused, lead_locked
from payments.models import Deposit, DepositStatus
from tattoobot.foundations.errors import ApplicationError

S = LeadStatus


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


def lead_cancel(*, lead_id: int, actor: str, refund_deposit: bool = False) -> Lead:
    """booked → cancelled. The deposit is kept, or refunded through Stripe (the artist's choice);
    the choice is recorded on the deposit and the appointment. A customer who sent STOP while
    booked (``optout``, the appointment still standing) has the appointment cancelled the same way,
    with no status change (the contract's ``optout`` only goes to ``new``) and no word to them."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status == S.OPTOUT and opted_out_booking(lead):
            return _opted_out_cancel(lead, actor=actor, refund_deposit=refund_deposit)
        if lead.status != S.BOOKED:
            raise TransitionRefused(
                f"Lead {lead.pk} is {lead.status}; only a booking can be cancelled.", status=lead.status
            )
        if refund_deposit and not Deposit.objects.filter(lead=lead, status=DepositStatus.PAID).exists():
            raise ApplicationError("There is no paid deposit to refund.", code="no_paid_deposit")
        lead, _, _ = booking_cancel(
            lead,
            studio=studio,
            actor=actor,
            outcome="refund" if refund_deposit else "forfeit",
            reason="refund" if refund_deposit else "cancelled",
            now=timezone.now(),
        )
        return lead


def opted_out_booking(lead: Lead) -> bool:
    """An opted-out lead whose appointment still stands (STOP stops messages, not appointments)."""
    return lead.status == S.OPTOUT and lead.appointments.filter(status=AppointmentStatus.ACTIVE).exists()


def _opted_out_cancel(lead: Lead, *, actor: str, refund_deposit: bool) -> Lead:
    if refund_deposit and not Deposit.objects.filter(lead=lead, status=DepositStatus.PAID).exists():
        raise ApplicationError("There is no paid deposit to refund.", code="no_paid_deposit")
    outcome = "refund" if refund_deposit else "forfeit"
    appointment, _ = booking_release(lead, actor=actor, outcome=outcome, reason="opted_out", now=timezone.now())
    assert appointment is not None  # the caller checked under the lead's lock
    system_event_record(
        type="opted_out_booking_cancelled",
        level=SystemEvent.Level.INFO,
        message=f"{actor} cancelled the appointment of opted-out lead {lead.pk} ({outcome})",
        lead=lead,
        payload={"appointment_id": appointment.pk, "actor": actor, "deposit": outcome},
    )
    return lead

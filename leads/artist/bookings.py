"""The artist's booking actions (README.md, docs/booking.md): offer slots, reschedule, cancel with the deposit kept
or refunded."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from conversations.messaging.notify import customer_notify
from conversations.models import OutboundPurpose
from leads.booking.calendar import event_deletion_request
from leads.booking.freed import freed_slot_announce
from leads.booking.offers import Offer, slots_offer
from leads.booking.rules import slot_label
from leads.models import Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from leads.services import TransitionRefused, lead_locked, lead_transition
from payments.models import Deposit, DepositStatus
from payments.refunds import REFUND_TASK
from tattoobot.foundations.errors import ApplicationError
from tattoobot.foundations.tasking import enqueue_on_commit

S = LeadStatus
A = AppointmentStatus


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
    the choice is recorded on the deposit and the appointment."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead = lead_locked(lead_id)
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
            event_deletion_request(appointment=appointment)  # the row first: booking_sweep finds a lost task
            freed_slot_announce(appointment)
        paid = Deposit.objects.select_for_update().filter(lead=lead, status=DepositStatus.PAID).order_by("-paid_at")
        deposit = paid.first()
        if deposit is not None:
            deposit.kept_on_cancel = not refund_deposit
            if refund_deposit:  # the row first: the refunds sweep finds it if the task is lost
                deposit.refund_requested_at = timezone.now()
            deposit.save(update_fields=["kept_on_cancel", "refund_requested_at", "updated_at"])
            if refund_deposit:
                enqueue_on_commit(REFUND_TASK, deposit.pk)
        elif refund_deposit:
            raise ApplicationError("There is no paid deposit to refund.", code="no_paid_deposit")
        lead = lead_transition(
            lead=lead, name="cancel", actor=actor, reason="refund" if refund_deposit else "cancelled"
        )
        customer_notify(
            lead=lead,
            template="cancelled",
            purpose=OutboundPurpose.NEXT_STEPS,
            studio=studio,
            key=f"cancelled:{lead.pk}",
            when=when,
            refunded=refund_deposit,
        )
        return lead

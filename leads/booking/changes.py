"""The customer's own changes to a booking, under the booking policy (docs/booking.md "The customer's
own changes"), and the cancellation both the customer and the artist make.

The conversation decides (``conversations/engine/booked_chat.py``: which intent, whether the policy
allows it, the customer's YES); these functions act, under the lead's lock the caller holds:

- a move: ``booked → booking_pending`` with the appointment **held** (still active) until a new pick
  releases it (``slot_book``) or 48 h pass (``appointment_keep``); slots come from a task;
- a cancellation: the appointment cancelled, its calendar event's deletion a row, the deposit
  refunded (a row first) or forfeited by the policy, ``booked → cancelled``;
- a change the policy leaves to the artist: the lead flagged, the artist told, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from conversations.messaging.formatting import format_money
from conversations.messaging.notify import artist_notify, customer_notify
from conversations.models import OutboundPurpose
from conversations.policy.booking_policy import BookingPolicy, Verdict, cancel_verdict, reschedule_verdict
from leads.booking.appointments import MOVING, MOVING_LATE
from leads.booking.calendar import event_deletion_request
from leads.booking.calendar_file import calendar_context
from leads.booking.freed import freed_slot_announce
from leads.booking.offers import fresh_slots_request
from leads.booking.rules import slot_label
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.artist import booking_policy_for
from leads.services import lead_transition
from payments.models import Deposit, DepositStatus
from payments.refunds import deposit_settle

A = AppointmentStatus
# ``Lead.change_request`` while the bot waits for the customer's YES (booked).
ASKED_RESCHEDULE = "ask_reschedule"
# A cancellation asked with the outcome it was promised: the YES does what was said, or asks again.
ASKED_CANCEL_REFUND = "ask_cancel_refund"
ASKED_CANCEL_FORFEIT = "ask_cancel_forfeit"
ASKED = (ASKED_RESCHEDULE, ASKED_CANCEL_REFUND, ASKED_CANCEL_FORFEIT)


@dataclass(frozen=True)
class Change:
    """What the policy says of a change to the lead's booking, now."""

    appointment: Appointment
    when: str
    policy: BookingPolicy
    reschedule: Verdict
    cancel: Verdict
    deposit: str  # the paid deposit as money ("£150"), "" when none is paid


def change_for(lead: Lead, *, studio: StudioSettings, now: datetime) -> Change | None:
    """The policy's verdicts on moving or cancelling the lead's active appointment; None without one."""
    appointment = lead.appointments.filter(status=A.ACTIVE).first()
    if appointment is None:
        return None
    policy = booking_policy_for(studio, lead.artist)
    paid = Deposit.objects.filter(lead=lead, status=DepositStatus.PAID, forfeited_at__isnull=True)
    deposit = paid.order_by("-paid_at").first()
    return Change(
        appointment=appointment,
        when=slot_label(appointment.start, appointment.end, studio),
        policy=policy,
        reschedule=reschedule_verdict(policy, now=now, start=appointment.start, moves_used=lead.reschedules_used),
        cancel=cancel_verdict(policy, now=now, start=appointment.start),
        deposit=format_money(deposit.amount - deposit.amount_refunded, deposit.currency) if deposit else "",
    )


def customer_move_start(lead: Lead, *, change: Change, now: datetime, late: bool) -> Lead:
    """booked → booking_pending, the appointment held; fresh slots from a task. ``late``: outside the
    policy, and the customer said YES to forfeiting the deposit (when the new pick lands)."""
    reason = "customer_late_reschedule" if late else "customer_reschedule"
    lead = lead_transition(lead=lead, name="reschedule", actor="customer", reason=reason, locked=True)
    lead.change_request, lead.change_requested_at = (MOVING_LATE if late else MOVING), now
    lead.save(update_fields=["change_request", "change_requested_at", "updated_at"])
    fresh_slots_request(lead, intro="customer_reschedule_late" if late else "customer_reschedule", now=now)
    artist_notify(
        lead=lead,
        key=f"artist-change:{lead.pk}:move:{change.appointment.pk}:{now:%Y%m%d%H%M%S}",
        template="artist_customer_change",
        change="move",
        when=change.when,
        late=late,
        deposit=change.deposit,
    )
    return lead


def booking_cancel(
    lead: Lead, *, studio: StudioSettings, actor: str, outcome: str, reason: str, now: datetime
) -> tuple[Lead, Deposit | None, str]:
    """booked → cancelled, by the artist or the customer: the appointment cancelled (its calendar
    event's deletion a row), the deposit refunded, forfeited or kept by ``outcome``, and the customer
    told what became of it (the calendar file's link, which now gives the cancellation, included).
    Returns the lead, the deposit and the appointment's time in words. The caller holds the lead's
    lock and says who."""
    appointment, deposit = booking_release(lead, actor=actor, outcome=outcome, reason=reason, now=now)
    when, calendar = "", {}
    if appointment is not None:
        when = slot_label(appointment.start, appointment.end, studio)
        calendar = calendar_context(appointment, studio)
    lead = lead_transition(lead=lead, name="cancel", actor=actor, reason=reason, locked=True)
    # What happened to the money, read from the deposit: a forfeited one is never refunded after.
    customer_notify(
        lead=lead,
        template="cancelled",
        purpose=OutboundPurpose.NEXT_STEPS,
        studio=studio,
        key=f"cancelled:{lead.pk}",
        when=when,
        refunded=deposit is not None and deposit.refund_requested_at is not None,
        forfeited=deposit is not None and deposit.forfeited_at is not None,
        by_customer=actor == "customer",
        **calendar,
    )
    return lead, deposit, when


def booking_release(
    lead: Lead, *, actor: str, outcome: str, reason: str, now: datetime
) -> tuple[Appointment | None, Deposit | None]:
    """The lead's active appointment cancelled (its calendar event's deletion a row, the time offered
    to whoever waits for it) and the deposit refunded, forfeited or kept by ``outcome``: a
    cancellation's bookkeeping, without the status change or a word to the customer. The caller
    holds the lead's lock."""
    appointment = lead.appointments.select_for_update().filter(status=A.ACTIVE).first()
    if appointment is not None:
        appointment.status, appointment.released_at = A.CANCELLED, now
        appointment.released_by = "customer" if actor == "customer" else "artist"
        appointment.deposit_kept = outcome != "refund"
        appointment.save(update_fields=["status", "released_at", "released_by", "deposit_kept"])
        event_deletion_request(appointment=appointment)  # the row first: booking_sweep finds a lost task
        freed_slot_announce(appointment)  # offered to whoever waits for such a time (after commit)
    deposit = deposit_settle(lead=lead, outcome=outcome, reason=reason, now=now)
    if deposit is not None:
        deposit.kept_on_cancel = outcome != "refund"
        deposit.save(update_fields=["kept_on_cancel", "updated_at"])
    return appointment, deposit


def customer_cancel(lead: Lead, *, change: Change, studio: StudioSettings, now: datetime) -> Lead:
    """The customer confirmed a cancellation: refunded with the policy's notice, else forfeited."""
    outcome = "refund" if change.cancel.within else "forfeit"
    reason = "customer_cancel_refund" if outcome == "refund" else "customer_late_cancel"
    lead, deposit, when = booking_cancel(lead, studio=studio, actor="customer", outcome=outcome, reason=reason, now=now)
    refunded = deposit is not None and deposit.refund_requested_at is not None
    artist_notify(
        lead=lead,
        key=f"artist-change:{lead.pk}:cancel:{change.appointment.pk}",
        template="artist_customer_change",
        change="cancel",
        when=when,
        late=not change.cancel.within,
        deposit=change.deposit,
        refunded=refunded,
    )
    return lead


def change_to_artist(lead: Lead, *, change: Change, wanted: str, now: datetime) -> Lead:
    """Outside the policy, and the policy leaves it to the artist: the lead is flagged as theirs, the
    artist told what the customer asked; the booking stands until the artist acts."""
    lead.needs_artist, lead.handover_reason = True, f"customer_{wanted}"
    lead.change_request, lead.change_requested_at = "", None
    lead.save(update_fields=["needs_artist", "handover_reason", "change_request", "change_requested_at", "updated_at"])
    artist_notify(
        lead=lead,
        key=f"artist-change:{lead.pk}:{wanted}-decide:{change.appointment.pk}:{now:%Y%m%d%H}",
        template="artist_customer_change",
        change=f"{wanted}_decide",
        when=change.when,
        late=True,
        deposit=change.deposit,
    )
    return lead

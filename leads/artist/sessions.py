"""After the session (docs/booking.md "After the session", "Several sessions"): the artist marks it
done or a no-show, a booking ended 12 h ago is done by itself, and the next session of a piece is
offered on the same deposit."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from conversations.messaging.notify import artist_notify, customer_notify
from conversations.models import OutboundPurpose
from conversations.policy.booking_policy import no_show_deposit
from leads.booking.offers import Offer, slots_offer
from leads.booking.rules import slot_label
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.artist import booking_policy_for
from leads.models.lead import LeadStatus
from leads.services import TransitionRefused, lead_locked, lead_transition
from payments.refunds import deposit_settle
from tattoobot.foundations.tasking import enqueue_on_commit

S = LeadStatus
A = AppointmentStatus
AUTO_COMPLETE_AFTER = timedelta(hours=12)
NEXT_SESSION_TASK = "leads.offer_next_session"


def sessions_done(lead: Lead) -> int:
    return lead.appointments.filter(status=A.COMPLETED).count()


def _booked(lead_id: int, action: str, now: datetime) -> tuple[Lead, Appointment | None]:
    """The booked lead and its appointment, locked; refused before the session has begun (a done or a
    no-show is about a session that started)."""
    lead = lead_locked(lead_id)
    if lead.status != S.BOOKED:
        raise TransitionRefused(f"Lead {lead.pk} is {lead.status}; {action} needs a booking.", status=lead.status)
    appointment = lead.appointments.select_for_update().filter(status=A.ACTIVE).first()
    if appointment is not None and appointment.start > now:
        raise TransitionRefused(
            f"Lead {lead.pk}: the session starts {appointment.start:%d %b %H:%M}; {action} waits until it has begun.",
            status=lead.status,
        )
    return lead, appointment


def lead_complete(*, lead_id: int, actor: str, now: datetime | None = None) -> Lead:
    """booked → completed: the session is done. With sessions left, the next one is offered (a task
    after commit: slots may need the calendar); the after-care timers take it from here."""
    now = now or timezone.now()
    with transaction.atomic():
        lead, appointment = _booked(lead_id, "marking the session done", now)
        if appointment is not None:
            appointment.status, appointment.finished_at = A.COMPLETED, now
            appointment.save(update_fields=["status", "finished_at"])
        reason = "ended_unmarked" if actor == "timer" else "session_done"
        lead = lead_transition(lead=lead, name="complete", actor=actor, reason=reason, locked=True)
        done = sessions_done(lead)
        if done < lead.sessions_planned:
            enqueue_on_commit(NEXT_SESSION_TASK, lead.pk)
        if actor == "timer":  # the artist hears, so a missed no-show can still be marked by hand
            artist_notify(lead=lead, key=f"artist-auto-complete:{lead.pk}:{done}", template="artist_auto_complete")
        return lead


def lead_no_show(*, lead_id: int, actor: str, forfeit: bool | None = None, now: datetime | None = None) -> Lead:
    """booked → no_show. The deposit follows the policy: forfeited, or (the policy leaves it to the
    artist) forfeited or refunded as the artist chooses (``forfeit``; forfeited when not said)."""
    now = now or timezone.now()
    studio = StudioSettings.load()
    with transaction.atomic():
        lead, appointment = _booked(lead_id, "marking a no-show", now)
        rule = no_show_deposit(booking_policy_for(studio, lead.artist))
        keep = True if rule == "forfeit" or forfeit is None else forfeit
        when = ""
        if appointment is not None:
            appointment.status, appointment.finished_at = A.NO_SHOW, now
            appointment.deposit_kept = keep
            appointment.save(update_fields=["status", "finished_at", "deposit_kept"])
            when = slot_label(appointment.start, appointment.end, studio)
        deposit_settle(lead=lead, outcome="forfeit" if keep else "refund", reason="no_show", now=now)
        lead = lead_transition(lead=lead, name="mark_no_show", actor=actor, reason="no_show", locked=True)
        customer_notify(
            lead=lead,
            template="no_show",
            purpose=OutboundPurpose.NEXT_STEPS,
            studio=studio,
            key=f"no-show:{appointment.pk if appointment else lead.pk}",
            when=when,
            refunded=not keep,
        )
        return lead


def lead_next_session(*, lead_id: int, actor: str) -> Lead:
    """completed → booking_pending: the piece's next session, on the same deposit. The artist may
    ask for one more than planned (the plan grows by one)."""
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status != S.COMPLETED:
            raise TransitionRefused(
                f"Lead {lead.pk} is {lead.status}; a next session follows a completed one.", status=lead.status
            )
        if sessions_done(lead) >= lead.sessions_planned:
            lead.sessions_planned = sessions_done(lead) + 1
            lead.save(update_fields=["sessions_planned", "updated_at"])
    return _offered(lead_id, next_session_offer(lead_id=lead_id, actor=actor, require_slots=True))


def next_session_offer(*, lead_id: int, actor: str = "bot", require_slots: bool = False) -> Offer:
    """Slots for the next session (``completed`` → ``booking_pending``; none free → the customer is
    asked which times suit them)."""
    return slots_offer(
        lead_id=lead_id,
        from_statuses=(S.COMPLETED,),
        actor=actor,
        reason="next_session",
        intro="next_session",
        require_slots=require_slots,
    )


def _offered(lead_id: int, offer: Offer) -> Lead:
    if offer.lead is None:
        status = Lead.objects.values_list("status", flat=True).get(pk=lead_id)
        raise TransitionRefused(f"Lead {lead_id} is {status}; no next session to offer.", status=status)
    return offer.lead


def bookings_autocomplete(*, now: datetime) -> int:
    """``booked`` whose appointment ended 12 h ago and nobody marked a no-show → ``completed``."""
    due = Appointment.objects.filter(
        status=A.ACTIVE, lead__status=S.BOOKED, end__lte=now - AUTO_COMPLETE_AFTER
    ).values_list("lead_id", flat=True)
    done = 0
    for lead_id in list(due[:200]):
        try:
            lead_complete(lead_id=lead_id, actor="timer", now=now)
        except TransitionRefused:
            continue  # moved on meanwhile
        done += 1
    return done


def session_end_prompts(*, now: datetime) -> int:
    """At the end of each booked session the artist gets Done / No-show buttons (and links), once."""
    studio = StudioSettings.load()
    due = Appointment.objects.filter(
        status=A.ACTIVE,
        lead__status=S.BOOKED,
        done_asked_at__isnull=True,
        end__lte=now,
        end__gt=now - AUTO_COMPLETE_AFTER,
    ).values_list("pk", flat=True)
    asked = 0
    for appointment_id in list(due[:200]):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("lead__customer", "lead__artist")
                .filter(pk=appointment_id, done_asked_at__isnull=True)
                .first()
            )
            if appointment is None or appointment.lead.status != S.BOOKED:
                continue
            appointment.done_asked_at = now
            appointment.save(update_fields=["done_asked_at"])
            artist_notify(
                lead=appointment.lead,
                key=f"artist-session-end:{appointment.pk}",
                template="artist_session_end",
                studio=studio,
                when=slot_label(appointment.start, appointment.end, studio),
                session=appointment.session,
                sessions=appointment.lead.sessions_planned,
            )
            asked += 1
    return asked

"""The timers of docs/operations.md, one function each; ``tattoobot/beat.py`` schedules them.

Every timer is idempotent and bounded:
- a reminder's outbox row has a key made of what it reminds about (the idle
  period, the day, the appointment), so a rerun, a second beat instance or a
  concurrent run writes nothing twice (``OutboundMessage.idempotency_key`` is
  unique);
- a status change locks the lead, skipping rows another run holds, and
  re-checks the condition under the lock;
- each run handles at most ``BATCH`` rows; the next run takes the rest.
Opted-out customers and panic mode get nothing: the outbox refuses those rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from conversations.messaging.copy import written_for
from conversations.messaging.notify import artist_notify, customer_notify
from conversations.models import OutboundPurpose
from leads.aftercare import aftercare_checkins, aftercare_messages, healed_photo_requests, review_requests
from leads.artist.sessions import bookings_autocomplete, session_end_prompts
from leads.booking.consent_timers import consent_answers_purge, consent_links, consent_reminders
from leads.booking.offers import appointment_keep, slots_message
from leads.booking.rules import slot_label, tz_label
from leads.models import Appointment, Lead, Question, StudioSettings, SystemEvent
from leads.models.appointment import AppointmentStatus
from leads.models.customer import ARTIST_CHAT
from leads.models.lead import LeadStatus
from leads.services import lead_transition

logger = logging.getLogger(__name__)
S = LeadStatus

BATCH = 200
NUDGE_AFTER = timedelta(hours=20)
WINDOW = timedelta(hours=24)
ABANDON_AFTER = timedelta(hours=72)
BOOKING_REMINDER_AFTER = timedelta(hours=48)
APPOINTMENT_REMINDER_BEFORE = timedelta(hours=48)
APPOINTMENT_REMINDER_LATEST = timedelta(hours=2)  # closer than this, a reminder is pointless
ARTIST_REMINDER_AFTER = timedelta(hours=24)
STALE_AFTER = timedelta(days=7)
SYSTEM_EVENTS_KEPT = timedelta(days=90)

IDLE_STATUSES = (S.QUALIFYING, S.NEEDS_FOLLOW_UP, S.TOUR_CONVERSION_OFFERED)
WAITING_FOR_ARTIST = (S.PENDING_APPROVAL, S.NEEDS_ARTIST_REPLY)


def _idle_since() -> Coalesce:
    """When the customer last wrote (or the lead last moved, for a lead that never heard from them)."""
    return Coalesce("last_inbound_at", "status_changed_at")


def _each_locked(queryset: QuerySet[Lead], still: Callable[[Lead], bool], act: Callable[[Lead], None]) -> int:
    """Run ``act`` on each lead of ``queryset`` (at most BATCH) under its lock, if ``still`` holds then."""
    done = 0
    for lead_id in list(queryset.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            lead = (
                Lead.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("customer")
                .filter(pk=lead_id)
                .first()
            )
            if lead is None or not still(lead):
                continue
            act(lead)
            done += 1
    return done


# --- qualifying: one nudge at 20 h (inside the 24-hour window), abandoned at 72 h ------------------


def qualifying_nudges(*, now: datetime) -> int:
    """One nudge per idle period: the current question again, while the 24-hour window is open
    (a free-form message is still allowed then; after it, only a template could be sent)."""
    studio = StudioSettings.load()
    due = (
        Lead.objects.filter(status=S.QUALIFYING, customer__opted_out=False)
        .exclude(customer__wa_id=None)
        .annotate(idle=_idle_since())
        .filter(idle__lte=now - NUDGE_AFTER, idle__gt=now - WINDOW + timedelta(minutes=5))
        .order_by("idle")
    )

    def still(lead: Lead) -> bool:
        idle = lead.last_inbound_at or lead.status_changed_at
        return lead.status == S.QUALIFYING and now - WINDOW < idle <= now - NUDGE_AFTER

    def nudge(lead: Lead) -> None:
        idle = lead.last_inbound_at or lead.status_changed_at
        question = Question.objects.filter(active=True, key=lead.current_question).first()
        customer_notify(
            lead=lead,
            key=f"nudge:{lead.pk}:{int(idle.timestamp())}",
            template="nudge",
            purpose=OutboundPurpose.NUDGE,
            studio=studio,
            prompt=question.prompt if question else "",
        )

    return _each_locked(due, still, nudge)


def abandon_idle(*, now: datetime) -> int:
    due = (
        Lead.objects.filter(status__in=IDLE_STATUSES).annotate(idle=_idle_since()).filter(idle__lte=now - ABANDON_AFTER)
    )

    def still(lead: Lead) -> bool:
        return lead.status in IDLE_STATUSES and (lead.last_inbound_at or lead.status_changed_at) <= now - ABANDON_AFTER

    def abandon(lead: Lead) -> None:
        lead_transition(lead=lead, name="abandon", actor="timer", reason="no_reply_72h")

    return _each_locked(due.order_by("idle"), still, abandon)


# --- booking: one reminder 48 h after the slots were offered ------------------------------------------


def booking_reminders(*, now: datetime) -> int:
    studio = StudioSettings.load()
    due = (
        Lead.objects.filter(
            status=S.BOOKING_PENDING, status_changed_at__lte=now - BOOKING_REMINDER_AFTER, customer__opted_out=False
        )
        .exclude(appointments__status=AppointmentStatus.ACTIVE)  # a customer's own move: ``held_moves_expire``
        .order_by("status_changed_at")
    )

    def still(lead: Lead) -> bool:
        return lead.status == S.BOOKING_PENDING and bool(lead.offered_slots)

    def remind(lead: Lead) -> None:
        key = f"booking-reminder:{lead.pk}:{int(lead.status_changed_at.timestamp())}"
        slots_message(lead, studio, key=key, intro="reminder", purpose=OutboundPurpose.BOOKING_REMINDER)

    return _each_locked(due, still, remind)


def held_moves_expire(*, now: datetime) -> int:
    """A customer's own move with no pick for 48 h, or whose held time is now closer than the minimum
    notice (no new time could be booked before it anyway): the held appointment stands
    (booking_pending → booked) and the customer is told."""
    studio = StudioSettings.load()
    notice = timedelta(hours=studio.min_notice_hours)
    due = Lead.objects.filter(
        Q(status_changed_at__lte=now - BOOKING_REMINDER_AFTER) | Q(appointments__start__lte=now + notice),
        status=S.BOOKING_PENDING,
        appointments__status=AppointmentStatus.ACTIVE,
    ).order_by("status_changed_at")

    def still(lead: Lead) -> bool:
        return lead.status == S.BOOKING_PENDING and lead.appointments.filter(status=AppointmentStatus.ACTIVE).exists()

    def keep(lead: Lead) -> None:
        appointment_keep(lead, actor="timer", reason="reschedule_not_picked", studio=studio)

    return _each_locked(due, still, keep)


# --- appointments: one reminder 48 h before --------------------------------------------------------------


def appointment_reminders(*, now: datetime) -> int:
    """One reminder per appointment, 48 h before (the sending layer uses the APPOINTMENT_REMINDER
    template when the customer's 24-hour window is closed)."""
    studio = StudioSettings.load()
    due = Appointment.objects.filter(
        status=AppointmentStatus.ACTIVE,
        reminded_at__isnull=True,
        start__lte=now + APPOINTMENT_REMINDER_BEFORE,
        start__gt=now + APPOINTMENT_REMINDER_LATEST,
        lead__status=S.BOOKED,
    ).order_by("start")
    sent = 0
    for appointment_id in list(due.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update(skip_locked=True)
                .select_related("lead__customer")
                .filter(pk=appointment_id, reminded_at__isnull=True, status=AppointmentStatus.ACTIVE)
                .first()
            )
            if appointment is None:
                continue
            appointment.reminded_at = now
            appointment.save(update_fields=["reminded_at"])
            lead = appointment.lead
            if not lead.customer.address:
                continue
            when = slot_label(appointment.start, appointment.end, studio)
            customer_notify(
                lead=lead,
                key=f"appointment-reminder:{appointment.pk}",
                template="appointment_reminder",
                purpose=OutboundPurpose.APPOINTMENT_REMINDER,
                payload={
                    "template_parameters": [
                        lead.customer.first_name or "there",
                        written_for("appointment_reminder", lead, studio, when),
                    ]
                },
                studio=studio,
                when=when,
                tz=tz_label(studio),
            )
            sent += 1
    return sent


# --- the artist: a reminder a day for leads waiting on them; stale after 7 days -----------------------------


def artist_reminders(*, now: datetime) -> int:
    studio = StudioSettings.load()
    today = now.astimezone(studio.tzinfo).date().isoformat()
    due = Lead.objects.filter(
        status__in=WAITING_FOR_ARTIST,
        status_changed_at__lte=now - ARTIST_REMINDER_AFTER,
        status_changed_at__gt=now - STALE_AFTER,
    ).order_by("status_changed_at")

    def still(lead: Lead) -> bool:
        return lead.status in WAITING_FOR_ARTIST

    def remind(lead: Lead) -> None:
        days = (now - lead.status_changed_at).days
        artist_notify(
            lead=lead,
            key=f"artist-reminder:{lead.pk}:{today}",
            template="artist_reminder",
            studio=studio,
            days=days,
            status=lead.status,
        )

    return _each_locked(due, still, remind)


def stale_leads(*, now: datetime) -> int:
    """Leads the artist left for 7 days go ``stale``; never one whose customer the artist wrote to
    in those 7 days (from the WhatsApp Business app or the admin): that conversation is going on."""
    chatting = Q(customer__artist_wrote_at__gt=now - ARTIST_CHAT)
    due = (
        Lead.objects.filter(status__in=WAITING_FOR_ARTIST, status_changed_at__lte=now - STALE_AFTER)
        .exclude(chatting)
        .order_by("status_changed_at")
    )

    def still(lead: Lead) -> bool:
        return (
            lead.status in WAITING_FOR_ARTIST
            and lead.status_changed_at <= now - STALE_AFTER
            and not lead.customer.artist_chatting(now)
        )

    def mark(lead: Lead) -> None:
        lead_transition(lead=lead, name="mark_stale", actor="timer", reason="artist_inactive_7d")

    return _each_locked(due, still, mark)


# --- housekeeping ------------------------------------------------------------------------------------------


def system_events_purge(*, now: datetime, batch: int = 5000) -> int:
    """Delete system events older than 90 days, a batch at a time."""
    old = SystemEvent.objects.filter(created_at__lt=now - SYSTEM_EVENTS_KEPT).order_by("id")
    ids = list(old.values_list("pk", flat=True)[:batch])
    return SystemEvent.objects.filter(pk__in=ids).delete()[0] if ids else 0


TIMERS: dict[str, Callable[..., int]] = {
    "qualifying_nudges": qualifying_nudges,
    "abandon_idle": abandon_idle,
    "booking_reminders": booking_reminders,
    "appointment_reminders": appointment_reminders,
    "consent_links": consent_links,
    "consent_answers_purge": consent_answers_purge,
    "consent_reminders": consent_reminders,
    "artist_reminders": artist_reminders,
    "stale_leads": stale_leads,
    "system_events_purge": system_events_purge,
    "held_moves_expire": held_moves_expire,
    "bookings_autocomplete": bookings_autocomplete,
    "session_end_prompts": session_end_prompts,
    # After the session (leads/aftercare.py).
    "aftercare_messages": aftercare_messages,
    "aftercare_checkins": aftercare_checkins,
    "review_requests": review_requests,
    "healed_photo_requests": healed_photo_requests,
}

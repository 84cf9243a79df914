"""The consent form's two timers (docs/booking.md, "Consent form"), run by ``leads.run_timer``.

- ``consent_links``: each active appointment starting within the studio's lead time (48 h) that
  has no form yet gets one, and its link goes to the customer, once (the form is one per
  appointment, the outbox key is the form's id).
- ``consent_reminders``: a form still unsigned 24 h before the start gets one reminder
  (``reminded_at`` and the outbox key), unless its link went out inside those 24 h already.
Both are bounded (``BATCH`` a run) and lock the row they act on, skipping rows another run
holds. Opted-out and erased customers get nothing: the query leaves them out and the outbox
refuses them; a refused link keeps no form, so it goes when the customer can be written to.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F

from conversations.messaging.notify import customer_notify
from conversations.models import OutboundMessage, OutboundPurpose
from leads.booking.consent import consent_link
from leads.booking.rules import slot_label, tz_label
from leads.models import Appointment, ConsentForm, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus

BATCH = 200
REMINDER_BEFORE = timedelta(hours=24)


def _notify(form: ConsentForm, appointment: Appointment, studio: StudioSettings, kind: str) -> OutboundMessage | None:
    return customer_notify(
        lead=form.lead,
        key=f"consent-{kind}:{form.pk}",
        template=f"consent_{kind}",
        purpose=OutboundPurpose.NEXT_STEPS,
        studio=studio,
        link=consent_link(form),
        when=slot_label(appointment.start, appointment.end, studio),
        tz=tz_label(studio),
    )


def consent_links(*, now: datetime) -> int:
    studio = StudioSettings.load()
    due = Appointment.objects.filter(
        status=AppointmentStatus.ACTIVE,
        start__gt=now,
        start__lte=now + timedelta(hours=studio.consent_lead_hours),
        consent_form__isnull=True,
        lead__status=LeadStatus.BOOKED,
        lead__customer__opted_out=False,
    ).order_by("start")
    sent = 0
    for appointment_id in list(due.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("lead__customer")
                .filter(pk=appointment_id, status=AppointmentStatus.ACTIVE)
                .first()
            )
            # Asked after the lock: a run that wrote the form and let go of the row just before is seen
            # only by a statement begun after it committed (the lock's own query read the older snapshot).
            if appointment is None or ConsentForm.objects.filter(appointment=appointment).exists():
                continue
            form = ConsentForm.objects.create(lead=appointment.lead, appointment=appointment, sent_at=now)
            if _notify(form, appointment, studio, "link") is None:
                transaction.set_rollback(True)  # refused (opted out, erased, panic): no form kept, tried again later
                continue
            sent += 1
    return sent


def consent_reminders(*, now: datetime) -> int:
    due = ConsentForm.objects.filter(
        signed_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=F("appointment__start") - REMINDER_BEFORE,
        appointment__status=AppointmentStatus.ACTIVE,
        appointment__start__gt=now,
        appointment__start__lte=now + REMINDER_BEFORE,
        lead__status=LeadStatus.BOOKED,
        lead__customer__opted_out=False,
    ).order_by("appointment__start")
    studio = StudioSettings.load()
    sent = 0
    for form_id in list(due.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            form = (
                ConsentForm.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("appointment", "lead__customer")
                .filter(pk=form_id, signed_at__isnull=True, reminded_at__isnull=True)
                .first()
            )
            if form is None or form.appointment is None:
                continue
            form.reminded_at = now
            form.save(update_fields=["reminded_at"])
            if _notify(form, form.appointment, studio, "reminder") is None:
                transaction.set_rollback(True)
                continue
            sent += 1
    return sent


def consent_answers_purge(*, now: datetime) -> int:
    """A customer who asked to delete their data while the law still made the studio keep a signed
    form (``consent_retention_days``): its answers, typed name, address and browser go once that
    time is up (docs/booking.md "Consent form")."""
    return ConsentForm.objects.filter(erase_after__lte=now).update(
        answers=[], typed_name="", ip=None, user_agent="", erase_after=None
    )

"""After the session (docs/booking.md "After the session"): four timers, and the healed photo.

- the care message, at once after every completed session (``aftercare_sent_at``);
- a check-in ``aftercare_checkin_days`` after every completed session (``checkin_sent_at``);
- a review request ``review_request_days`` after the piece's last session, once per lead, only
  when the studio has a review link (``review_asked_at`` on that last appointment);
- a healed-photo request ``healed_photo_weeks`` after the last session, once per lead
  (``healed_photo_asked_at`` on that last appointment).

The last session is the piece's: the lead is ``completed`` and its completed appointments reach
``sessions_planned`` (a lead whose next session is being booked gets neither request yet).

Each is idempotent and bounded as the other timers (``leads/timers.py``): the stamp and the outbox
row (keyed by what it is about: ``aftercare:<appointment>``, ``review:<lead>``) are written in one
transaction, under the row's lock taken with SKIP LOCKED, at most ``BATCH`` rows a run. An
opted-out or erased customer gets nothing: the stamp is written alone ("skipped"), so the row is
not looked at again. In panic mode nothing is written nor stamped: what fell due goes when panic
mode ends, unless its moment passed more than ``LATE_LIMIT`` ago (then it is never sent: a check-in
weeks late would only puzzle the customer). A ``no_show`` gets none of them.

Outside the 24-hour window, as every timer's message, each goes as the purpose's approved template
(``NEXT_STEPS``) with the full text held for the customer's next message; with no such template
the row fails and the artist is told (docs/sending.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from conversations.messaging.notify import customer_notify
from conversations.models import OutboundMessage, OutboundPurpose, ReferenceMedia
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus

BATCH = 200
LATE_LIMIT = timedelta(days=7)  # a message this late is not sent any more
DONE = AppointmentStatus.COMPLETED
PURPOSE = OutboundPurpose.NEXT_STEPS

Send = Callable[[Appointment], OutboundMessage | None]


def healed_photo_key(lead: Lead) -> str:
    return f"healed-photo:{lead.pk}"


# --- one stamp, one row ---------------------------------------------------------------------------------


def _stamp_once(appointment_id: int, field: str, now: datetime, send: Send) -> bool:
    """Under the appointment's lock (SKIP LOCKED), if its ``field`` is still unset: the message and
    the stamp in one transaction. True when a message was written. An opted-out or erased customer
    gets the stamp alone; a message the outbox refused otherwise (panic mode, switched on since the
    run began) leaves the stamp unset, for a later run."""
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("lead__customer", "lead__artist")
            .filter(pk=appointment_id, **{f"{field}__isnull": True})
            .first()
        )
        if appointment is None:
            return False  # another run holds it, or has done it
        customer = appointment.lead.customer
        skipped = customer.opted_out or not customer.address
        if not skipped and send(appointment) is None:
            return False
        setattr(appointment, field, now)
        appointment.save(update_fields=[field])
        return not skipped


def _run(due: QuerySet[Appointment], field: str, now: datetime, send: Send) -> int:
    ids = list(due.values_list("pk", flat=True)[:BATCH])
    return sum(_stamp_once(pk, field, now, send) for pk in ids)


def _sender(
    studio: StudioSettings, template: str, key: Callable[[Appointment], str], *, last: str = "", **context: Any
) -> Send:
    """The message of one beat: ``template`` under the outbox key ``key(appointment)``; with ``last``
    (the per-lead stamp), only while the appointment is still the piece's last, unasked session."""

    def send(appointment: Appointment) -> OutboundMessage | None:
        if last and not _still_last(appointment, last):
            return None
        return customer_notify(
            lead=appointment.lead, key=key(appointment), template=template, purpose=PURPOSE, studio=studio, **context
        )

    return send


# --- after every session ----------------------------------------------------------------------------------


def aftercare_messages(*, now: datetime) -> int:
    """The care message, at once after each completed session (beat runs this every minute)."""
    studio = StudioSettings.load()
    if studio.panic_mode:
        return 0
    due = Appointment.objects.filter(
        status=DONE, aftercare_sent_at__isnull=True, finished_at__lte=now, finished_at__gt=now - LATE_LIMIT
    ).order_by("finished_at")
    return _run(due, "aftercare_sent_at", now, _sender(studio, "aftercare", lambda a: f"aftercare:{a.pk}"))


def aftercare_checkins(*, now: datetime) -> int:
    """The check-in, ``aftercare_checkin_days`` after each completed session (after its care message)."""
    studio = StudioSettings.load()
    if studio.panic_mode:
        return 0
    moment = now - timedelta(days=studio.aftercare_checkin_days)
    due = Appointment.objects.filter(
        status=DONE,
        aftercare_sent_at__isnull=False,
        checkin_sent_at__isnull=True,
        finished_at__lte=moment,
        finished_at__gt=moment - LATE_LIMIT,
    ).order_by("finished_at")
    send = _sender(studio, "aftercare_checkin", lambda a: f"aftercare-checkin:{a.pk}")
    return _run(due, "checkin_sent_at", now, send)


# --- after the piece's last session -----------------------------------------------------------------------


def _last_sessions(field: str, moment: datetime) -> QuerySet[Appointment]:
    """The last completed appointment of each ``completed`` lead whose sessions are all done, that
    session finished between ``moment - LATE_LIMIT`` and ``moment``, and no appointment of the lead
    stamped with ``field`` yet (once per lead)."""
    pieces_done = (
        Lead.objects.filter(status=LeadStatus.COMPLETED)
        .annotate(
            done=Count("appointments", filter=Q(appointments__status=DONE)),
            last=Max("appointments__finished_at", filter=Q(appointments__status=DONE)),
        )
        .filter(done__gte=F("sessions_planned"), last__lte=moment, last__gt=moment - LATE_LIMIT)
    )
    stamped = Appointment.objects.filter(lead=OuterRef("lead"), **{f"{field}__isnull": False})
    later = Appointment.objects.filter(lead=OuterRef("lead"), status=DONE, finished_at__gt=OuterRef("finished_at"))
    return (
        Appointment.objects.filter(status=DONE, lead__in=pieces_done.values("pk"), **{f"{field}__isnull": True})
        .exclude(Exists(stamped))
        .exclude(Exists(later))
        .order_by("finished_at")
    )


def _still_last(appointment: Appointment, field: str) -> bool:
    """Re-checked under the lock: the piece is still done, and no other run asked already."""
    lead = appointment.lead
    done = lead.appointments.filter(status=DONE).count()
    return (
        lead.status == LeadStatus.COMPLETED
        and done >= lead.sessions_planned
        and not lead.appointments.filter(**{f"{field}__isnull": False}).exists()
    )


def review_requests(*, now: datetime) -> int:
    """The review link, ``review_request_days`` after the last session; nothing without a link."""
    studio = StudioSettings.load()
    if studio.panic_mode or not studio.review_link:
        return 0
    due = _last_sessions("review_asked_at", now - timedelta(days=studio.review_request_days))

    send = _sender(
        studio,
        "review_request",
        lambda a: f"review:{a.lead_id}",
        last="review_asked_at",
        review_link=studio.review_link,
    )
    return _run(due, "review_asked_at", now, send)


def healed_photo_requests(*, now: datetime) -> int:
    """A photo of the healed piece, ``healed_photo_weeks`` after the last session."""
    studio = StudioSettings.load()
    if studio.panic_mode:
        return 0
    due = _last_sessions("healed_photo_asked_at", now - timedelta(weeks=studio.healed_photo_weeks))

    send = _sender(studio, "healed_photo_request", lambda a: healed_photo_key(a.lead), last="healed_photo_asked_at")
    return _run(due, "healed_photo_asked_at", now, send)


# --- the healed photo ---------------------------------------------------------------------------------


def healed_photo_receive(*, lead: Lead, message_id: str, studio: StudioSettings) -> bool:
    """An image the customer sent (``message_id``) while the lead is ``completed`` and after the
    healed-photo request went: its media row marked as the healed photo, and the customer thanked
    (once per lead, whatever the number of photos). False when the message is no such photo."""
    if lead.status != LeadStatus.COMPLETED:
        return False
    if not OutboundMessage.objects.filter(idempotency_key=healed_photo_key(lead)).exists():
        return False
    marked = ReferenceMedia.objects.filter(
        lead=lead, media_type="image", transcript_message__provider_message_id=message_id
    ).update(healed=True)
    if not marked:
        return False
    customer_notify(
        lead=lead,
        key=f"healed-photo-thanks:{lead.pk}",
        template="healed_photo_thanks",
        studio=studio,
    )
    return True

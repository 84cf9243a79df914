"""The customer's calendar file (docs/booking.md "Calendar file"): the signed link
``PUBLIC_BASE_URL/c/<token>.ics`` to one session of a lead, the file as that session stands now, the
numbering that keeps one calendar event per session, and the confirmation's document message.

The token is ``<lead>.<session>`` signed with Django's signer (the secret key, a salt of its own):
it names the session, not an appointment, so the link in a confirmation follows a reschedule and a
cancellation. It does not expire (docs/decisions.md "Calendar file").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing

from conversations.messaging.notify import customer_notify
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose
from leads.booking.ics import FILENAME, calendar_ics, event_location
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from tattoobot.foundations.errors import ApplicationError

A = AppointmentStatus

SALT = "leads.calendar-file"
ENDED = (A.COMPLETED, A.NO_SHOW)


class CalendarFileNotFound(ApplicationError):
    status_code = 404
    code = "not_found"


def calendar_token(*, lead_id: int, session: int) -> str:
    return signing.Signer(salt=SALT).sign(f"{lead_id}.{session}")


def calendar_link(*, lead_id: int, session: int) -> str:
    return f"{settings.PUBLIC_BASE_URL}/c/{calendar_token(lead_id=lead_id, session=session)}.ics"


def calendar_token_read(token: str) -> tuple[int, int]:
    """The lead and session a token names; ``CalendarFileNotFound`` for a bad or tampered one."""
    try:
        lead, session = signing.Signer(salt=SALT).unsign(token).split(".")
        return int(lead), int(session)
    except (signing.BadSignature, ValueError) as exc:
        raise CalendarFileNotFound("This calendar link is not valid.") from exc


def session_appointment(*, lead_id: int, session: int) -> Appointment | None:
    """The appointment that stands for a session now: the active one (or the one held during a
    customer's reschedule), else the one it ended with (done, no-show, cancelled). Released rows
    are history: between a reschedule and the new pick the session has none."""
    return (
        Appointment.objects.select_related("artist", "lead__customer")
        .filter(lead_id=lead_id, session=session)
        .exclude(status=A.RELEASED)
        .order_by("-sequence", "-id")
        .first()
    )


def calendar_file_for(*, token: str, now: datetime) -> bytes:
    """The ``.ics`` of the session the token names, as it stands now."""
    lead_id, session = calendar_token_read(token)
    appointment = session_appointment(lead_id=lead_id, session=session)
    if appointment is None or appointment.lead.customer.erased_at is not None:
        raise CalendarFileNotFound("This session has no appointment right now.")
    return calendar_ics(appointment=appointment, studio=StudioSettings.load(), now=now)


def appointment_numbering(lead: Lead) -> tuple[int, int]:
    """``(session, sequence)`` for the lead's next appointment (the caller holds the lead's lock): the
    first is session 1; after a session ended, the next session from 0; otherwise (a reschedule:
    the session's appointment released, or held until this pick) the same session, one move more."""
    last = lead.appointments.order_by("-session", "-sequence", "-id").first()
    if last is None:
        return 1, 0
    if last.status in ENDED:
        return last.session + 1, 0
    return last.session, last.sequence + 1


def calendar_context(appointment: Appointment, studio: StudioSettings) -> dict[str, Any]:
    """What a confirmation or a cancellation says about the calendar: the file's link and the place."""
    return {
        "calendar_url": calendar_link(lead_id=appointment.lead_id, session=appointment.session),
        "address": event_location(studio),
    }


def calendar_document_notify(
    *, lead: Lead, appointment: Appointment, studio: StudioSettings, **context: Any
) -> OutboundMessage | None:
    """The calendar file as a WhatsApp document (Meta fetches it from the link), after the confirmation."""
    return customer_notify(
        lead=lead,
        key=f"booked-ics:{appointment.pk}",
        template="booked_calendar",
        purpose=OutboundPurpose.NEXT_STEPS,
        kind=OutboundKind.DOCUMENT,
        payload={
            "link": calendar_link(lead_id=appointment.lead_id, session=appointment.session),
            "filename": FILENAME,
        },
        studio=studio,
        **context,
    )

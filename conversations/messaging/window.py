"""The 24-hour customer-service window (docs/sending.md): outside it, a message goes as its purpose's
approved template (``WHATSAPP_TEMPLATE_<PURPOSE>``), with what the template needs as parameters."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from conversations.messaging.outbox import SEND_TASK
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose, OutboundState
from leads.events import system_event_record
from leads.models import Artist, Customer, StudioSettings
from tattoobot.foundations.db import insert_or_skip
from tattoobot.foundations.tasking import enqueue_on_commit

# Outside the 24-hour window, the purpose's approved template (WHATSAPP_TEMPLATE_<PURPOSE>).
TEMPLATE_FOR_PURPOSE = {
    OutboundPurpose.REPLY: "reengage",
    OutboundPurpose.ARTIST_MESSAGE: "reengage",
    OutboundPurpose.ARTIST_ALERT: "artist_alert",
    OutboundPurpose.NUDGE: "nudge",
    OutboundPurpose.DEPOSIT_LINK: "next_steps",
    OutboundPurpose.DEPOSIT_REMINDER: "deposit_reminder",
    OutboundPurpose.BOOKING_REMINDER: "next_steps",
    OutboundPurpose.APPOINTMENT_REMINDER: "appointment_reminder",
    OutboundPurpose.NEXT_STEPS: "next_steps",
}


WINDOW = timedelta(hours=24)
LINK = re.compile(r"https?://[^\s<>\"']+")


def window_open(message: OutboundMessage, studio: StudioSettings, now: datetime) -> bool:
    customer = message.customer
    last = customer.last_inbound_at if customer is not None else artist_last_inbound(message.to, studio)
    return last is not None and now - last < WINDOW


def artist_last_inbound(number: str, studio: StudioSettings) -> datetime | None:
    """When the artist on ``number`` last wrote to the bot: the studio's number's time is on the
    studio settings, an artist's own number's on its row."""
    if number == settings.ARTIST_WHATSAPP_NUMBER:
        return studio.artist_last_inbound_at
    found = Artist.objects.filter(whatsapp_number=number).aggregate(last=Max("last_inbound_at"))
    last: datetime | None = found["last"]
    return last


def as_template(message: OutboundMessage, reason: str) -> bool:
    """Switch the row to its purpose's approved template; False (nothing changed) when none is configured.

    A row the template cannot carry whole (the bot's or the artist's own words, a link) keeps its
    content in a held copy, sent when the customer next writes (``outbox_release_held``); the
    template carries the customer's name and, where it has a place for one, the row's link."""
    name = template_for(message)
    if not name:
        return False
    customer = message.customer
    first_name = (customer.first_name if customer else "") or "there"
    alert = message.purpose == OutboundPurpose.ARTIST_ALERT
    # Meta refuses newlines, tabs and long runs of spaces in template parameters.
    parameters = [" ".join(message.text.split())[:1000]] if alert else [first_name]
    carried = alert or bool(message.payload.get("template_parameters"))
    if message.payload.get("template_parameters"):  # the row says what its template needs (e.g. the time)
        parameters = [" ".join(str(p).split())[:1000] for p in message.payload["template_parameters"]]
    buttons = message.payload.get("buttons", []) if alert else []  # the ARTIST_ALERT template's quick replies
    payload: dict[str, object] = {"name": name, "language": template_language_code(customer)}
    if not carried and customer is not None:
        _hold(message, customer)
        link, place = _link(message), settings.WHATSAPP_TEMPLATE_LINKS.get(_purpose_key(message), "")
        if link and place == "body":
            parameters.append(link[:1000])
        elif link and place and link.startswith(place) and len(link) > len(place):
            payload["url_button"] = link[len(place) :][:1000]
    payload["parameters"] = parameters
    if buttons:
        payload["buttons"] = buttons
    message.kind = OutboundKind.TEMPLATE
    message.template_name = name
    message.payload = payload
    OutboundMessage.objects.filter(pk=message.pk).update(kind=message.kind, template_name=name, payload=message.payload)
    system_event_record(
        type="template_fallback",
        level="info",
        lead=message.lead,
        message=f"outbound {message.pk} sent as template {name}: {reason}",
        payload={"outbound_id": message.pk, "purpose": message.purpose, "held": not carried},
    )
    return True


def _link(message: OutboundMessage) -> str:
    """The row's link: a deposit's checkout URL, else the first link in its text."""
    url = message.payload.get("checkout_url")
    if isinstance(url, str) and url:
        return url
    found = LINK.search(message.text)
    return found.group(0).rstrip(".,;:!?)") if found else ""


def _hold(message: OutboundMessage, customer: Customer) -> None:
    """A copy of the row as written (its text, buttons or list), ``held`` for the customer's next
    message; one per row, however often the row is switched."""
    held = OutboundMessage(
        idempotency_key=f"{message.idempotency_key[:190]}:held",
        customer=customer,
        lead=message.lead,
        to=message.to,
        purpose=message.purpose,
        kind=message.kind,
        text=message.text,
        payload=message.payload,
        state=OutboundState.HELD,
        due_at=timezone.now(),
        correlation_id=message.correlation_id,
    )
    if insert_or_skip(held) and not customer.has_held:
        Customer.objects.filter(pk=customer.pk).update(has_held=True)
        customer.has_held = True


def _purpose_key(message: OutboundMessage) -> str:
    return TEMPLATE_FOR_PURPOSE.get(OutboundPurpose(message.purpose), "") if message.purpose else ""


def template_language_code(customer: Customer | None) -> str:
    """The language code to send a template in: the customer's language where the approved templates
    exist in it (``WHATSAPP_TEMPLATE_LANGUAGES``), else the default (``WHATSAPP_TEMPLATE_LANGUAGE``);
    the artist's alerts in the default."""
    language = customer.language if customer is not None else ""
    return str(settings.WHATSAPP_TEMPLATE_LANGUAGES.get(language) or settings.WHATSAPP_TEMPLATE_LANGUAGE)


def template_for(message: OutboundMessage) -> str:
    """The configured template name for the row's purpose, or ""."""
    return str(settings.WHATSAPP_TEMPLATES.get(_purpose_key(message), ""))


def outbound_resend_as_template(*, message: OutboundMessage) -> bool:
    """Meta reported a free-form message undelivered outside the 24-hour window (a ``failed`` status
    with 131047): queue it again as its purpose's template. False when no template is configured."""
    if message.kind == OutboundKind.TEMPLATE or not template_for(message):
        return False
    as_template(message, f"Meta reported {message.error_code} on delivery")
    message.state = OutboundState.QUEUED
    OutboundMessage.objects.filter(pk=message.pk).update(
        state=OutboundState.QUEUED, due_at=timezone.now(), wamid="", failed_at=None
    )
    enqueue_on_commit(SEND_TASK, message.pk)
    return True

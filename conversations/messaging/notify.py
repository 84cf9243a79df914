"""Messages written on a lead's behalf outside a conversation turn: to the artist (README.md) and to
the customer (payments, booking, timers, the artist's own words).

While the lead waits for the artist's decision, a decision notification
carries Approve / Reject / Open buttons and a signed one-tap link for each
(one single-use token per action, behind both the link and the button).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from conversations.messaging.copy import render_copy
from conversations.messaging.outbox import outbox_enqueue
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose
from leads.access import artist_numbers
from leads.events import system_event_record
from leads.models import Lead, StudioSettings
from leads.models.lead import ARTIST_DECISION_STATUSES, LeadStatus
from leads.tokens import action_link, action_token_issue

ACTIONS = ("approve", "reject", "open")
DECISION_TEMPLATES = frozenset({"artist_summary", "artist_handover", "artist_reminder"})
# At the end of a session: was it done, or a no-show? (docs/booking.md "After the session")
SESSION_ACTIONS = ("done", "no_show", "open")
SESSION_TEMPLATES = frozenset({"artist_session_end"})
_TITLES = {"no_show": "No-show"}


def artist_number_for(lead: Lead | None) -> str:
    """Where a lead's notifications go: its artist's number (the studio's when the artist has none
    of its own, or the lead no artist yet); "" when nothing is set."""
    artist = lead.artist if lead is not None and lead.artist_id is not None else None
    return artist.notify_number if artist is not None else settings.ARTIST_WHATSAPP_NUMBER


def artist_notify(
    *, lead: Lead, key: str, template: str, studio: StudioSettings | None = None, **context: Any
) -> OutboundMessage | None:
    """Write one notification to the lead's artist (idempotent by ``key``); nothing when no number is set.

    The template sees ``lead``, ``name`` and ``phone`` of the customer (unless
    given), ``admin_url`` and, for a decision, ``links``.
    """
    to = artist_number_for(lead)
    if not to:
        return None
    studio = studio or StudioSettings.load()
    kind, payload = OutboundKind.TEXT, None
    actions: tuple[str, ...] = ()
    if lead.status in ARTIST_DECISION_STATUSES and template in DECISION_TEMPLATES:
        actions = ACTIONS
    elif lead.status == LeadStatus.BOOKED and template in SESSION_TEMPLATES:
        actions = SESSION_ACTIONS
    if actions:
        tokens = {action: action_token_issue(lead=lead, action=action) for action in actions}
        context["links"] = {action: action_link(token) for action, token in tokens.items()}
        kind = OutboundKind.BUTTONS
        payload = {"buttons": [{"id": f"{a}:{tokens[a]}", "title": _TITLES.get(a, a.capitalize())} for a in actions]}
    context.setdefault("name", lead.customer.profile_name)
    context.setdefault("phone", lead.customer.handle or "(erased)")
    text = render_copy(template, lead=lead, studio=studio, admin_url=lead.admin_url, **context)
    return outbox_enqueue(
        key=key,
        to=to,
        text=text,
        purpose=OutboundPurpose.ARTIST_ALERT,
        kind=kind,
        payload=payload,
        lead=lead,
        studio=studio,
    )


def artist_alert(*, key: str, text: str, lead: Lead | None = None, to: str = "") -> OutboundMessage | None:
    """A plain line to the lead's artist, or without a lead to the studio's number (an outcome, a
    failed delivery, a studio-wide alert); nothing when no number is set."""
    to = to or artist_number_for(lead)
    if not to:
        return None
    return outbox_enqueue(key=key, to=to, text=text, purpose=OutboundPurpose.ARTIST_ALERT, lead=lead)


def customer_notify(
    *,
    lead: Lead,
    key: str,
    template: str = "",
    text: str = "",
    purpose: str = OutboundPurpose.REPLY,
    kind: str = OutboundKind.TEXT,
    payload: dict[str, Any] | None = None,
    studio: StudioSettings | None = None,
    **context: Any,
) -> OutboundMessage | None:
    """Write a message for the lead's customer to the outbox (idempotent by ``key``): a message
    template rendered with ``name`` (the first name) and ``context``, or ``text`` as it is (the
    artist's own words). Nothing for an erased customer; the outbox itself refuses opted-out ones."""
    if not lead.customer.address:
        return None
    studio = studio or StudioSettings.load()
    if template:
        text = render_copy(template, lead=lead, studio=studio, name=lead.customer.first_name, **context)
    return outbox_enqueue(
        key=key,
        to=lead.customer.address,
        text=text,
        purpose=purpose,
        kind=kind,
        payload=payload,
        customer=lead.customer,
        lead=lead,
        studio=studio,
    )


def notify_artist_of_failure(message: OutboundMessage, error: str) -> None:
    """A SystemEvent, and a WhatsApp line to the artist unless the failed message was to an artist."""
    system_event_record(
        type="send_failure",
        level="error",
        lead=message.lead,
        message=f"outbound {message.pk} ({message.purpose}) failed: {error}"[:500],
        payload={"outbound_id": message.pk, "error_code": message.error_code},
    )
    if message.purpose != OutboundPurpose.ARTIST_ALERT and message.to not in artist_numbers():
        lead_text = f"request #{message.lead_id}" if message.lead_id else "a customer"
        artist_alert(
            key=f"send-failure:{message.pk}",
            text=f"A message to {lead_text} could not be delivered: {error}"[:1000],
            lead=message.lead,
        )

"""Messages written on a lead's behalf outside a conversation turn: to the artist (SPEC §7) and to
the customer (payments, booking, timers).

While the lead waits for the artist's decision, a decision notification
carries Approve / Reject / Open buttons and a signed one-tap link for each
(one single-use token per action, behind both the link and the button).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from conversations.copy import render_copy
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose
from conversations.outbox import outbox_enqueue
from leads.models import Lead, StudioSettings
from leads.models.lead import ARTIST_DECISION_STATUSES
from leads.tokens import action_link, action_token_issue

ACTIONS = ("approve", "reject", "open")
DECISION_TEMPLATES = frozenset({"artist_summary", "artist_handover", "artist_reminder"})


def admin_url(lead: Lead) -> str:
    return f"{settings.PUBLIC_BASE_URL}/admin/leads/lead/{lead.pk}/change/"


def artist_notify(
    *, lead: Lead, key: str, template: str, studio: StudioSettings | None = None, **context: Any
) -> OutboundMessage | None:
    """Write one notification to ``ARTIST_WHATSAPP_NUMBER`` (idempotent by ``key``); nothing when unset.

    The template sees ``lead``, ``name`` and ``phone`` of the customer (unless
    given), ``admin_url`` and, for a decision, ``links``.
    """
    if not settings.ARTIST_WHATSAPP_NUMBER:
        return None
    studio = studio or StudioSettings.load()
    kind, payload = OutboundKind.TEXT, None
    if lead.status in ARTIST_DECISION_STATUSES and template in DECISION_TEMPLATES:
        tokens = {action: action_token_issue(lead=lead, action=action) for action in ACTIONS}
        context["links"] = {action: action_link(token) for action, token in tokens.items()}
        kind = OutboundKind.BUTTONS
        payload = {"buttons": [{"id": f"{a}:{tokens[a]}", "title": a.capitalize()} for a in ACTIONS]}
    context.setdefault("name", lead.customer.profile_name)
    context.setdefault("phone", lead.customer.wa_id or "(erased)")
    text = render_copy(template, lead=lead, studio=studio, admin_url=admin_url(lead), **context)
    return outbox_enqueue(
        key=key,
        to=settings.ARTIST_WHATSAPP_NUMBER,
        text=text,
        purpose=OutboundPurpose.ARTIST_ALERT,
        kind=kind,
        payload=payload,
        lead=lead,
        studio=studio,
    )


def first_name(lead: Lead) -> str:
    return (lead.customer.profile_name or "").split(" ")[0][:40]


def customer_notify(
    *,
    lead: Lead,
    key: str,
    template: str,
    purpose: str = OutboundPurpose.REPLY,
    studio: StudioSettings | None = None,
    **context: Any,
) -> OutboundMessage | None:
    """Render a message template for the lead's customer and write it to the outbox (idempotent by
    ``key``); nothing for an erased customer (the outbox itself refuses opted-out ones)."""
    if not lead.customer.wa_id:
        return None
    studio = studio or StudioSettings.load()
    text = render_copy(template, lead=lead, studio=studio, name=first_name(lead), **context)
    return outbox_enqueue(
        key=key, to=lead.customer.wa_id, text=text, purpose=purpose, customer=lead.customer, lead=lead, studio=studio
    )

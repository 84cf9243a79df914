"""The artist's own messages from the WhatsApp Business app (docs/conversation.md "The artist's phone").

On a number shared with the WhatsApp Business app, Meta sends what the artist
types there as echoes. Each is the artist's line in that customer's
transcript, and pauses the bot for the customer's lead: a lead in the bot's
hands is handed over (``needs_artist_reply``, reason ``artist_replied``); from
the deposit on it is flagged as the artist's and keeps its status. An echo
starts no lead and never opens the 24-hour window (only the customer's own
messages do). The customer's ``artist_wrote_at`` says the conversation is the
artist's for the next seven days: the orchestrator keeps the bot quiet, the
lead does not go stale, and a customer who answers a stale or abandoned lead
reaches the artist, not the welcome.
"""

from __future__ import annotations

import logging
from datetime import datetime

from conversations.models import Author, Direction, ProcessedMessage, TranscriptMessage
from conversations.policy.inbound import InboundMessage
from leads.models import Lead
from leads.models.lead import ARTIST_FLAG_STATUSES, BOT_STATUSES
from leads.services import customer_get_or_create, lead_current, lead_transition
from tattoobot.foundations.phones import to_e164

logger = logging.getLogger(__name__)
REASON = "artist_replied"


def echo_record(*, message: InboundMessage, processed: ProcessedMessage, now: datetime) -> Lead | None:
    """Store the artist's message to the customer and pause the bot; the customer's lead, if any.
    Runs in the inbox's transaction for the message, holding the customer's row lock."""
    customer = customer_get_or_create(
        wa_id=to_e164(message.wa_id) if message.wa_id else "",
        user_id=message.user_id,
        parent_user_id=message.parent_user_id,
        username=message.username,
        profile_name=message.contact_name,
        lock=True,
    )
    lead = lead_current(customer=customer, now=now, lock=True)
    erased = customer.erased_at is not None and customer.opted_out
    TranscriptMessage.objects.create(
        customer=customer,
        lead=lead,
        direction=Direction.OUTBOUND,
        by=Author.ARTIST,
        message_type=message.type[:20],
        text="" if erased else message.text,
        provider_message_id=message.message_id,
        provider_timestamp=message.timestamp,
        payload={} if erased else {"echo": message.raw},
        at=now,
    )
    if customer.artist_wrote_at is None or customer.artist_wrote_at < now:
        customer.artist_wrote_at = now
        customer.save(update_fields=["artist_wrote_at", "updated_at"])
    processed.customer, processed.lead = customer, lead
    if lead is not None and not customer.opted_out:
        _pause(lead)
    return lead


def _pause(lead: Lead) -> None:
    """The bot stops talking on this lead until the artist resumes it."""
    if lead.status in BOT_STATUSES:
        lead_transition(lead=lead, name="hand_over", actor="artist", reason=REASON, locked=True)
        logger.info("lead %s handed to the artist: the artist wrote from the app", lead.pk)
    elif lead.status in ARTIST_FLAG_STATUSES and not lead.needs_artist:
        lead.needs_artist, lead.handover_reason = True, REASON
        lead.save(update_fields=["needs_artist", "handover_reason", "updated_at"])

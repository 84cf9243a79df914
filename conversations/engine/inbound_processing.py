"""Inbound WhatsApp messages (docs/conversation.md): the engine's entry point.

Each message is handled in its own transaction, by a worker that holds the
customer's claim (``engine/inbox.py``): its inbox row marked processed, the
customer row locked, the transcript written, the engine run and its replies
written to the outbox. Any exception rolls the whole message back, so the
inbox tries it again from scratch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from conversations.engine.echoes import echo_record
from conversations.engine.orchestrator import run_turn
from conversations.engine.turn import Turn, cooldown_passed
from conversations.messaging.copy import render_copy
from conversations.messaging.notify import artist_alert
from conversations.messaging.outbox import outbox_enqueue, outbox_release_held
from conversations.models import (
    Author,
    Direction,
    InboxState,
    ProcessedMessage,
    ReferenceMedia,
    TranscriptMessage,
)
from conversations.policy.inbound import InboundMessage
from conversations.policy.keywords import Keyword, match_global
from leads.access import artist_numbers
from leads.artist.links import artist_button_act
from leads.events import system_event_record
from leads.models import Artist, Customer, Lead, Question, StudioSettings
from leads.services import TransitionRefused, customer_get_or_create, lead_current_or_new
from tattoobot.foundations.phones import to_e164
from tattoobot.foundations.tasking import enqueue_on_commit

logger = logging.getLogger(__name__)
PROVIDER = "whatsapp"
# A processed row keeps no content: the transcript has the message, and the queue key and number
# were only needed while it waited (docs/sending.md "The inbox"; a failed row keeps them for ops).
_DONE = ["state", "processed_at", "payload", "wa_id", "user_id", "customer_key"]


@dataclass(frozen=True)
class InboundResult:
    """Where a message left its lead (logged by the inbox), and the studio settings the turn read
    (the inbox sends the turn's replies with them right after the commit)."""

    message_id: str
    lead_id: int | None = None
    status: str = ""
    step: str = ""
    studio: StudioSettings | None = None
    # Mark the message read at Meta once the turn is committed (blue ticks): every message a
    # person sent to the business number, not the artist's echoes, not the sandbox's.
    read: bool = False


def inbound_message_process(*, message: InboundMessage, row: ProcessedMessage, now: datetime) -> InboundResult:
    """Handle one inbound message, the inbox row a worker claimed (docs/sending.md "The inbox");
    the row is marked ``processed`` in the same transaction. Raises (and rolls back) on any failure."""
    # No savepoint: inside the inbox's transaction for this message, a failure rolls back all of it.
    with transaction.atomic(savepoint=False):
        processed = row
        processed.state, processed.processed_at = InboxState.PROCESSED, now
        processed.payload, processed.wa_id, processed.user_id, processed.customer_key = {}, "", "", ""
        phone = to_e164(message.wa_id) if message.wa_id else ""
        if message.echo:  # the artist wrote to the customer from the WhatsApp Business app
            lead = echo_record(message=message, processed=processed, now=now)
            processed.save(update_fields=[*_DONE, "customer", "lead"])
            return InboundResult(
                message.message_id,
                lead_id=lead.pk if lead else None,
                status=lead.status if lead else "",
                step="artist_echo",
            )
        if phone and phone in artist_numbers():
            processed.save(update_fields=_DONE)
            return artist_message_handle(message=message, phone=phone, now=now)
        customer = customer_get_or_create(
            wa_id=phone,
            user_id=message.user_id,
            parent_user_id=message.parent_user_id,
            username=message.username,
            profile_name=message.contact_name,
            lock=True,
            inbound_at=now,
        )
        outbox_release_held(customer=customer)  # the window is open again: what waited goes first
        studio = StudioSettings.load()
        # STOP and DELETE MY DATA act before anything else: pilot mode, ordering, captions.
        keyword = match_global(message.text) if message.is_answer else None  # read once, used twice
        stop_or_erase = keyword is not None and keyword.keyword in {Keyword.OPT_OUT, Keyword.ERASE}
        if studio.pilot_mode and phone not in studio.pilot_numbers and not customer.is_sandbox and not stop_or_erase:
            _pilot_closed(customer=customer, message=message, phone=phone, now=now, studio=studio)
            processed.customer = customer
            processed.save(update_fields=[*_DONE, "customer"])
            return InboundResult(
                message.message_id, status="pilot_closed", step="pilot_closed", studio=studio, read=True
            )
        lead = lead_current_or_new(customer=customer, now=now, lock=True)
        in_order = _record_inbound(
            processed=processed, customer=customer, lead=lead, message=message, now=now, always=stop_or_erase
        )
        if not in_order:
            logger.info("message %s is older than lead %s's last inbound: stored, not run", message.message_id, lead.pk)
            return InboundResult(
                message.message_id,
                lead_id=lead.pk,
                status=lead.status,
                step="out_of_order",
                studio=studio,
                read=not customer.is_sandbox,
            )
        turn = Turn(
            customer=customer,
            lead=lead,
            message=message,
            phone=phone,
            user_id=message.user_id,
            now=now,
            studio=studio,
            questions=list(Question.objects.filter(active=True).order_by("position", "id")),
            keyword=keyword,
        )
        if not _run(turn) or not turn.lead_saved:
            # The turn wrote no whole lead (or its writes were undone): the last inbound on its own.
            turn.lead.last_inbound_ts, turn.lead.last_inbound_at = _last_inbound(lead, message, now)
            turn.lead.save(update_fields=["last_inbound_ts", "last_inbound_at", "updated_at"])
        return InboundResult(
            message.message_id,
            lead_id=turn.lead.pk,
            status=turn.lead.status,
            step=turn.step_reached,
            studio=studio,
            read=not customer.is_sandbox,
        )


def _record_inbound(
    *,
    processed: ProcessedMessage,
    customer: Customer,
    lead: Lead,
    message: InboundMessage,
    now: datetime,
    always: bool,
) -> bool:
    """The transcript line, the dedup row's customer and lead, the lead's last inbound (set on the
    lead, written by the turn's save of the lead) and the reference file; whether the message is in
    order (not older than the lead's last one), so the engine runs it. STOP and DELETE MY DATA
    (``always``) run whatever their order."""
    in_order = lead.last_inbound_ts is None or message.timestamp >= lead.last_inbound_ts or always
    erased = customer.erased_at is not None and customer.opted_out
    transcript = _store_inbound(
        customer=customer, lead=lead, message=message, now=now, processed=in_order, blank=erased
    )
    processed.customer, processed.lead = customer, lead
    processed.save(update_fields=[*_DONE, "customer", "lead"])
    if not in_order:
        return False
    lead.last_inbound_ts, lead.last_inbound_at = _last_inbound(lead, message, now)
    if message.media is not None and not customer.opted_out:
        _keep_media(lead=lead, transcript=transcript, message=message)
    return True


def _last_inbound(lead: Lead, message: InboundMessage, now: datetime) -> tuple[int, datetime]:
    return max(message.timestamp, lead.last_inbound_ts or 0), now


def _run(turn: Turn) -> bool:
    """The engine, in a savepoint of its own; False when its writes were undone (a conflict)."""
    try:
        with transaction.atomic():
            run_turn(turn)
        return True
    except TransitionRefused as refused:
        # The lead changed under the engine in a way it cannot reconcile (e.g. the artist
        # acted meanwhile). Retrying would fail the same way: keep the message, tell ops.
        system_event_record(
            type="engine_conflict",
            lead=turn.lead,
            message=refused.detail,
            payload={"message_id": turn.message.message_id},
        )
        turn.lead.refresh_from_db()
        turn.step_reached = "conflict"
        return False


def _store_inbound(
    *,
    customer: Customer,
    lead: Lead | None,
    message: InboundMessage,
    now: datetime,
    processed: bool,
    blank: bool = False,
) -> TranscriptMessage:
    """The transcript line; ``blank`` (an erased customer writing again) keeps no content."""
    return TranscriptMessage.objects.create(
        customer=customer,
        lead=lead,
        direction=Direction.INBOUND,
        by=Author.CUSTOMER,
        message_type=message.type,
        text="" if blank else message.text,
        provider_message_id=message.message_id,
        provider_timestamp=message.timestamp,
        payload={} if blank else message.raw,
        processed=processed,
        at=now,
    )


def _keep_media(*, lead: Lead, transcript: TranscriptMessage, message: InboundMessage) -> None:
    """A reference image/document/video or a voice note: the id now, the file from a task."""
    media = message.media
    assert media is not None
    row = ReferenceMedia.objects.create(
        lead=lead,
        transcript_message=transcript,
        media_id=media.media_id,
        media_type=media.kind,
        mime_type=media.mime_type[:100],
        sha256=media.sha256[:100],
        caption=media.caption,
    )
    enqueue_on_commit("conversations.fetch_media", row.pk)


def _pilot_closed(
    *, customer: Customer, message: InboundMessage, phone: str, now: datetime, studio: StudioSettings
) -> None:
    """Pilot mode: outside the allow-list the message is stored and "not yet open" sent once per cooldown."""
    _store_inbound(customer=customer, lead=None, message=message, now=now, processed=False)
    minutes = studio.holding_reply_cooldown_minutes
    if not cooldown_passed(customer.reply_cooldowns, "pilot_closed", minutes, now):
        return
    customer.reply_cooldowns["pilot_closed"] = now.isoformat()
    customer.save(update_fields=["reply_cooldowns", "updated_at"])
    outbox_enqueue(
        key=f"wa:{message.message_id}:pilot_closed",
        to=phone or customer.address,
        text=render_copy("pilot_closed", lead=None, studio=studio),
        customer=customer,
        studio=studio,
    )


def artist_message_handle(*, message: InboundMessage, phone: str, now: datetime) -> InboundResult:
    """An artist's own messages never start a lead; they open that number's 24-hour window. A
    button reply ``approve:<token>``, ``reject:<token>``, ``open:<token>`` (and at a session's end
    ``done:<token>``, ``no_show:<token>``) does what the admin action does, on a lead that number
    may act on; the outcome goes back to the number."""
    logger.info("artist message %s (%s) received", message.message_id, message.type)
    if phone == settings.ARTIST_WHATSAPP_NUMBER:
        StudioSettings.objects.filter(pk=StudioSettings.SINGLETON_PK).update(artist_last_inbound_at=now)
    Artist.objects.filter(whatsapp_number=phone).update(last_inbound_at=now)
    action, _, token = message.reply_id.partition(":")
    if action not in {"approve", "reject", "open", "done", "no_show"} or not token:
        return InboundResult(message.message_id, status="artist", step="artist_message", read=True)
    outcome = artist_button_act(token=token, phone=phone)
    artist_alert(key=f"artist-button:{message.message_id}", text=outcome, to=phone)
    return InboundResult(message.message_id, status="artist", step=f"artist_{action}", read=True)

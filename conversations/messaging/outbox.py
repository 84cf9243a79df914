"""Writing outbound messages: a row in the caller's transaction, sent by a task after commit (docs/sending.md).

Two rules hold here for every caller, so no caller can forget them:
- panic mode: nothing automated reaches a customer except the opt-out and
  erasure confirmations (messages to the artist still go);
- an opted-out customer gets nothing but those confirmations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from conversations.models import (
    Author,
    Direction,
    OutboundKind,
    OutboundMessage,
    OutboundPurpose,
    OutboundState,
    TranscriptMessage,
)
from leads.models import Customer, Lead, StudioSettings
from tattoobot.foundations.db import insert_or_skip, insert_or_skip_with
from tattoobot.foundations.logging import get_correlation_id
from tattoobot.foundations.tasking import enqueue_on_commit

SEND_TASK = "conversations.send_outbound"
ALWAYS_ALLOWED = frozenset({OutboundPurpose.OPTOUT_CONFIRMATION, OutboundPurpose.ERASURE_CONFIRMATION})


def outbox_blocked(*, customer: Customer | None, purpose: str, studio: StudioSettings) -> bool:
    """Whether a message of ``purpose`` to ``customer`` must not be written at all."""
    if customer is None or purpose in ALWAYS_ALLOWED:
        return False  # messages to the artist, and the two confirmations
    return studio.panic_mode or customer.opted_out


def outbox_enqueue(
    *,
    key: str,
    to: str,
    text: str,
    purpose: str = OutboundPurpose.REPLY,
    kind: str = OutboundKind.TEXT,
    payload: dict[str, Any] | None = None,
    customer: Customer | None = None,
    lead: Lead | None = None,
    due_at: datetime | None = None,
    studio: StudioSettings | None = None,
) -> OutboundMessage | None:
    """Write one outbound message (idempotent by ``key``) and send it after commit.

    Returns None when panic mode or opt-out forbids the message. A customer
    message is also appended to the transcript.
    """
    studio = studio or StudioSettings.load()
    if outbox_blocked(customer=customer, purpose=purpose, studio=studio):
        return None
    now = timezone.now()
    message = OutboundMessage(
        idempotency_key=key[:200],
        to=to,
        text=text,
        purpose=purpose,
        kind=kind,
        payload=payload or {},
        customer=customer,
        lead=lead,
        due_at=due_at or now,
        correlation_id="" if get_correlation_id() == "-" else get_correlation_id(),
    )
    if customer is not None:
        # The row and its transcript line in one statement; a repeated key writes neither.
        line = TranscriptMessage(
            customer=customer,
            lead=lead,
            direction=Direction.OUTBOUND,
            by=Author.ARTIST if purpose == OutboundPurpose.ARTIST_MESSAGE else Author.BOT,
            message_type=kind,
            text=text,
            payload={"purpose": purpose},
            at=now,
        )
        created = insert_or_skip_with(message, line, pk_into=("payload", "outbound_id"))
    else:
        created = insert_or_skip(message)  # one statement; a repeated key keeps the first row
    if not created:
        return OutboundMessage.objects.get(idempotency_key=key[:200])
    if message.due_at <= now:  # one task per recipient and transaction drains them all, in order
        enqueue_on_commit(SEND_TASK, message.pk, to, once_per=to)
    return message


def outbox_release_held(*, customer: Customer) -> int:
    """The customer wrote, so the 24-hour window is open: the rows held while it was shut (their
    template went instead) are queued, oldest first, ahead of anything this message causes. A flag
    on the customer says there are any, so the usual message costs no query here."""
    if not customer.has_held:
        return 0
    rows = list(
        OutboundMessage.objects.filter(customer=customer, state=OutboundState.HELD)
        .order_by("id")
        .values_list("pk", "to")
    )
    now = timezone.now()
    OutboundMessage.objects.filter(pk__in=[pk for pk, _ in rows], state=OutboundState.HELD).update(
        state=OutboundState.QUEUED, due_at=now, created_at=now
    )
    Customer.objects.filter(pk=customer.pk).update(has_held=False)
    customer.has_held = False
    for pk, to in rows:
        enqueue_on_commit(SEND_TASK, pk, to, once_per=to)
    return len(rows)


def outbox_retry(*, ids: list[int]) -> int:
    """Put failed rows back in the queue (the artist's retry in admin); each is sent after commit.

    Rows to an opted-out customer stay failed: nothing but the confirmations goes to them.
    """
    retried = 0
    with transaction.atomic():
        rows = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("customer")
            .filter(pk__in=ids, state=OutboundState.FAILED)
        )
        for row in rows:
            if not row.to or (
                row.customer is not None and row.customer.opted_out and row.purpose not in ALWAYS_ALLOWED
            ):
                continue
            row.state, row.due_at, row.failed_at, row.created_at = (
                OutboundState.QUEUED,
                timezone.now(),
                None,
                timezone.now(),
            )
            row.save(update_fields=["state", "due_at", "failed_at", "created_at"])
            enqueue_on_commit(SEND_TASK, row.pk)
            retried += 1
    return retried


def outbound_claimed_update(message: OutboundMessage, **fields: object) -> None:
    """Write the outcome of a sender's claim (only while the row is still ``sending``, so still ours)."""
    OutboundMessage.objects.filter(pk=message.pk, state=OutboundState.SENDING).update(**fields)

"""The inbox (docs/sending.md "The inbox"): the webhook request stores, the workers process.

``inbox_store`` is all the request does with messages: one multi-row insert
that skips message ids already stored, and, after commit, one task per customer
with new messages. ``inbox_process`` is that task's body: it takes the
customer's pending messages in order (Meta's timestamp, then arrival) and runs
each through the engine in its own transaction, holding the customer's claim
(a PostgreSQL advisory lock for the transaction: two workers can never process
one customer at once; on SQLite, whose writers are serial, the database's own
write lock). A message that fails is rolled back and retried with backoff;
after ``MAX_ATTEMPTS`` it is ``failed``, a system event is recorded, the artist
is told, and the customer's later messages go on. ``inbox_sweep`` (beat)
re-dispatches customers whose pending messages are older than ``SWEEP_AFTER``:
a lost task or a broker outage delays a message, it never loses it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from conversations.engine.inbound_processing import PROVIDER, inbound_message_process
from conversations.messaging.notify import artist_alert
from conversations.messaging.outbox import SEND_TASK
from conversations.messaging.receipts import read_receipt_send
from conversations.messaging.sending import outbound_send
from conversations.models import InboxState, ProcessedMessage
from conversations.policy.inbound import InboundMessage, PayloadError, message_to_store, stored_message
from leads.events import system_event_record
from leads.models import StudioSettings
from tattoobot.foundations.db import checked_by_running, insert_many_or_skip
from tattoobot.foundations.phones import to_e164
from tattoobot.foundations.tasking import held_publishes, send_task_later, send_task_now

logger = logging.getLogger(__name__)

PROCESS_TASK = "conversations.process_inbox"
MAX_ATTEMPTS = 5
SWEEP_AFTER = timedelta(seconds=30)
BATCH = 50  # messages of one customer per task run; a longer queue re-dispatches itself
QUEUED_FLAG_SECONDS = 60  # a customer's published task not started in this long: the next message publishes again


def customer_key(message: InboundMessage) -> str:
    """The queue a message belongs to: its sender, by Meta's user id when the message carries one
    (``user:US.1349…``, the identifier Meta keeps when the number is withheld), else by number
    (``wa:+447700900123``)."""
    return _key(to_e164(message.wa_id) if message.wa_id else "", message.user_id)


def _key(phone: str, user_id: str) -> str:
    return f"user:{user_id}" if user_id else f"wa:{phone}"


def inbox_store(messages: Sequence[InboundMessage], *, now: datetime | None = None) -> int:
    """Store the messages as ``pending``, skipping ids already stored; the new ones' customers are
    dispatched after commit. Returns how many were new. No engine, no customer lock, no lead read.
    A sender number that is not a phone number raises ``InvalidPhoneNumber`` before anything is
    written."""
    now = now or timezone.now()
    phones = [to_e164(message.wa_id) if message.wa_id else "" for message in messages]
    rows = [
        ProcessedMessage(
            provider=PROVIDER,
            message_id=message.message_id,
            customer_key=_key(phone, message.user_id),
            wa_id=phone,
            user_id=message.user_id,
            payload=message_to_store(message),
            provider_timestamp=message.timestamp,
            state=InboxState.PENDING,
            received_at=now,
        )
        for message, phone in zip(messages, phones, strict=True)
    ]
    # The request's one statement: it is its own health check (no SELECT 1 before it).
    keys = checked_by_running(lambda: insert_many_or_skip(rows, returning="customer_key"))  # type: ignore[arg-type]
    for key in dict.fromkeys(str(k) for k in keys):
        transaction.on_commit(partial(_dispatch, key), robust=True)
    return len(keys)


def _queued_flag(key: str) -> str:
    return f"inbox-queued:{key}"


def _dispatch(key: str) -> None:
    """Publish the customer's task, unless one published for an earlier message has not started
    yet: that one will find this message too (it clears the flag before it reads the queue, and
    this message was committed before the flag was looked at). So a customer's burst while the
    workers are behind is one task, not one per message. The flag expires after
    ``QUEUED_FLAG_SECONDS``, and a lost publish clears it; the sweeper is the net either way."""
    flag = _queued_flag(key)
    try:
        first = cache.add(flag, 1, timeout=QUEUED_FLAG_SECONDS)
    except Exception:  # the cache (Redis) is down: publish anyway (it likely fails too; the sweeper)
        logger.warning("inbox: could not set the queued flag of %s", key, exc_info=True)
        first = True
    if not first:
        return
    try:
        send_task_now(PROCESS_TASK, key)
    except Exception:
        logger.warning("inbox: could not dispatch %s; the sweeper will", key, exc_info=True)
        with suppress(Exception):
            cache.delete(flag)


def inbox_process(key: str, *, limit: int = BATCH) -> int:
    """Process the customer's pending messages in order; how many were processed or failed.

    Stops when another worker holds the customer, when the next message waits for its retry,
    or after ``limit`` messages (then the task is sent again, so one long queue cannot hold a
    worker while other customers wait)."""
    with suppress(Exception):  # before the queue is read: a message stored from now on publishes again
        cache.delete(_queued_flag(key))
    done = 0
    while done < limit:
        with held_publishes(SEND_TASK) as held:
            outcome, studio, read = _process_next(key)
        _send_replies(held[SEND_TASK], studio)
        if read:  # after the replies: the blue ticks never delay an answer
            read_receipt_send(read)
        if outcome == "busy":
            # Another worker holds the customer and will see this task's messages — unless it was
            # finishing its last one as they arrived: look again in a moment (the sweeper is the net).
            send_task_later(PROCESS_TASK, key, countdown=1.0)
            return done
        if outcome in {"none", "waiting"}:
            return done
        done += 1
        if outcome == "last":
            return done
    send_task_now(PROCESS_TASK, key)
    return done


def _send_replies(held: list[tuple[Any, ...]], studio: StudioSettings | None) -> None:
    """Send the replies the message's transaction queued, here in this worker (they are rows
    already, claimed as any send claims them): no publish and no second task per message, and
    the studio settings the turn read just now. A send that cannot run here is published as its
    own task, and the outbox sweeper is the net."""
    for args in held:
        try:
            outbound_send(message_id=args[0], to=args[1] if len(args) > 1 else "", studio=studio)
        except Exception:
            logger.warning("inbox: sending outbound %s here failed; queued as a task", args[0], exc_info=True)
            with suppress(Exception):
                send_task_now(SEND_TASK, *args)


def _claimed_head(key: str) -> list[ProcessedMessage] | None:
    """The customer's next two pending messages, with the customer's claim for the current
    transaction; None when another worker holds the claim.

    On PostgreSQL the claim (``pg_try_advisory_xact_lock``) is its own statement, taken before the
    messages are read: the read's snapshot is then later than the commit of any worker that held
    the claim before, so a message it processed is never read as pending again. (Taking the lock
    inside the read lets the read's snapshot predate that commit: a message processed twice, seen
    once in a two-worker test.) On SQLite a write takes the database's write lock for the
    transaction, so writers are serial."""
    queue = ProcessedMessage.objects.filter(customer_key=key, state=InboxState.PENDING).order_by(
        "provider_timestamp", "id"
    )
    if connection.vendor != "postgresql":
        queue.update(attempts=F("attempts"))
        return list(queue[:2])
    digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [digest])
        row = cursor.fetchone()
    if not (row and row[0]):
        return None
    return list(queue[:2])


def _process_next(key: str) -> tuple[str, StudioSettings | None, str]:
    """The outcome of taking the customer's next message, the studio settings its turn read, and
    the message id to mark read at Meta ("" for none)."""
    now = timezone.now()
    row_id: int | None = None
    try:
        with transaction.atomic():
            # The next two: the second says whether to go on, so the usual last message costs no
            # second claim (one arriving meanwhile has its own task).
            head = _claimed_head(key)
            if head is None:
                return "busy", None, ""
            if not head:
                return "none", None, ""
            row = head[0]
            if row.next_attempt_at is not None and row.next_attempt_at > now:
                return "waiting", None, ""  # its retry task (or the sweeper) comes back for it
            row_id = row.pk
            message = stored_message(row.payload)
            result = inbound_message_process(message=message, row=row, now=now)
            logger.debug("inbox %s: lead %s %s at %s", result.message_id, result.lead_id, result.status, result.step)
            read = result.message_id if result.read else ""
            return ("processed" if len(head) > 1 else "last"), result.studio, read
    except Exception as exc:  # the message's transaction is rolled back; the row records the try
        if row_id is None:
            raise
        return _attempt_failed(row_id, key, exc, now), None, ""


def _attempt_failed(row_id: int, key: str, exc: Exception, now: datetime) -> str:
    logger.error("inbox message %s failed", row_id, exc_info=exc)
    permanent = isinstance(exc, PayloadError)  # a stored message that cannot be read never will be
    with transaction.atomic():
        row = ProcessedMessage.objects.select_for_update().get(pk=row_id)
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts < MAX_ATTEMPTS and not permanent:
            delay = min(2 ** (row.attempts - 1) * 5, 300)  # 5, 10, 20, 40 s
            row.next_attempt_at = now + timedelta(seconds=delay)
            row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            send_task_later(PROCESS_TASK, key, countdown=delay)
            return "waiting"
        row.state = InboxState.FAILED
        row.processed_at = now
        row.save(update_fields=["attempts", "last_error", "state", "processed_at"])
        system_event_record(
            type="inbox_failed",
            message=f"Inbound message {row.message_id} failed {row.attempts} times; the next ones go on",
            payload={"message_id": row.message_id, "error": row.last_error[:500], "customer": key.split(":", 1)[0]},
        )
        artist_alert(
            key=f"inbox-failed:{row.message_id}",
            text=(
                "A customer's message could not be processed and needs you: "
                f"{row.wa_id or row.user_id or 'a customer'} wrote at {row.received_at:%d %b %H:%M}. "
                "It is in the admin under Processed messages."
            ),
        )
    return "failed"


def inbox_sweep(*, now: datetime | None = None) -> int:
    """Re-dispatch every customer with a pending message older than ``SWEEP_AFTER`` (whose retry,
    if any, is due): a lost task or a broker outage delays a message, it never loses it."""
    now = now or timezone.now()
    keys = list(
        ProcessedMessage.objects.filter(state=InboxState.PENDING, received_at__lt=now - SWEEP_AFTER)
        .exclude(next_attempt_at__gt=now)
        .values("customer_key")
        .annotate(first=Min("received_at"))
        .order_by("first")
        .values_list("customer_key", flat=True)[:1000]
    )
    for key in keys:
        send_task_now(PROCESS_TASK, key)
    return len(keys)


def inbox_drain(*, keys: Sequence[str] | None = None) -> int:
    """Process every pending message now, in this process (the sandbox; tests standing in for workers)."""
    pending = ProcessedMessage.objects.filter(state=InboxState.PENDING)
    if keys is not None:
        pending = pending.filter(customer_key__in=keys)
    done = 0
    for key in dict.fromkeys(pending.order_by("id").values_list("customer_key", flat=True)):
        done += inbox_process(key, limit=10_000)
    return done

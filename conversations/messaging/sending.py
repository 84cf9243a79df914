"""Delivering outbound rows (docs/sending.md): once, in order, within the rate limits and the 24-hour window.

A recipient's queue is drained from its head: the head row (the oldest unsent
one for that number) and the rows after it, up to Meta's per-customer burst,
are claimed together (``claiming.claim_run``: a run ends at the first row that
is not ours to send now, so one person's messages never overtake each other
and no row is sent twice by two workers). The claim writes ``sending`` and
commits before the provider calls; each row's ``sent`` and wamid are written
after its call, and rows of a run cut short (a retry, the pair limit) go back
to ``queued``. A row still ``sending`` long after its claim belongs to a dead
worker and is claimed again (if Meta had accepted it, it goes twice: the one
window, kept as short as the provider call).

Errors (``integrations.whatsapp.errors``): network, 5xx, 429 and throughput
codes back off exponentially with jitter until ``MAX_AGE``, then the row fails
and the artist is told; ``131047``/``470`` switch to the purpose's template;
other 4xx fail at once with the error kept.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, connection
from django.db.models import QuerySet
from django.utils import timezone

from conversations.messaging.backend import WhatsAppBackend, console_backend, get_backend
from conversations.messaging.claiming import PENDING, STALE_CLAIM, claim_run, mark_sent, release
from conversations.messaging.notify import notify_artist_of_failure
from conversations.messaging.outbox import ALWAYS_ALLOWED, SEND_TASK, outbound_claimed_update
from conversations.messaging.ratelimit import PAIR_BURST, acquire_global, pair_wait
from conversations.messaging.statuses import early_statuses_apply, early_statuses_purge
from conversations.messaging.templates import template_is_marketing, template_refusal
from conversations.messaging.window import as_template, window_open
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose, OutboundState
from integrations.whatsapp.console import ConsoleBackend
from integrations.whatsapp.errors import OutsideWindow, WhatsAppError
from integrations.whatsapp.messages import build_body
from leads.models import Customer, StudioSettings
from tattoobot.foundations.tasking import send_task_later

logger = logging.getLogger(__name__)

# Rows of one recipient claimed together: Meta's per-customer burst, so a run is rarely cut short.
CLAIM_RUN = PAIR_BURST
MAX_AGE = timedelta(hours=24)
BACKOFF_BASE_S = 10
BACKOFF_CAP_S = 30 * 60


class _Stop(Exception):
    """Stop draining this recipient's queue for now (the row was rescheduled or failed)."""


# --- what may be sent ------------------------------------------------------------


def _recipient(message: OutboundMessage) -> Customer | None:
    return message.customer or (message.lead.customer if message.lead is not None else None)


def _backend_for(message: OutboundMessage) -> WhatsAppBackend:
    """Sandbox customers ("try the bot", ``manage.py chat``) never reach Meta, nor do the
    artist's notifications about their leads."""
    customer = _recipient(message)
    if customer is not None and customer.is_sandbox:
        return console_backend()
    return get_backend()


def _check_allowed(message: OutboundMessage, studio: StudioSettings, now: datetime) -> None:
    customer = message.customer
    if customer is not None and message.purpose not in ALWAYS_ALLOWED:
        if customer.opted_out:
            _fail(message, code="opted_out", error="customer opted out", tell_artist=False)
            raise _Stop
        if studio.panic_mode:
            _fail(message, code="panic_mode", error="held: panic mode was on", tell_artist=False)
            raise _Stop
    if message.kind != OutboundKind.TEMPLATE and not window_open(message, studio, now):
        _to_template(message, "outside the 24-hour window")
    if message.kind == OutboundKind.TEMPLATE:
        _check_template(message)


def _check_template(message: OutboundMessage) -> None:
    """A template Meta paused, disabled or rejected fails the row with Meta's reason (the artist
    was told once, when Meta said so); a marketing one is not sent to a customer who stopped
    marketing messages."""
    name, language = str(message.payload.get("name", "")), str(message.payload.get("language", ""))
    refusal = template_refusal(name=name, language=language)
    if refusal:
        _fail(message, code="template_unusable", error=refusal, tell_artist=False)
        raise _Stop
    customer = message.customer
    if (
        customer is not None
        and customer.marketing_opted_out
        and (message.purpose == OutboundPurpose.REENGAGE or template_is_marketing(name=name, language=language))
    ):
        _fail(message, code="marketing_opt_out", error=f"the customer stopped marketing messages ({name})")
        raise _Stop


def _to_template(message: OutboundMessage, reason: str) -> None:
    """Outside the window: the purpose's template, or the row fails when none is configured."""
    if not as_template(message, reason):
        _fail(message, code="no_template", error=f"outside the 24-hour window and no template for {message.purpose}")
        raise _Stop


# --- outcomes --------------------------------------------------------------------


def _fail(message: OutboundMessage, *, code: str, error: str, tell_artist: bool = True) -> None:
    fields: dict[str, object] = {
        "state": OutboundState.FAILED,
        "failed_at": timezone.now(),
        "error_code": code[:20],
        "last_error": error[:2000],
    }
    if message.customer is not None and message.customer.erased_at is not None:
        fields["to"] = ""
    outbound_claimed_update(message, **fields)
    logger.warning("outbound %s failed (%s): %s", message.pk, code, error)
    if tell_artist:
        notify_artist_of_failure(message, error)


def _backoff(attempts: int) -> timedelta:
    delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay * (1 + random.random() / 2))  # noqa: S311 (jitter, not security)


def _retry_or_fail(message: OutboundMessage, exc: WhatsAppError) -> None:
    now = timezone.now()
    if now - message.created_at >= MAX_AGE:
        _fail(message, code=exc.code or "transient", error=f"gave up after {message.attempts} attempts: {exc}")
        return
    delay = _backoff(message.attempts)
    outbound_claimed_update(
        message,
        state=OutboundState.QUEUED,
        due_at=now + delay,
        error_code=exc.code[:20],
        last_error=str(exc)[:2000],
    )
    send_task_later(SEND_TASK, message.pk, countdown=delay.total_seconds())
    logger.info("outbound %s: transient error %s, retrying", message.pk, exc.code)


def _deliver(message: OutboundMessage, studio: StudioSettings) -> None:
    """Everything after the claim; any failure leaves the row queued or failed, never ``sending``."""
    try:
        _deliver_claimed(message, studio)
    except _Stop:
        raise
    except Exception as exc:  # limiter or Redis down, a bug: never leave the row blocking the queue
        logger.exception("outbound %s: unexpected error", message.pk)
        _retry_or_fail(message, WhatsAppError(f"{type(exc).__name__}: {exc}", code="error"))
        raise _Stop from exc


def _deliver_claimed(message: OutboundMessage, studio: StudioSettings) -> None:
    now = timezone.now()
    _check_allowed(message, studio, now)
    backend = _backend_for(message)
    if not isinstance(backend, ConsoleBackend):  # Meta's limits; the console has none
        # Meta's pair limit is per person: keyed on the customer, whichever address a row carries.
        wait = pair_wait(f"customer:{message.customer_id}" if message.customer_id else message.to)
        if wait > 0:  # come back when the pair limit allows, rather than hold the worker
            outbound_claimed_update(
                message,
                state=OutboundState.QUEUED,
                due_at=now + timedelta(seconds=wait),
                attempts=message.attempts - 1,
            )
            send_task_later(SEND_TASK, message.pk, countdown=wait)
            raise _Stop
        acquire_global()
    try:
        wamid = backend.send(build_body(message.to, message.kind, message.text, message.payload))
    except OutsideWindow as exc:
        if message.kind == OutboundKind.TEMPLATE:
            _fail(message, code=exc.code, error=f"template refused outside the window: {exc}")
        else:
            _to_template(message, f"Meta answered {exc.code}")
            outbound_claimed_update(message, state=OutboundState.QUEUED, due_at=timezone.now())
        raise _Stop from exc
    except WhatsAppError as exc:
        if exc.permanent:
            OutboundMessage.objects.filter(pk=message.pk).update(error_code=exc.code[:20])
            message.error_code = exc.code
            _fail(message, code=exc.code or "permanent", error=str(exc))
        else:
            _retry_or_fail(message, exc)
        raise _Stop from exc
    sent: dict[str, object] = {"state": OutboundState.SENT, "wamid": wamid, "sent_at": timezone.now()}
    if message.customer is not None and message.customer.erased_at is not None:
        sent["to"] = ""  # the erasure confirmation: forget the number once it has gone
    if _record_sent(message, sent):
        early_statuses_apply(wamid=wamid)  # the statuses Meta sent before this write


def _record_sent(message: OutboundMessage, fields: dict[str, object]) -> bool:
    """Mark the row sent, reconnecting if the database connection dropped meanwhile: Meta has the
    message, so forgetting that would send it again once the claim goes stale. Whether statuses
    for its wamid arrived before this write."""
    for attempt in range(1, 6):
        try:
            return mark_sent(message, fields)
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or attempt == 5:
                raise
            logger.warning("outbound %s sent but not yet marked (connection lost); retrying", message.pk)
            connection.close()
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable: the fifth failure raised")


# --- entry points ---------------------------------------------------------------


def outbound_send_queue(*, to: str, limit: int = 50, studio: StudioSettings | None = None) -> int:
    """Send the recipient's due messages in order; returns how many were sent.

    A row that stops the run and must wait (a retry's backoff, the pair limit) stops the
    queue. A row that ended (failed) or goes again at once (switched to its template)
    does not: the queue is claimed afresh, so the rows after it need no task of their own.
    ``studio``: the settings the caller has just read (else read when there is something to send).
    """
    sent = rounds = 0
    while sent < limit and rounds < 2 * limit:
        rounds += 1
        wanted = min(CLAIM_RUN, limit - sent)
        run = claim_run(to, wanted)
        if not run:
            break
        studio = studio or StudioSettings.load()  # not read for a task that finds nothing to send
        for position, message in enumerate(run):
            try:
                _deliver(message, studio)
            except _Stop:
                release(run[position + 1 :])
                if _waits(message):
                    return sent
                break
            except Exception:
                with contextlib.suppress(Exception):  # the database itself may be what failed
                    release(run[position + 1 :])  # else they wait out the stale-claim time
                raise
            sent += 1
        else:
            if len(run) < wanted:
                # Every row that was due is sent; a row committed since has its own task (each
                # transaction that writes rows publishes one for the recipient after commit).
                break
    return sent


def _waits(message: OutboundMessage) -> bool:
    """Whether the row that stopped a run holds the queue back (pending, due later)."""
    row = OutboundMessage.objects.filter(pk=message.pk).values("state", "due_at").first()
    if row is None or row["state"] not in PENDING:
        return False  # failed (or gone): the rows after it may go
    return row["state"] == OutboundState.SENDING or row["due_at"] > timezone.now()


def outbound_send(*, message_id: int, to: str = "", studio: StudioSettings | None = None) -> int:
    """Send the queue of the recipient of one row (the row itself, and anything before it); ``to``,
    when the caller knows it (the row's recipient when it was written), saves reading it."""
    to = to or OutboundMessage.objects.filter(pk=message_id).values_list("to", flat=True).first() or ""
    return outbound_send_queue(to=to, studio=studio) if to else 0


def sendable() -> QuerySet[OutboundMessage]:
    """Rows a worker could send now: due and queued, or claimed by a worker that died."""
    now = timezone.now()
    due = OutboundMessage.objects.filter(state=OutboundState.QUEUED, due_at__lte=now)
    stale = OutboundMessage.objects.filter(state=OutboundState.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return (due | stale).exclude(to="")


def outbox_sweep(*, limit: int = 500) -> int:
    """Recipients with sendable rows: lost tasks, broker outages, dead workers. One recipient's
    failure never stops the sweep for the others."""
    early_statuses_purge()
    recipients = list(sendable().order_by("to").values_list("to", flat=True).distinct()[:limit])
    # Sweepers running at once (drain_outbox, several beats after an outage) each take the
    # recipients in their own order, so they rarely queue up behind one another's locks.
    random.shuffle(recipients)
    sent = 0
    for to in recipients:
        try:
            sent += outbound_send_queue(to=to)
        except Exception:
            logger.exception("sweeping the queue of one recipient failed; going on")
    return sent

"""Calendar events to remove (docs/booking.md "Google Calendar"): each a ``CalendarEventDeletion`` row, run by a
task and swept until Google confirms it or we give up.

- ``event_deletion_run`` (the task's body) deletes the event and marks the row
  done; Google's 404/410 ("already gone") counts as done. A transient failure
  records the try and the error and makes the row due again after a backoff
  (a countdown task, and the sweeper if that is lost); a permanent one, or a
  row older than ``MAX_AGE``, is given up: ``failed``, a system event, and the
  artist told to delete the event by hand (until then Google shows that time
  as busy, so it is not offered).
- ``event_deletions_sweep`` (``booking_sweep``, every five minutes) runs again
  the rows overdue by ``OVERDUE_AFTER`` (their task was lost), gives up those
  past ``MAX_AGE``, and purges done rows after ``DONE_KEPT``.

A run first takes the row for ``LEASE`` (a conditional update of
``next_attempt_at``), so a countdown task and the sweeper arriving together
call Google once and schedule one retry.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from conversations.messaging.notify import artist_notify
from leads.booking.calendar import EVENT_DELETE_TASK, appointment_event_delete
from leads.booking.rules import slot_label
from leads.events import system_event_record
from leads.models import CalendarEventDeletion, StudioSettings
from tattoobot.foundations.tasking import enqueue_on_commit, send_task_later

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # a run holds the row this long; longer means its worker died
EARLY_SLACK = timedelta(minutes=1)  # a task may arrive a little before the row is due (hosts' clocks differ)
OVERDUE_AFTER = timedelta(minutes=5)  # a row this long past due lost its task
MAX_AGE = timedelta(days=3)  # then the artist deletes the event by hand, as with a refund
BACKOFF_BASE = timedelta(minutes=2)
BACKOFF_CAP = timedelta(hours=1)
DONE_KEPT = timedelta(days=30)
TOO_OLD = "Google Calendar did not confirm the delete in three days"  # what the artist is told at MAX_AGE


def _pending() -> QuerySet[CalendarEventDeletion]:
    return CalendarEventDeletion.objects.filter(done_at__isnull=True, failed_at__isnull=True)


def backoff(attempts: int) -> timedelta:
    """2, 4, 8, 16, 32 minutes, then hourly."""
    delay: timedelta = BACKOFF_BASE * 2 ** max(attempts - 1, 0)
    return min(BACKOFF_CAP, delay)


def event_deletion_run(*, deletion_id: int, now: datetime | None = None) -> str:
    """Delete the row's event (the task ``leads.calendar_event_deletion``). Idempotent: a done or
    failed row, or one another run holds or that waits for its backoff, is left alone."""
    now = now or timezone.now()
    due = _pending().filter(pk=deletion_id, next_attempt_at__lte=now + EARLY_SLACK)
    if not due.update(next_attempt_at=now + LEASE):
        return "not_due"
    deletion = CalendarEventDeletion.objects.select_related("appointment__lead__customer", "appointment__artist").get(
        pk=deletion_id
    )
    if settings.CALENDAR_BACKEND != "google":
        _give_up(
            deletion,
            "the bot is no longer connected to Google Calendar",
            f"CALENDAR_BACKEND={settings.CALENDAR_BACKEND}",
            now,
        )
        return "failed"
    try:
        appointment_event_delete(event_id=deletion.event_id, artist=deletion.appointment.artist)
    except Exception as exc:  # the calendar's errors say whether a retry may help; anything else is retried
        return _attempt_failed(deletion, exc, now)
    _pending().filter(pk=deletion_id).update(done_at=timezone.now(), last_error="")
    return "deleted"


def _attempt_failed(deletion: CalendarEventDeletion, exc: Exception, now: datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:300]
    transient = getattr(exc, "transient", None)
    if transient is None:  # not the calendar's own error (a bug, a bad key file): kept and retried
        logger.error("calendar event %s: unexpected error", deletion.event_id, exc_info=exc)
    elif not transient:
        status = getattr(exc, "status", None)
        _give_up(deletion, f"Google Calendar refused to delete it (HTTP {status or 'error'})", error, now)
        return "failed"
    if now - deletion.requested_at >= MAX_AGE:
        _give_up(deletion, TOO_OLD, error, now)
        return "failed"
    delay = backoff(deletion.attempts + 1)
    _pending().filter(pk=deletion.pk).update(attempts=F("attempts") + 1, last_error=error, next_attempt_at=now + delay)
    logger.warning("calendar event %s: %s; retrying in %s", deletion.event_id, error, delay)
    send_task_later(EVENT_DELETE_TASK, deletion.pk, countdown=delay.total_seconds())
    return "retry"


def event_deletions_sweep(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Rows whose task is overdue run again (a task each), those past ``MAX_AGE`` are given up,
    and done rows older than ``DONE_KEPT`` go."""
    now = now or timezone.now()
    counts = {"event_deletions": 0, "event_deletions_given_up": 0, "event_deletions_purged": 0}
    overdue = _pending().filter(next_attempt_at__lte=now - OVERDUE_AFTER).order_by("next_attempt_at")
    for deletion in overdue.select_related("appointment__lead__customer")[:limit]:
        if now - deletion.requested_at >= MAX_AGE:
            last = deletion.last_error or "its task never ran"
            _give_up(deletion, TOO_OLD, last, now)
            counts["event_deletions_given_up"] += 1
            continue
        enqueue_on_commit(EVENT_DELETE_TASK, deletion.pk)
        counts["event_deletions"] += 1
    old = CalendarEventDeletion.objects.filter(done_at__lt=now - DONE_KEPT).values_list("pk", flat=True)[:1000]
    if ids := list(old):
        counts["event_deletions_purged"] = CalendarEventDeletion.objects.filter(pk__in=ids).delete()[0]
    return counts


def _give_up(deletion: CalendarEventDeletion, problem: str, detail: str, now: datetime) -> None:
    """Failed for good: a system event (with the technical ``detail``), and the artist told, in
    plain words, to delete the event by hand (once)."""
    error = f"{problem}: {detail}"
    with transaction.atomic():
        if not _pending().filter(pk=deletion.pk).update(failed_at=now, last_error=error[:300]):
            return  # another run finished it meanwhile
        appointment = deletion.appointment
        lead = appointment.lead
        system_event_record(
            type="calendar_delete_failed",
            level="error",
            message=f"calendar event {deletion.event_id} of appointment {appointment.pk} not deleted: {error}",
            lead=lead,
            payload={
                "deletion_id": deletion.pk,
                "event_id": deletion.event_id,
                "appointment_id": appointment.pk,
                "attempts": deletion.attempts,
            },
        )
        studio = StudioSettings.load()
        artist_notify(
            lead=lead,
            key=f"calendar-problem:{deletion.pk}",
            template="artist_calendar_problem",
            studio=studio,
            when=slot_label(appointment.start, appointment.end, studio),
            problem=problem,
        )

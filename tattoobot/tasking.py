"""Enqueue tasks by name after the current transaction commits.

Services use this instead of importing task modules, so domain code never
imports tasks (STYLE.md 9) and nothing is sent for a rolled-back change.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection, transaction

logger = logging.getLogger(__name__)


def send_task_now(name: str, *args: Any, **kwargs: Any) -> None:
    """Publish by name; a task registered in this process goes through ``apply_async``, so
    ``CELERY_TASK_ALWAYS_EAGER`` (the test suite) runs it inline."""
    from tattoobot.celery import app

    task = app.tasks.get(name)
    if task is not None:
        task.apply_async(args=args, kwargs=kwargs)
    else:
        app.send_task(name, args=args, kwargs=kwargs)


def enqueue_on_commit(name: str, *args: Any, once_per: str | None = None, **kwargs: Any) -> None:
    """Publish task ``name`` once the surrounding transaction commits (at once outside one).

    A failed publish (broker down) is logged and does not undo the commit: the row
    it was about stays, and the beat sweeper picks it up. With ``once_per``, a second
    call for the same task and key is dropped when the first is still pending in the
    savepoints open now: the first task covers it (one send task drains all of a
    recipient's new rows), and no rollback can take the first without the second.
    """
    dedup_key = (name, once_per) if once_per is not None else None
    if dedup_key is not None and _pending_in_scope(dedup_key):
        return

    def publish() -> None:
        send_task_now(name, *args, **kwargs)

    publish.__qualname__ = f"publish({name})"
    publish.dedup_key = dedup_key  # type: ignore[attr-defined]
    transaction.on_commit(publish, robust=True)


def _pending_in_scope(dedup_key: tuple[str, str]) -> bool:
    """A callback with this key is pending and was registered within the savepoints open now, so
    whatever undoes it undoes the caller's work too. (Each entry is (savepoint ids, callback,
    robust); a released savepoint's id stays in its entries, so older work never counts.)"""
    if not connection.in_atomic_block:
        return False
    open_now = set(connection.savepoint_ids)
    return any(
        getattr(entry[1], "dedup_key", None) == dedup_key and set(entry[0]) <= open_now
        for entry in connection.run_on_commit
    )


def send_task_later(name: str, *args: Any, countdown: float) -> None:
    """Publish now for a run in ``countdown`` seconds (a retry after backoff or a rate limit).

    Best effort: a failed publish is logged, and the beat sweeper is the safety net.
    Skipped when tasks run eagerly (tests), where it would run at once and loop.
    """
    from tattoobot.celery import app

    if app.conf.task_always_eager:
        return
    try:
        # No retries: a publish that fails now is left to the sweeper rather than hold the caller.
        app.send_task(name, args=args, countdown=max(countdown, 0.0), retry=False)
    except Exception:  # the sweeper will find the row; never fail the caller for this
        logger.warning("could not schedule %s in %.1fs; the sweeper will pick it up", name, countdown, exc_info=True)

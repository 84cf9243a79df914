"""Enqueue tasks by name after the current transaction commits.

Services use this instead of importing task modules, so domain code never
imports tasks (STYLE.md 9) and nothing is sent for a rolled-back change.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

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


def enqueue_on_commit(name: str, *args: Any, **kwargs: Any) -> None:
    """Publish task ``name`` once the surrounding transaction commits (at once outside one).

    A failed publish (broker down) is logged and does not undo the commit: the row
    it was about stays, and the beat sweeper picks it up.
    """

    def publish() -> None:
        send_task_now(name, *args, **kwargs)

    publish.__qualname__ = f"publish({name})"
    transaction.on_commit(publish, robust=True)


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

"""Enqueue tasks by name after the current transaction commits.

Services use this instead of importing task modules, so domain code never
imports tasks and nothing is sent for a rolled-back change. Tasks are
published through Celery's current app (the project's, made when the
``tattoobot`` package loads), so this module needs nothing above it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def send_task_now(name: str, *args: Any, **kwargs: Any) -> None:
    """Publish by name; a task registered in this process goes through ``apply_async``, so
    ``CELERY_TASK_ALWAYS_EAGER`` (the test suite) runs it inline."""
    task = current_app.tasks.get(name)
    if task is not None:
        task.apply_async(args=args, kwargs=kwargs)
    else:
        current_app.send_task(name, args=args, kwargs=kwargs)


class _Once:
    """The publishes of one (task, key) waiting for one commit: the first of them to run publishes,
    the rest are covered by it. Once it has run, a new registration starts a new ``_Once``."""

    __slots__ = ("__weakref__", "done")

    def __init__(self) -> None:
        self.done = False


# Per thread, as Django's connections are: (task, key) → _Once. Only the pending callbacks hold an
# _Once, so an entry goes as soon as its callbacks have run or were dropped with a rollback.
_once = threading.local()


def _once_table() -> weakref.WeakValueDictionary[tuple[str, str], _Once]:
    table = getattr(_once, "table", None)
    if table is None:
        table = _once.table = weakref.WeakValueDictionary()
    return table


def _once_for(dedup_key: tuple[str, str]) -> _Once:
    table = _once_table()
    once = table.get(dedup_key)
    if once is None or once.done:
        once = table[dedup_key] = _Once()
    return once


def enqueue_on_commit(name: str, *args: Any, once_per: str | None = None, **kwargs: Any) -> None:
    """Publish task ``name`` once the surrounding transaction commits (at once outside one).

    A failed publish (broker down) is logged and does not undo the commit: the row
    it was about stays, and the beat sweeper picks it up. With ``once_per``, calls for
    the same task and key that commit together publish once: the first of them to run
    does (one send task drains all of a recipient's new rows). The choice is made when
    the callbacks run, after the commit, so a call undone by a rolled-back savepoint
    never covers one that survived; a transaction that rolls back runs none of them.
    """
    once = _once_for((name, once_per)) if once_per is not None else None

    def publish() -> None:
        if once is not None:
            if once.done:
                return
            once.done = True
        held = getattr(_held, "tasks", None)
        if held is not None and name in held and not kwargs:
            held[name].append(args)  # the caller runs it itself (``held_publishes``)
            return
        send_task_now(name, *args, **kwargs)

    publish.__qualname__ = f"publish({name})"
    transaction.on_commit(publish, robust=True)


_held = threading.local()


@contextmanager
def held_publishes(*names: str) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Within the block, this thread's after-commit publishes of the tasks ``names`` are held:
    their arguments are collected in the yielded dict instead of sent, for the caller to run the
    work itself right after (a worker that just wrote a customer's replies sends them, without a
    publish and a second task). The caller must run or publish every one it was given."""
    previous = getattr(_held, "tasks", None)
    held: dict[str, list[tuple[Any, ...]]] = {name: [] for name in names}
    _held.tasks = held
    try:
        yield held
    finally:
        _held.tasks = previous


def send_task_later(name: str, *args: Any, countdown: float) -> None:
    """Publish now for a run in ``countdown`` seconds (a retry after backoff or a rate limit).

    Best effort: a failed publish is logged, and the beat sweeper is the safety net.
    Skipped when tasks run eagerly (tests), where it would run at once and loop.
    """
    if current_app.conf.task_always_eager:
        return
    try:
        # No retries: a publish that fails now is left to the sweeper rather than hold the caller.
        current_app.send_task(name, args=args, countdown=max(countdown, 0.0), retry=False)
    except Exception:  # the sweeper will find the row; never fail the caller for this
        logger.warning("could not schedule %s in %.1fs; the sweeper will pick it up", name, countdown, exc_info=True)

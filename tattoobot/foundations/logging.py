"""Correlation ids: one per request, carried into the tasks it causes and every log line."""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Correlation-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: ContextVar[str] = ContextVar("correlation_id", default="-")


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def clean_correlation_id(candidate: str | None) -> str:
    """The caller's id when it is a short token, else a fresh one (never trust odd bytes into logs)."""
    if candidate and _VALID.match(candidate):
        return candidate
    return new_correlation_id()


def get_correlation_id() -> str:
    return _current.get()


def set_correlation_id(value: str) -> object:
    return _current.set(value)


def reset_correlation_id(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


class CorrelationIdFilter(logging.Filter):
    """Puts ``correlation_id`` on every record so formatters can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _current.get()
        if current == "-":
            # django.request logs a response after the middleware has returned;
            # the request it logs still carries its id.
            current = getattr(getattr(record, "request", None), "correlation_id", current)
        record.correlation_id = current
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (``LOG_FORMAT=json``): time, level, logger, message, correlation_id,
    the task's name and id inside a Celery task, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": getattr(record, "correlation_id", "-"),
        }
        for key in ("task_name", "task_id", "status_code"):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

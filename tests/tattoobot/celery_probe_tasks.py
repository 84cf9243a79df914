"""A task for the correlation-id test: a real worker imports it with ``-I``."""

import logging
from pathlib import Path

from tattoobot.celery import app
from tattoobot.foundations.logging import get_correlation_id


@app.task(name="tests.probe_correlation")
def probe_correlation(out: str) -> None:
    logging.getLogger("tests.probe").info("probe task ran")
    Path(out).write_text(get_correlation_id())


@app.task(name="tests.probe_backend_pid")
def probe_backend_pid(out: str) -> None:
    """Append the PostgreSQL backend serving this task: the same one across tasks means the
    connection was kept."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with Path(out).open("a") as sink:
        sink.write(f"{pid}\n")

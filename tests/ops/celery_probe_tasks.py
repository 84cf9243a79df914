"""A task for the correlation-id test: a real worker imports it with ``-I``."""

import logging
from pathlib import Path

from tattoobot.celery import app
from tattoobot.logging import get_correlation_id


@app.task(name="tests.probe_correlation")
def probe_correlation(out: str) -> None:
    logging.getLogger("tests.probe").info("probe task ran")
    Path(out).write_text(get_correlation_id())

"""A real worker on Redis: the request's correlation id reaches the task and its log lines."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from tattoobot.celery import app
from tattoobot.foundations.logging import reset_correlation_id, set_correlation_id
from tests.tattoobot.probe_worker import start_probe_worker


# The test settings run tasks eagerly; this one publishes for real, on purpose.
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_correlation_id_travels_from_publisher_to_worker_logs(tmp_path: Path) -> None:
    queue = f"probe-{uuid.uuid4().hex}"
    out = tmp_path / "seen"
    log = tmp_path / "worker.log"
    worker = start_probe_worker(queue, log, "--pool", "solo")
    try:
        token = set_correlation_id("req-celery-1")
        try:
            app.send_task("tests.probe_correlation", args=[str(out)], queue=queue)
        finally:
            reset_correlation_id(token)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not out.exists():
            time.sleep(0.2)
        assert out.exists(), log.read_text()
        assert out.read_text() == "req-celery-1"
        time.sleep(0.3)
        assert "[cid=req-celery-1] probe task ran" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=20)

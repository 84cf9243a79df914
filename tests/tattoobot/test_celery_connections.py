"""A real worker keeps its PostgreSQL connection across tasks, and replaces one that broke."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tattoobot.celery import app
from tests.tattoobot.probe_worker import start_probe_worker


def wait_for_lines(path: Path, count: int, log: Path) -> list[str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        lines = path.read_text().split() if path.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.1)
    raise AssertionError(log.read_text()[-3000:])


# The test settings run tasks eagerly; this one publishes for real, on purpose.
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db
def test_tasks_share_one_database_connection_and_a_broken_one_is_replaced(tmp_path: Path) -> None:
    queue = f"probe-{uuid.uuid4().hex}"
    out, log = tmp_path / "pids", tmp_path / "worker.log"
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    worker = start_probe_worker(queue, log, "--concurrency", "1", DATABASE_URL=url)
    try:
        for _ in range(4):
            app.send_task("tests.probe_backend_pid", args=[str(out)], queue=queue)
        pids = wait_for_lines(out, 4, log)
        assert len(set(pids)) == 1, pids  # Celery's default would be a new backend per task

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [int(pids[0])])
        time.sleep(0.3)
        for _ in range(2):
            app.send_task("tests.probe_backend_pid", args=[str(out)], queue=queue)
        pids = wait_for_lines(out, 6, log)
        assert pids[4] == pids[5] != pids[0]  # the dead connection was noticed and replaced, then kept
    finally:
        worker.terminate()
        worker.wait(timeout=20)

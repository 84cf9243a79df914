"""A real Celery worker for the probe tasks (``tests/tattoobot/celery_probe_tasks.py``), on a queue of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.paths import ROOT


def start_probe_worker(queue: str, log: Path, *pool: str, **env: str) -> subprocess.Popen[bytes]:
    """The worker's output goes to ``log``; ``pool`` picks the pool (``--pool solo``, ``--concurrency 1``)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REDIS_URL": settings.REDIS_URL,
        "PYTHONPATH": str(ROOT),
        **env,
    }
    with log.open("w") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tattoobot", "worker", "-I", "tests.tattoobot.celery_probe_tasks",
             "-Q", queue, *pool, "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip

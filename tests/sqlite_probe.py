"""Run a script against ``make run``'s embedded SQLite default, in a process of its own (the test
process is configured for PostgreSQL); the script's standard output lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT


def run_on_sqlite(script: str, tmp_path: Path) -> list[str]:
    """``script`` after ``django.setup()`` and ``migrate`` on a fresh SQLite file under ``tmp_path``."""
    prelude = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        'call_command("migrate", verbosity=0)\n'
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tattoobot.settings",
        "DJANGO_SECRET_KEY": "sqlite-probe-not-a-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", prelude + script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split("\n")

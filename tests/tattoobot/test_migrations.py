"""The migrations describe the models exactly."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.paths import ROOT


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_bare_checkout_can_check_its_migrations_without_a_secret_key(tmp_path: Path) -> None:
    """``manage.py makemigrations --check`` needs no configuration (a throwaway key); other commands
    still refuse to run without one. manage.py runs from a copy, away from any ``var/secret_key``."""
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": os.environ["DATABASE_URL"], "PYTHONPATH": str(ROOT)}

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(tmp_path / "manage.py"), *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    checked = manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr[-2000:]
    assert "No changes detected" in checked.stdout
    refused = manage("migrate", "--plan")
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY" in refused.stderr

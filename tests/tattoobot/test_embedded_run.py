"""`make run`'s script on a copy of the project: serves /healthz within 60 s, and its printed login opens admin."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import ROOT

IGNORE = shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    """The project copied to a temporary folder and started with make run's script."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    (project / ".venv").symlink_to(ROOT / ".venv")
    port = _free_port()
    log = tmp_path / "run.log"
    env = {"PATH": os.environ["PATH"], "PORT": str(port), "HOME": str(tmp_path)}
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["./scripts/run-embedded"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield port, log, project
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_make_run_serves_healthz_and_the_printed_login_opens_admin(embedded) -> None:
    port, log, project = embedded
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    status = 0
    while time.monotonic() < deadline:
        try:
            status, body = _get(f"{base}/healthz")
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    output = log.read_text()
    assert status == 200, output
    assert f"http://127.0.0.1:{port}/" in output

    login = re.search(r"Staff login: (\S+) / (\S+)", output)
    assert login, output
    username, password = login.groups()

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, page = _get(f"{base}/admin/login/?next=/admin/", opener)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/admin/"}
    ).encode()
    request = urllib.request.Request(f"{base}/admin/login/?next=/admin/", data=form, headers={"Referer": base})
    with opener.open(request, timeout=10) as response:
        assert response.status == 200
        assert response.url.endswith("/admin/")
        assert "<h1>Today</h1>" in response.read().decode()  # the admin home: Today

    # The embedded default is ready too: SQLite and the filesystem queue answer.
    status, body = _get(f"{base}/readyz")
    assert status == 200, body
    # Worker and beat came up beside the web process.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not ("worker.1" in log.read_text() and "beat.1" in log.read_text()):
        time.sleep(0.5)
    text = log.read_text()
    assert "worker.1" in text
    assert "beat.1" in text

    # A new user can then walk the qualification from a terminal (SQLite, filesystem queue).
    script = project / "var" / "chat.txt"
    script.write_text("Hi!\na small moth\ninner wrist\n5x5 cm\nSKIP\nno\n£450\nLondon\nany weekday\n")
    done = subprocess.run(
        [".venv/bin/python", "manage.py", "chat", "+447700900321", "--script", str(script)],
        cwd=project,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(project),
            "DJANGO_SECRET_KEY_FILE": str(project / "var" / "secret_key"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "What would you like tattooed?" in done.stdout
    assert "5×5 cm, London, £450." in done.stdout
    assert done.stdout.count("bot>") >= 11, done.stdout

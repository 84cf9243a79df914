"""Operations (docs/operations.md): deploy files in step with the settings and the Procfile, the beat schedule, logs."""

from __future__ import annotations

import json
import logging
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from tattoobot.beat import BEAT_SCHEDULE
from tattoobot.celery import app
from tattoobot.foundations.logging import CorrelationIdFilter, JsonFormatter, reset_correlation_id, set_correlation_id
from tests.conversations.chat import SECRET, Customer
from tests.paths import ROOT


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_compose_passes_every_setting_the_app_reads() -> None:
    read = set(re.findall(r'env_[a-z0-9]+\("([A-Z0-9_]+)"', (ROOT / "tattoobot" / "settings.py").read_text()))
    passed = set(compose()["x-app-environment"])
    assert read - passed == set()


def test_compose_runs_the_procfile_processes() -> None:
    services = compose()["services"]
    processes = procfile()
    for name in ("worker", "beat", "flower"):
        command = services[name]["command"]
        assert command[:4] == shlex.split(processes[name])[:4], name
    assert services["migrate"]["command"] == shlex.split(processes["release"])
    assert {"web", "worker", "beat", "flower", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "flower", "postgres", "redis"):
        assert "test" in services[name]["healthcheck"], name


def test_every_beat_entry_names_a_registered_task() -> None:
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
        assert entry["options"]["expires"] < entry["schedule"]


def test_json_logs_carry_the_correlation_id() -> None:
    record = logging.LogRecord("tattoobot.test", logging.WARNING, __file__, 1, "sent %s", ("x",), None)
    token = set_correlation_id("req-json-1")
    try:
        CorrelationIdFilter().filter(record)
    finally:
        reset_correlation_id(token)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "sent x"
    assert (entry["level"], entry["logger"], entry["correlation_id"]) == ("WARNING", "tattoobot.test", "req-json-1")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_webhook_requests_id_is_on_the_outbox_tasks_log_lines(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.WHATSAPP_APP_SECRET = SECRET
    caplog.handler.addFilter(CorrelationIdFilter())
    caplog.set_level(logging.INFO)
    customer = Customer(Client(HTTP_X_CORRELATION_ID="req-webhook-42"))
    customer.says("Hi, I'd like a tattoo")
    # The customer's inbox task carries the request's id, and so do the sends it makes itself.
    tasks = [
        r for r in caplog.records if r.name == "celery.app.trace" and "conversations.process_inbox" in r.getMessage()
    ]
    sends = [r for r in caplog.records if r.name == "integrations.whatsapp.console"]
    assert tasks, [r.getMessage() for r in caplog.records]
    assert sends, [r.getMessage() for r in caplog.records]
    assert {getattr(r, "correlation_id", None) for r in tasks + sends} == {"req-webhook-42"}
    from conversations.models import OutboundMessage

    assert set(OutboundMessage.objects.values_list("correlation_id", flat=True)) == {"req-webhook-42"}


def test_flower_sees_a_running_worker(tmp_path: Path) -> None:
    """The operator's view: start a worker and Flower as the Procfile does, and find the worker in Flower."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    import uuid

    from django.conf import settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    name = f"probe-{uuid.uuid4().hex[:8]}@test"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "REDIS_URL": settings.REDIS_URL}
    celery = [sys.executable, "-m", "celery", "-A", "tattoobot"]
    worker = subprocess.Popen(
        [*celery, "worker", "-n", name, "-Q", f"q-{name}", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=(tmp_path / "worker.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    flower = subprocess.Popen(
        [*celery, "flower", f"--port={port}", "--address=127.0.0.1"],
        cwd=ROOT, env={**env, "FLOWER_UNAUTHENTICATED_API": "true"},
        stdout=(tmp_path / "flower.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        seen: dict[str, Any] = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and name not in seen:
            time.sleep(1)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/workers?refresh=1", timeout=10) as answer:
                    seen = json.loads(answer.read())
            except OSError:
                continue
        assert name in seen, (tmp_path / "flower.log").read_text()[-2000:]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthcheck", timeout=5) as answer:
            assert answer.read() == b"OK"
    finally:
        for process in (flower, worker):
            process.terminate()
            process.wait(timeout=30)

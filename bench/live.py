"""Shared by the live benchmarks: a fresh PostgreSQL database, gunicorn and a Celery worker as
real processes on 127.0.0.1, signed WhatsApp bodies, and latency percentiles."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# A Redis database of its own: the broker queue the benchmark fills is flushed, nobody else's.
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")
SECRET = "bench_app_secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_env(db: str, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tattoobot.settings",
        "DJANGO_SECRET_KEY": "bench-live-not-a-secret",
        "DATABASE_URL": f"{PG}/{db}",
        "REDIS_URL": REDIS,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_VERIFY_TOKEN": "v",
        "LOG_FORMAT": "plain",
        **extra,
    }


def fresh_database(db: str, env: dict[str, str]) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db}")
        conn.execute(f"CREATE DATABASE {db}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")), "tattoobot.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--log-level", "warning", "--backlog", "2048",
    ]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def message_body(wa_id: str, text: str, message_id: str, timestamp: int) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "447700900000", "phone_number_id": "123"},
        "contacts": [{"profile": {"name": "Bench Customer"}, "wa_id": wa_id}],
        "messages": [
            {"from": wa_id, "id": message_id, "timestamp": str(timestamp), "type": "text", "text": {"body": text}}
        ],
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(body).encode()


def post_signed(port: int, body: bytes) -> int:
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            "/webhooks/whatsapp",
            body=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p90": 0.0, "p99": 0.0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99)}


def stop(*procs: subprocess.Popen[Any]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

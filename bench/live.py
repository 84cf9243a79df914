"""Shared by the live benchmarks: a fresh PostgreSQL database, gunicorn and a Celery worker as
real processes on 127.0.0.1, signed WhatsApp bodies, and latency percentiles."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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
        if healthy(port):
            return proc
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def healthy(port: int) -> bool:
    """The app on ``port`` answers ``/healthz`` with 200 (False while it is not listening yet)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        finally:
            conn.close()
    except OSError:
        return False


def message_body(wa_id: str, text: str, message_id: str, timestamp: int, *, phone_number_id: str = "123") -> bytes:
    """Meta's text-message webhook body for one message."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "447700900000", "phone_number_id": phone_number_id},
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
    return post_signed_reply(port, body)[0]


def post_signed_reply(port: int, body: bytes, *, secret: str = SECRET, timeout: float = 30) -> tuple[int, bytes]:
    """POST ``body`` to the WhatsApp webhook signed as Meta signs it, on a new connection (as Meta's
    deliveries arrive); the status and the reply. Raises ``TimeoutError`` after ``timeout``."""
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "POST",
            "/webhooks/whatsapp",
            body=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# One tattoo enquiry, as the side-by-side runs send it to both systems (bench/webhook_ingest.py).
CONVERSATION = (
    "Hi I'd like a tattoo",
    "a fine-line swallow",
    "forearm",
    "10 cm",
    "blackwork",
    "£300",
    "London",
    "next month",
    "yes",
    "thanks",
)


@dataclass
class LoopResult:
    rate: float
    latencies: list[float]
    non_2xx: int = 0
    server_errors: int = 0  # 5xx
    timeouts: int = 0
    broken: int = 0  # connection refused or reset
    outcomes: Counter[str] = field(default_factory=Counter)


Send = Callable[[str, int, str], tuple[int, bytes]]  # (sender, message number, text) -> (status, reply)


def conversation_loop(
    concurrency: int,
    senders: list[str],
    send: Send,
    *,
    conversation: tuple[str, ...] = CONVERSATION,
    outcome: Callable[[int, bytes], str] | None = None,
) -> LoopResult:
    """The closed-loop load generator: ``concurrency`` threads, each taking the next sender and
    sending its conversation in order, one message at a time, the next as soon as the last is
    answered. A timeout or a broken connection is counted, not retried."""
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for sender in senders:
        todo.put(sender)
    result = LoopResult(0.0, [])
    lock = threading.Lock()

    def stream() -> None:
        mine = LoopResult(0.0, [])
        while True:
            try:
                sender = todo.get_nowait()
            except queue.Empty:
                break
            for n, text in enumerate(conversation):
                started = time.perf_counter()
                try:
                    status, reply = send(sender, n, text)
                except TimeoutError:
                    mine.timeouts += 1
                    continue
                except OSError as error:
                    mine.broken += 1
                    mine.outcomes[f"connection error: {type(error).__name__}"] += 1
                    continue
                mine.latencies.append(time.perf_counter() - started)
                mine.non_2xx += not 200 <= status < 300
                mine.server_errors += status >= 500
                if outcome is not None:
                    mine.outcomes[outcome(status, reply)] += 1
        with lock:
            result.latencies += mine.latencies
            result.non_2xx += mine.non_2xx
            result.server_errors += mine.server_errors
            result.timeouts += mine.timeouts
            result.broken += mine.broken
            result.outcomes.update(mine.outcomes)

    threads = [threading.Thread(target=stream) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.rate = len(result.latencies) / (time.perf_counter() - started)
    return result


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p90": 0.0, "p99": 0.0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99)}


TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid_dir: Path) -> tuple[str, list[str]] | None:
    try:
        stat = (pid_dir / "stat").read_text()
    except OSError:
        return None
    return stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()


def _app_name(pid: int) -> str:
    """``gunicorn``, ``celery``, ``manage.py drain_outbox``: what an app process runs."""
    try:
        argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().decode().split("\0")
    except OSError:
        return "app processes"
    words = [Path(a).name for a in argv if a and not a.startswith("-") and "python" not in Path(a).name]
    return " ".join(words[:2]) or "app processes"


def cpu_seconds() -> dict[str, float]:
    """CPU seconds so far of this process (load generator, fakes), the app processes it started
    (gunicorn, workers, drainers: live ones read from /proc, finished ones through the children
    total), PostgreSQL (every postgres process, plus exited backends through the postmaster's
    children total) and Redis. Take two and subtract."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    totals = {
        "bench process (load, fakes)": own.ru_utime + own.ru_stime,
        "finished app processes": children.ru_utime + children.ru_stime,
        "postgres": 0.0,
        "redis": 0.0,
    }
    stats = {int(d.name): found for d in Path("/proc").iterdir() if d.name.isdigit() and (found := _stat(d))}
    kids: dict[int, list[int]] = {}
    for pid, (_, fields) in stats.items():
        kids.setdefault(int(fields[1]), []).append(pid)
    mine: dict[int, str] = {}  # descendant -> the name of the app process it belongs to
    for top in kids.get(os.getpid(), []):
        name = _app_name(top)
        todo = [top]
        while todo:
            pid = todo.pop()
            mine[pid] = name
            todo.extend(kids.get(pid, []))
    for pid, (comm, fields) in stats.items():
        utime, stime, cutime, cstime = (int(x) / TICK for x in fields[11:15])
        if pid in mine:
            totals[mine[pid]] = totals.get(mine[pid], 0.0) + utime + stime
        elif comm == "postgres":
            parent = stats.get(int(fields[1]))
            postmaster = parent is None or parent[0] != "postgres"
            totals["postgres"] += utime + stime + (cutime + cstime if postmaster else 0.0)
        elif comm.startswith("redis-server"):
            totals["redis"] += utime + stime
    return totals


def cpu_report(before: dict[str, float], after: dict[str, float], wall: float, messages: int) -> str:
    """CPU per message by process group, against what the machine's cores could give in the wall time."""
    cores = os.cpu_count() or 1
    lines = [f"CPU per message ({messages} messages, {wall:.1f} s wall, {cores} cores = {cores * wall:.1f} CPU s):"]
    total = 0.0
    for name in dict.fromkeys([*before, *after]):
        used = after.get(name, 0.0) - before.get(name, 0.0)
        if name not in before and name not in ("postgres", "redis") and used == 0:
            continue
        total += used
        lines.append(f"  {name:28s} {used:7.1f} s  {used / messages * 1000:6.2f} ms")
    lines.append(
        f"  {'total':28s} {total:7.1f} s  {total / messages * 1000:6.2f} ms  ({total / (cores * wall):.0%} busy)"
    )
    return "\n".join(lines)


def stop(*procs: subprocess.Popen[Any]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

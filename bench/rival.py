"""Benchmark: the system TattooBot replaces, rafaelRojasVi/tattoo-booking-bot (FastAPI), here.

    git --git-dir=<mirror> archive HEAD | tar -x -C /tmp/rival/src
    .venv/bin/python -m bench.rival [--port 0] [--concurrency 8] [--messages 2000]

Needs only its source in ``$RIVAL_DIR/src`` (default /tmp/rival). Each run
sets it up idempotently (a Python 3.11 virtualenv in ``$RIVAL_DIR/venv`` with
its unpinned requirements.txt, installed once; its PostgreSQL database
``rival_bench`` dropped, created and ``alembic upgrade head``), starts it as its
Dockerfile does (``uvicorn app.main:app --workers 2``; access log off, as the
gunicorn of the other live benchmarks) in its production mode with WhatsApp
dry-run (replies are logged, never sent), then posts signed Meta text
webhooks to ``POST /webhooks/whatsapp`` in a closed loop: senders × 10 messages
of one tattoo enquiry, each sender's in order. Every outbound path is off or
stubbed by its own settings, and HTTP(S)_PROXY points at a dead port on
127.0.0.1 so that anything missed fails here instead of leaving the machine.

It answers 200 even when a message is not processed (out of order, duplicate,
conversation failed), so the replies' bodies are tallied too, and the rows it
wrote are counted after the run. Its uvicorn output is ``$RIVAL_DIR/uvicorn.log``.
Prints messages/s, latency p50/p90/p99, non-2xx, timeouts (10 s) and CPU per
message by process. Not a test; not in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench.live import (
    CONVERSATION,
    PG,
    Send,
    conversation_loop,
    cpu_report,
    cpu_seconds,
    free_port,
    message_body,
    percentiles,
    post_signed_reply,
)

RIVAL_DIR = Path(os.environ.get("RIVAL_DIR", "/tmp/rival"))
DB = "rival_bench"
SECRET = "rival_bench_app_secret"
WEBHOOK = "/webhooks/whatsapp"
TIMEOUT = 10.0
DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens, a stray request fails at once


def rival_env(port: int | None = None) -> dict[str, str]:
    """Its settings (app/core/config.py, pydantic-settings from the environment; nothing else inherited)."""
    base = f"http://127.0.0.1:{port}" if port else "http://127.0.0.1"
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(RIVAL_DIR),
        "LANG": "C.UTF-8",
        # Its production mode: the startup checks pass with an admin key, an app secret and a
        # Stripe webhook secret that is not the placeholder; nothing else on the message path differs.
        "APP_ENV": "production",
        "ADMIN_API_KEY": "rival-bench-admin-key",
        # SQLAlchemy 2.1 maps plain postgresql:// to psycopg 3, which its requirements do not install.
        "DATABASE_URL": "postgresql+psycopg2://" + PG.split("://", 1)[1] + f"/{DB}",
        "WHATSAPP_VERIFY_TOKEN": "rival-bench-verify",
        "WHATSAPP_APP_SECRET": SECRET,  # X-Hub-Signature-256 is checked when this is set
        "WHATSAPP_DRY_RUN": "true",  # send_whatsapp_message / send_template_message only log
        "WHATSAPP_ACCESS_TOKEN": "test_token",  # its placeholder: forces dry-run in send_whatsapp_message too
        "WHATSAPP_PHONE_NUMBER_ID": "test_id",
        "STRIPE_SECRET_KEY": "sk_test_test",  # its stub key: checkout sessions are mocked, no Stripe call
        "STRIPE_WEBHOOK_SECRET": "whsec_rival_bench",
        "FRESHA_BOOKING_URL": f"{base}/fresha",
        "ACTION_TOKEN_BASE_URL": base,
        "STRIPE_SUCCESS_URL": f"{base}/payment/success",
        "STRIPE_CANCEL_URL": f"{base}/payment/cancel",
        "GOOGLE_SHEETS_ENABLED": "false",  # Sheets logging is a stub without a client
        "GOOGLE_CALENDAR_ENABLED": "false",  # slot suggestions come from its mock calendar
        "SUPABASE_URL": "",  # no media uploads (text messages never reach it anyway)
        "ARTIST_WHATSAPP_NUMBER": "",  # no artist notifications
        "OPENAI_API_KEY": "",  # configured but never used by its code
        "OUTBOX_ENABLED": "false",
        "PILOT_MODE_ENABLED": "false",
        "DEMO_MODE": "false",
        "FEATURE_PANIC_MODE_ENABLED": "false",
        "HTTP_PROXY": DEAD,
        "HTTPS_PROXY": DEAD,
        "ALL_PROXY": DEAD,
        "NO_PROXY": "127.0.0.1,localhost",
    }


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    print("  $", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True)


def setup_rival(rival_dir: Path) -> None:
    """Virtualenv and requirements (once), then an empty database migrated to head (every time)."""
    src, venv = rival_dir / "src", rival_dir / "venv"
    if not (src / "app" / "main.py").is_file():
        raise SystemExit(f"no rival source in {src}: archive the fetched mirror there first (see the docstring)")
    if (src / ".env").exists():
        print(f"warning: {src / '.env'} exists; its settings fill in anything the environment leaves unset")
    python = venv / "bin" / "python"
    if not python.exists():
        base = shutil.which("python3.11") or (sys.executable if sys.version_info[:2] == (3, 11) else None)
        if base is None:
            raise SystemExit("python3.11 not found")
        print(f"creating virtualenv {venv}")
        _run([base, "-m", "venv", str(venv)], cwd=rival_dir)
    requirements = src / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = venv / ".rival-requirements.sha256"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"installing {requirements} (unpinned: whatever the registry has now)")
        _run([str(python), "-m", "pip", "install", "-q", "-r", str(requirements)], cwd=src)
        stamp.write_text(digest)
    else:
        print(f"requirements already installed in {venv}")
    probe = "import fastapi as f, sqlalchemy as s, uvicorn as u; print(f.__version__, s.__version__, u.__version__)"
    versions = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    print(f"  fastapi {versions[0]}, SQLAlchemy {versions[1]}, uvicorn {versions[2]}")
    print(f"resetting database {DB} at {PG}")
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    print("running its migrations")
    _run([str(venv / "bin" / "alembic"), "-q", "upgrade", "head"], cwd=src, env=rival_env())


def _log_config(rival_dir: Path, level: str) -> Path:
    """uvicorn's own loggers as usual, plus the root logger (its ``app.*`` loggers) at ``level``."""
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {"uvicorn": {"level": "INFO"}, "uvicorn.access": {"level": "WARNING"}},
    }
    path = rival_dir / "logging.json"
    path.write_text(json.dumps(config))
    return path


def start_rival(
    rival_dir: Path, port: int, workers: int = 2, app_log_level: str | None = None
) -> subprocess.Popen[bytes]:
    """uvicorn as its Dockerfile runs it, on 127.0.0.1, answering once every worker has started.

    ``app_log_level="info"`` shows its own log lines ("[DRY-RUN] Would send WhatsApp message ...");
    without it, like the Dockerfile, only its warnings and errors reach the log.
    """
    command = [
        str(rival_dir / "venv" / "bin" / "uvicorn"), "app.main:app", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--no-access-log", "--backlog", "2048",
    ]  # fmt: skip
    if app_log_level:
        command += ["--log-config", str(_log_config(rival_dir, app_log_level))]
    log_path = rival_dir / "uvicorn.log"
    print("starting:", " ".join(command), f"(cwd {rival_dir / 'src'}, output {log_path})", flush=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=rival_dir / "src", env=rival_env(port), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        started = log_path.read_text(errors="replace").count("Application startup complete.")
        if started >= workers and _get(port, "/ready") == 200:
            return proc
        time.sleep(0.2)
    stop_rival(proc)
    raise RuntimeError(f"uvicorn did not start:\n{log_path.read_text()[-3000:]}")


def stop_rival(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to its process group (the uvicorn supervisor and its workers), SIGKILL if need be."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        proc.wait()
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _get(port: int, path: str) -> int | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def rival_post(port: int, body: bytes) -> tuple[int, bytes]:
    """POST ``body`` signed as Meta signs it (X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, body))."""
    return post_signed_reply(port, body, secret=SECRET, timeout=TIMEOUT)


def rival_send(port: int, run: str) -> Send:
    """The load generator's ``send`` for it: a sender's ``n``-th message of the conversation."""

    def send(wa_id: str, n: int, text: str) -> tuple[int, bytes]:
        # Its out-of-order check drops (with a 200) a message whose timestamp, in whole seconds as
        # Meta sends it, is older than now() at the previous message: a customer's second message
        # within the same second. A second ahead keeps every message processed.
        message_id = f"wamid.rival.{run}.{wa_id}.{n}"
        body = message_body(wa_id, text, message_id, int(time.time()) + 1, phone_number_id="test_id")
        return rival_post(port, body)

    return send


def outcome(status: int, reply: bytes) -> str:
    """What it did with a message, from its reply (it says 200 to all of these)."""
    try:
        data = json.loads(reply)
    except ValueError:
        return f"{status} (not JSON)"
    if not isinstance(data, dict):
        return f"{status} (unexpected reply)"
    if "type" in data:  # out_of_order, duplicate, non-message-event, ...
        return f"{status} {data['type']}"
    if "error" in data:  # "Conversation handling failed" comes with a 200
        return f"{status} error: {data['error']}"
    conversation = data.get("conversation")
    if isinstance(conversation, dict):
        return f"{status} conversation: {conversation.get('status')}"
    return f"{status} received"


def database_report() -> str:
    """The rows it wrote: leads by status and step, answers, messages recorded, system events."""
    with psycopg.connect(f"{PG}/{DB}") as conn:
        (leads,) = conn.execute("SELECT count(*) FROM leads").fetchone() or (0,)
        (answers,) = conn.execute("SELECT count(*) FROM lead_answers").fetchone() or (0,)
        (processed,) = conn.execute("SELECT count(*) FROM processed_messages").fetchone() or (0,)
        by_status = conn.execute(
            "SELECT status, current_step, count(*) FROM leads GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall()
        events = conn.execute(
            "SELECT level, event_type, count(*) FROM system_events GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall()
    lines = [f"rows: {leads} leads, {answers} lead_answers, {processed} processed_messages"]
    lines += [f"  leads {status} at step {step}: {count}" for status, step, count in by_status]
    lines += [f"  system_events {level} {kind}: {count}" for level, kind, count in events] or ["  no system_events"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="port for its uvicorn (0: a free one)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--messages", type=int, default=2000, help=f"{len(CONVERSATION)} per sender")
    parser.add_argument("--app-log-level", default=None, help="e.g. info: its own log lines in uvicorn.log")
    args = parser.parse_args()
    setup_rival(RIVAL_DIR)
    port = args.port or free_port()
    proc = start_rival(RIVAL_DIR, port, args.workers, args.app_log_level)
    try:
        run = f"{os.getpid()}{int(time.time()) % 10**4:04d}"
        send = rival_send(port, run)
        conversation_loop(2, [f"4479{run}{n:03d}" for n in range(2)], send)  # warm-up: imports, connections
        senders = [f"4477{run}{n:05d}" for n in range(max(1, args.messages // len(CONVERSATION)))]
        print(
            f"uvicorn --workers {args.workers}: {len(senders)} senders × {len(CONVERSATION)} messages, "
            f"concurrency {args.concurrency}"
        )
        before, started = cpu_seconds(), time.monotonic()
        result = conversation_loop(args.concurrency, senders, send, outcome=outcome)
        wall = time.monotonic() - started
        p = percentiles(result.latencies)
        print(
            f"  {result.rate:6.1f} msg/s  p50 {p['p50']:6.1f} ms  p90 {p['p90']:6.1f} ms  p99 {p['p99']:6.1f} ms  "
            f"non-2xx {result.non_2xx}  timeouts {result.timeouts}  connection errors {result.broken}"
        )
        print("  replies:")
        for name, count in result.outcomes.most_common():
            print(f"    {count:6d}  {name}")
        latencies = result.latencies
        print(cpu_report(before, cpu_seconds(), wall, max(1, len(latencies))))
    finally:
        stop_rival(proc)
    print(database_report().replace("rows:", "rows (warm-up included):", 1))
    log = (RIVAL_DIR / "uvicorn.log").read_text(errors="replace")
    lines = log.splitlines()
    tracebacks = sum(line.startswith("Traceback") for line in lines)
    failed = sum(" ERROR " in line or "failed" in line.lower() for line in lines)  # its errors, logged or not
    print(f"{RIVAL_DIR / 'uvicorn.log'}: {len(lines)} lines, {tracebacks} tracebacks, {failed} ERROR/failed lines")


if __name__ == "__main__":
    main()

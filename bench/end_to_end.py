"""Benchmark: the whole pipeline, webhook in → inbox → worker → the bot's reply POSTed to a fake Meta.

    .venv/bin/python -m bench.end_to_end [--rate 50] [--senders 200]

gunicorn (web), a Celery worker and Celery beat (cloud WhatsApp backend pointed
at a fake Graph API on 127.0.0.1 with keep-alive) on a fresh PostgreSQL
database and Redis. 500 senders each send the first 4 messages of the
enquiry of ``bench.live.CONVERSATION`` (2,000 messages), open loop at
``--rate`` messages/s, round-robin (a sender's next message 10 s after its
last at the defaults, within Meta's pair limit for the replies). Prints every
reply delivered and none twice (fake Meta's requests against the outbox
rows), the time from the last 200 to the last reply, the latency from each
POST to the first reply to that customer after it (p50/p90/p99), and CPU per
message by process. Not a test; not in CI.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
import redis

from bench.live import (
    CONVERSATION,
    PG,
    REDIS,
    ROOT,
    app_env,
    cpu_report,
    cpu_seconds,
    free_port,
    fresh_database,
    message_body,
    percentiles,
    post_signed,
    start_gunicorn,
    stop,
)
from tests.fakes.meta import FakeMeta

DB = "tattoobot_bench_e2e"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=50, help="inbound messages per second, open loop")
    parser.add_argument("--senders", type=int, default=500)
    parser.add_argument("--per-sender", type=int, default=4, help="the first n messages of the enquiry")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    parser.add_argument(
        "--read-receipts", action=argparse.BooleanOptionalAction, default=True, help="WHATSAPP_READ_RECEIPTS"
    )
    args = parser.parse_args()
    meta = FakeMeta(keep_alive=True).start()
    env = app_env(
        DB,
        WHATSAPP_BACKEND="cloud",
        WHATSAPP_API_BASE_URL=meta.base_url,
        WHATSAPP_ACCESS_TOKEN="t",
        WHATSAPP_PHONE_NUMBER_ID="123",
        WHATSAPP_MAX_MESSAGES_PER_SECOND="1000",
        WHATSAPP_READ_RECEIPTS="1" if args.read_receipts else "0",
    )
    fresh_database(DB, env)
    redis.Redis.from_url(REDIS).flushdb()
    port = free_port()
    web = start_gunicorn(env, port, args.web_workers)
    celery = [sys.executable, "-m", "celery", "-A", "tattoobot"]
    quiet: dict[str, Any] = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    worker = subprocess.Popen(
        [*celery, "worker", "--concurrency", str(args.concurrency), "--loglevel", "WARNING",
         "--without-gossip", "--without-mingle"],
        **quiet,
    )  # fmt: skip
    schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
    beat = subprocess.Popen([*celery, "beat", "--loglevel", "WARNING", "--schedule", str(schedule)], **quiet)
    senders = [f"447{880 + n // 100_000:03d}{n % 100_000:06d}" for n in range(args.senders)]
    conversation = CONVERSATION[: args.per_sender]
    run = uuid.uuid4().hex[:8]
    posted: dict[tuple[str, int], float] = {}
    statuses: list[int] = []
    lock = threading.Lock()
    try:
        time.sleep(4)  # the worker connects and preloads
        post_signed(port, message_body("447000000001", "hi", f"wamid.warm.{run}", int(time.time())))
        time.sleep(2)
        meta.requests.clear()

        def one(wa_id: str, n: int) -> None:
            body = message_body(wa_id, conversation[n], f"wamid.e2e.{run}.{wa_id}.{n}", int(time.time()))
            with lock:
                posted[(wa_id, n)] = time.monotonic()
            status = post_signed(port, body)
            with lock:
                statuses.append(status)

        # Round-robin: a sender's next message comes len(senders) / rate seconds after its last
        # (10 s at the defaults), as a customer reading the reply and typing the answer. Faster
        # than Meta's pair limit (one message to a customer per 6 s after a burst of 5) and the
        # replies queue behind that limit: the figure would be Meta's, not the pipeline's.
        schedule_ = [(wa_id, n) for n in range(len(conversation)) for wa_id in senders]
        threads = []
        before = cpu_seconds()
        started = time.monotonic()
        for k, (wa_id, n) in enumerate(schedule_):
            delay = started + k / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=one, args=(wa_id, n))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        last_200 = time.monotonic()
        offered = len(schedule_) / (last_200 - started)
        outbox = outbox_states()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (outbox.get("queued", 0) or outbox.get("sending", 0) or pending()):
            time.sleep(0.2)
            outbox = outbox_states()
        time.sleep(1)  # a straggler's retry would show here
        report = cpu_report(before, cpu_seconds(), time.monotonic() - started, len(schedule_))
        outbox, inbox = outbox_states(), inbox_states()
    finally:
        stop(beat, worker, web)
        meta.stop()
    ours = set(senders)
    replies = [r for r in meta.requests if r.method == "POST" and r.status == 200 and r.body.get("to") in ours]
    by_sender: dict[str, list[float]] = {}
    for reply in replies:
        by_sender.setdefault(reply.body["to"], []).append(reply.at)
    latencies = []
    for (wa_id, n), at in posted.items():
        # The first reply to the customer after the message was posted, before its next message.
        until = posted.get((wa_id, n + 1), float("inf"))
        first = next((t for t in sorted(by_sender.get(wa_id, [])) if at <= t < until), None)
        if first is not None:
            latencies.append(first - at)
    ids = [r.body.get("biz_opaque_callback_data") or json.dumps(r.body, sort_keys=True) for r in replies]
    p = percentiles(latencies)
    last_reply = max((r.at for r in replies), default=last_200)
    print(
        f"offered {offered:.1f} msg/s: {len(schedule_)} messages from {len(senders)} senders "
        f"({len(conversation)} each); non-200 answers {sum(s != 200 for s in statuses)}"
    )
    print(f"inbox: {inbox}; outbox: {outbox}")
    print(
        f"replies at fake Meta {len(replies)} (outbox rows sent {outbox.get('sent', 0)}), "
        f"identical requests repeated {len(ids) - len(set(ids))}; messages answered {len(latencies)} of {len(posted)}"
    )
    ours_read = {f"wamid.e2e.{run}.{wa_id}.{n}" for wa_id, n in posted}
    receipts = [m for m in meta.read_receipts() if m in ours_read]
    print(f"read receipts at fake Meta {len(receipts)} ({len(set(receipts))} messages)")
    print(f"last 200 → last reply: {max(0.0, last_reply - last_200) * 1000:.0f} ms")
    print(f"inbound POST → its reply at Meta: p50 {p['p50']:.0f} ms  p90 {p['p90']:.0f} ms  p99 {p['p99']:.0f} ms")
    print(report)


def _counts(table: str) -> dict[str, int]:
    with psycopg.connect(f"{PG}/{DB}") as conn:
        return dict(conn.execute(f"SELECT state, count(*) FROM {table} GROUP BY state").fetchall())


def outbox_states() -> dict[str, int]:
    return _counts("conversations_outboundmessage")


def inbox_states() -> dict[str, int]:
    return _counts("conversations_processedmessage")


def pending() -> int:
    return inbox_states().get("pending", 0)


if __name__ == "__main__":
    main()

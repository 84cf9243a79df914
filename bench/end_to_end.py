"""Benchmark: webhook in → the bot's reply POSTed to a fake Meta, at a steady rate.

    .venv/bin/python bench/end_to_end.py [--rate 50] [--seconds 20]

gunicorn (web) and a Celery worker (cloud WhatsApp backend pointed at a fake
Graph API on 127.0.0.1) on a fresh PostgreSQL database and Redis. Each message
is a first contact from a new customer; the latency is from the POST leaving
the load generator to the fake Meta receiving the reply to that customer.
Prints the achieved rate and p50/p90/p99. Not a test; not in CI.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
import uuid

import redis

from bench.live import (
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
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    args = parser.parse_args()
    meta = FakeMeta(keep_alive=True).start()
    env = app_env(
        DB,
        WHATSAPP_BACKEND="cloud",
        WHATSAPP_API_BASE_URL=meta.base_url,
        WHATSAPP_ACCESS_TOKEN="t",
        WHATSAPP_PHONE_NUMBER_ID="123",
        WHATSAPP_MAX_MESSAGES_PER_SECOND="1000",
    )
    fresh_database(DB, env)
    redis.Redis.from_url(REDIS).flushdb()
    port = free_port()
    web = start_gunicorn(env, port, args.web_workers)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tattoobot", "worker", "--concurrency", str(args.concurrency),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    sent_at: dict[str, float] = {}
    errors = 0
    lock = threading.Lock()
    try:
        time.sleep(4)  # the worker connects and preloads
        warm = message_body("447000000001", "hi", f"wamid.warm.{uuid.uuid4().hex}", int(time.time()))
        post_signed(port, warm)
        time.sleep(2)
        meta.requests.clear()

        def one(wa_id: str) -> None:
            nonlocal errors
            body = message_body(wa_id, "Hi! I'd like a tattoo", f"wamid.e2e.{uuid.uuid4().hex}", int(time.time()))
            with lock:
                sent_at[wa_id] = time.monotonic()
            if post_signed(port, body) != 200:
                with lock:
                    errors += 1

        total = int(args.rate * args.seconds)
        threads = []
        before = cpu_seconds()
        started = time.monotonic()
        for n in range(total):
            delay = started + n / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=one, args=(f"4478{n:08d}",))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        offered = total / (time.monotonic() - started)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replied = {r.body["to"] for r in meta.requests if r.method == "POST" and r.status == 200}
            if len(replied & set(sent_at)) >= total:
                break
            time.sleep(0.2)
        report = cpu_report(before, cpu_seconds(), time.monotonic() - started, total)
    finally:
        stop(worker, web)
        meta.stop()
    first_reply: dict[str, float] = {}
    for request in meta.requests:
        if request.method == "POST" and request.status == 200:
            first_reply.setdefault(request.body["to"], request.at)
    latencies = [first_reply[w] - t for w, t in sent_at.items() if w in first_reply]
    p = percentiles(latencies)
    print(
        f"offered {offered:.0f} msg/s for {args.seconds:.0f} s ({total} first contacts);"
        f" replies {len(latencies)}; errors {errors}"
    )
    print(f"webhook → reply at Meta: p50 {p['p50']:.0f} ms  p90 {p['p90']:.0f} ms  p99 {p['p99']:.0f} ms")
    print(report)


if __name__ == "__main__":
    main()

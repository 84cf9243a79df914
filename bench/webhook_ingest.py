"""Benchmark: signed WhatsApp text messages from many customers at a live gunicorn + PostgreSQL + Redis.

    .venv/bin/python bench/webhook_ingest.py [--workers 3] [--per-level 600]

Closed loop at several concurrencies (each thread is a stream of customers,
each customer sends "hi" then their idea: a first contact and an answer), then
an open loop at half the best rate for the latency there; and PostgreSQL's own
single-row-insert commit rate from pgbench in the same run, for the ratio.
Replies are written to the outbox and their send tasks published to Redis (no
worker: this measures ingest). Prints processed messages/s and latency
p50/p90/p99 per level. Not a test; not in CI.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import threading
import time
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory

import redis

from bench.live import (
    PG,
    REDIS,
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

DB = "tattoobot_bench_ingest"


def closed_loop(port: int, concurrency: int, messages: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = max(2, messages // concurrency // 2 * 2)

    def stream() -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        for n in range(per_thread // 2):
            wa_id = f"4477{uuid.uuid4().int % 10**8:08d}"
            for text in ("Hi! I'd like a tattoo", "A fine-line swallow with a banner"):
                body = message_body(wa_id, text, f"wamid.bench.{uuid.uuid4().hex}", int(time.time()) + n)
                started = time.perf_counter()
                status = post_signed(port, body)
                mine.append(time.perf_counter() - started)
                bad += status != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=stream) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies, errors


def redelivery_loop(port: int, concurrency: int, messages: int) -> tuple[float, list[float], int]:
    """Meta delivering messages again that were already processed: signature, parse and the one
    dedup statement, no engine. What the web stack costs around any message: the ceiling."""
    bodies = [
        message_body(f"4479{n:08d}", "hi", f"wamid.again.{uuid.uuid4().hex}", int(time.time())) for n in range(50)
    ]
    for body in bodies:
        post_signed(port, body)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def stream(offset: int) -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        for n in range(messages // concurrency):
            started = time.perf_counter()
            status = post_signed(port, bodies[(offset + n) % len(bodies)])
            mine.append(time.perf_counter() - started)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=stream, args=(i * 7,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies, errors


def open_loop(port: int, rate: float, seconds: float) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    threads: list[threading.Thread] = []

    def one(n: int) -> None:
        nonlocal errors
        wa_id = f"4478{uuid.uuid4().int % 10**8:08d}"
        body = message_body(wa_id, "Hi! I'd like a tattoo", f"wamid.open.{uuid.uuid4().hex}", int(time.time()))
        started = time.perf_counter()
        status = post_signed(port, body)
        with lock:
            latencies.append(time.perf_counter() - started)
            errors += status != 200

    total = int(rate * seconds)
    started = time.perf_counter()
    for n in range(total):
        target = started + n / rate
        delay = target - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=one, args=(n,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return total / (time.perf_counter() - started), latencies, errors


def pgbench_inserts(seconds: int, clients: int) -> float:
    subprocess.run(
        [
            "psql",
            f"{PG}/{DB}",
            "-q",
            "-c",
            "CREATE TABLE IF NOT EXISTS bench_single (id bigserial PRIMARY KEY, payload text)",
        ],
        check=True,
    )
    with TemporaryDirectory() as folder:
        script = Path(folder) / "insert.sql"
        script.write_text("INSERT INTO bench_single (payload) VALUES ('x');\n")
        out = subprocess.run(
            ["pgbench", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", str(script), f"{PG}/{DB}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    match = re.search(r"tps = ([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def line(p: dict[str, float], errors: int) -> str:
    return f"p50 {p['p50']:6.1f} ms  p90 {p['p90']:6.1f} ms  p99 {p['p99']:6.1f} ms  errors {errors}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--per-level", type=int, default=600, help="messages per concurrency level")
    parser.add_argument("--levels", default="1,4,8,16,32")
    args = parser.parse_args()
    env = app_env(DB, WHATSAPP_BACKEND="console")
    fresh_database(DB, env)
    redis.Redis.from_url(REDIS).flushdb()
    port = free_port()
    web = start_gunicorn(env, port, args.workers)
    try:
        closed_loop(port, 4, 40)  # warm-up: imports, city index, connections
        print(f"gunicorn --workers {args.workers}; {args.per_level} messages per level (first contacts and answers)")
        best, report = 0.0, ""
        for level in (int(x) for x in args.levels.split(",")):
            before, started = cpu_seconds(), time.monotonic()
            rate, latencies, errors = closed_loop(port, level, args.per_level)
            wall = time.monotonic() - started
            best = max(best, rate)
            p = percentiles(latencies)
            print(f"  concurrency {level:3d}: {rate:6.0f} msg/s  {line(p, errors)}")
            report = f"at concurrency {level}: " + cpu_report(before, cpu_seconds(), wall, len(latencies))
        rate, latencies, errors = open_loop(port, best / 2, 10)
        p = percentiles(latencies)
        print(f"  open loop at {best / 2:.0f} msg/s (half the best): {line(p, errors)}")
        print(report)
        before, started = cpu_seconds(), time.monotonic()
        rate, latencies, errors = redelivery_loop(port, 8, args.per_level)
        wall = time.monotonic() - started
        summary = line(percentiles(latencies), errors)
        print(f"  re-deliveries (duplicates: dedup only), concurrency 8: {rate:6.0f} msg/s  {summary}")
        print(cpu_report(before, cpu_seconds(), wall, len(latencies)))
    finally:
        stop(web)
    tps = pgbench_inserts(10, 8)
    print(f"pgbench single-row INSERT commits: {tps:.0f}/s (8 clients); ingest best / pgbench = {best / tps:.2f}")


if __name__ == "__main__":
    main()

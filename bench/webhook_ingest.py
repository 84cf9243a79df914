"""Benchmark: signed WhatsApp webhooks at a live gunicorn + PostgreSQL + Redis, beside the system it replaces.

    .venv/bin/python -m bench.webhook_ingest [--workers 3] [--senders 200] [--rival] [--pgbench]

What Meta waits for: no Celery worker runs, so each 200 is the request alone
(verify, parse, the inbox INSERT, the customer's task published to Redis).
The load generator (``bench.live.conversation_loop``, new connection per
message as Meta delivers) runs 200 senders × a 10-message tattoo enquiry,
each sender's messages in order, in a closed loop at concurrency 8; then an
open loop at half that rate (latency where there is headroom); then closed
loops at 64 and 256 (overload: the 5xx and timeouts are what matter); then
re-deliveries of known messages (the dedup alone). With ``--rival`` the
system TattooBot replaces (bench/rival.py: its FastAPI app, 2 uvicorn
workers, dry-run) gets the same concurrency-8 loop in the same run, for the
ratio. Prints messages/s, p50/p90/p99, errors and CPU per message by process.
Not a test; not in CI.
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
    CONVERSATION,
    PG,
    REDIS,
    LoopResult,
    Send,
    app_env,
    conversation_loop,
    cpu_report,
    cpu_seconds,
    free_port,
    fresh_database,
    message_body,
    percentiles,
    post_signed,
    post_signed_reply,
    start_gunicorn,
    stop,
)
from bench.rival import RIVAL_DIR, outcome, rival_send, setup_rival, start_rival, stop_rival

DB = "tattoobot_bench_ingest"
TIMEOUT = 10.0  # a request not answered in 10 s counts as a timeout (Meta waits longer, then retries)


def our_send(port: int, run: str) -> Send:
    """The load generator's ``send`` for TattooBot: a sender's ``n``-th message, Meta's timestamp now."""

    def send(wa_id: str, n: int, text: str) -> tuple[int, bytes]:
        body = message_body(wa_id, text, f"wamid.bench.{run}.{wa_id}.{n}", int(time.time()))
        return post_signed_reply(port, body, timeout=TIMEOUT)

    return send


def senders(prefix: str, count: int) -> list[str]:
    return [f"447{prefix}{n:06d}" for n in range(count)]  # UK mobiles (+44 7…), a prefix per level


def report(result: LoopResult) -> str:
    latency = line(percentiles(result.latencies), result.non_2xx, label="non-2xx")
    failures = f"(5xx {result.server_errors})  timeouts {result.timeouts}  broken {result.broken}"
    return f"{result.rate:6.0f} msg/s  {latency} {failures}"


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


def line(p: dict[str, float], errors: int, *, label: str = "errors") -> str:
    return f"p50 {p['p50']:6.1f} ms  p90 {p['p90']:6.1f} ms  p99 {p['p99']:6.1f} ms  {label} {errors}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (WEB_CONCURRENCY's default)")
    parser.add_argument("--senders", type=int, default=200, help=f"per level, {len(CONVERSATION)} messages each")
    parser.add_argument("--overload", default="64,256", help="closed-loop concurrencies after the c=8 run")
    parser.add_argument("--rival", action="store_true", help="also run the replaced system (bench/rival.py)")
    parser.add_argument("--pgbench", action="store_true", help="also PostgreSQL's single-row INSERT commit rate")
    args = parser.parse_args()
    env = app_env(DB, WHATSAPP_BACKEND="console")
    fresh_database(DB, env)
    redis.Redis.from_url(REDIS).flushdb()
    port = free_port()
    web = start_gunicorn(env, port, args.workers)
    run = f"{int(time.time()) % 10**4:04d}"
    send = our_send(port, run)
    try:
        conversation_loop(4, senders("799", 8), send)  # warm-up: imports, city index, connections
        print(f"TattooBot, gunicorn --workers {args.workers}: {args.senders} senders × {len(CONVERSATION)} messages")
        before, started = cpu_seconds(), time.monotonic()
        ours = conversation_loop(8, senders("771", args.senders), send)
        wall = time.monotonic() - started
        print(f"  closed loop, concurrency   8: {report(ours)}")
        print(cpu_report(before, cpu_seconds(), wall, len(ours.latencies)))
        rate, latencies, errors = open_loop(port, ours.rate / 2, 10)
        print(f"  open loop at {ours.rate / 2:.0f} msg/s (half): {line(percentiles(latencies), errors)}")
        for n, level in enumerate(int(x) for x in args.overload.split(",") if x):
            before, started = cpu_seconds(), time.monotonic()
            result = conversation_loop(level, senders(f"77{n + 2}", args.senders), send)
            print(f"  closed loop, concurrency {level:3d}: {report(result)}")
        before, started = cpu_seconds(), time.monotonic()
        rate, latencies, errors = redelivery_loop(port, 8, 1000)
        wall = time.monotonic() - started
        summary = line(percentiles(latencies), errors)
        print(f"  re-deliveries (duplicates: dedup only), concurrency 8: {rate:6.0f} msg/s  {summary}")
        print(cpu_report(before, cpu_seconds(), wall, len(latencies)))
    finally:
        stop(web)
    if args.rival:
        setup_rival(RIVAL_DIR)
        rival_port = free_port()
        proc = start_rival(RIVAL_DIR, rival_port, 2)
        try:
            theirs_send = rival_send(rival_port, run)
            conversation_loop(2, senders("798", 2), theirs_send)  # warm-up
            before, started = cpu_seconds(), time.monotonic()
            theirs = conversation_loop(8, senders("781", args.senders), theirs_send, outcome=outcome)
            wall, after = time.monotonic() - started, cpu_seconds()
        finally:
            stop_rival(proc)
        print("The replaced system, uvicorn --workers 2, same senders and conversation:")
        print(f"  closed loop, concurrency   8: {report(theirs)}")
        print(cpu_report(before, after, wall, max(1, len(theirs.latencies))))
        print("  its replies: " + ", ".join(f"{count} {name}" for name, count in theirs.outcomes.most_common()))
        print(f"TattooBot / replaced system at concurrency 8: {ours.rate / max(theirs.rate, 1e-9):.2f}×")
    if args.pgbench:
        tps = pgbench_inserts(10, 8)
        print(
            f"pgbench single-row INSERT commits: {tps:.0f}/s (8 clients); TattooBot / pgbench = {ours.rate / tps:.2f}"
        )


if __name__ == "__main__":
    main()

"""Benchmark: drain N queued outbound messages to a fake Meta with real worker processes.

    .venv/bin/python bench/outbox_drain.py --rows 20000 --workers 2 --rate 1000

Creates (and drops) the PostgreSQL database ``tattoobot_bench``, queues the rows
(five per customer, inside Meta's per-customer burst), starts ``--workers``
``manage.py drain_outbox`` processes with ``WHATSAPP_BACKEND=cloud`` pointed at a
fake Graph API on 127.0.0.1, and prints messages/s as Meta saw them, the busiest
second against the cap, and whether anything went twice. Not a test; not in CI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.live import cpu_report, cpu_seconds  # noqa: E402
from tests.fakes.meta import FakeMeta, clear_shared_rate_limits, cloud_process_env  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0")
DB = "tattoobot_bench"


def env(meta: FakeMeta, rate: int) -> dict[str, str]:
    return cloud_process_env(meta, database_url=f"{PG}/{DB}", redis_url=REDIS, rate=rate)


def fresh_database(base_env: dict[str, str]) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=base_env, check=True)


def queue_rows(rows: int) -> None:
    customers = rows // 5
    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as conn:
        conn.execute(
            """
            INSERT INTO leads_customer (wa_id, phone_hash, profile_name, opted_out, is_sandbox,
                                        reply_cooldowns, last_inbound_at, created_at, updated_at)
            SELECT '+4477' || lpad(n::text, 8, '0'), md5(n::text) || md5('x' || n::text), '', false, false,
                   '{}', now(), now(), now()
            FROM generate_series(1, %s) AS n
            """,
            (customers,),
        )
        conn.execute(
            """
            INSERT INTO conversations_outboundmessage
                (idempotency_key, customer_id, "to", purpose, kind, text, payload, state, attempts, due_at,
                 wamid, template_name, error_code, last_error, correlation_id, created_at)
            SELECT 'bench-' || c.id || '-' || m, c.id, c.wa_id, 'reply', 'text', 'bench ' || m, '{}', 'queued', 0,
                   now(), '', '', '', '', '', now()
            FROM leads_customer c CROSS JOIN generate_series(1, 5) AS m
            ORDER BY m, c.id
            """
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=int, default=1000, help="WHATSAPP_MAX_MESSAGES_PER_SECOND")
    args = parser.parse_args()

    meta = FakeMeta(keep_alive=True).start()
    worker_env = env(meta, args.rate)
    fresh_database(worker_env)
    queue_rows(args.rows)
    clear_shared_rate_limits(REDIS)

    before = cpu_seconds()
    started = time.monotonic()
    command = [sys.executable, "manage.py", "drain_outbox", "--until-empty", "--timeout", "3600"]
    procs = [subprocess.Popen(command, cwd=ROOT, env=worker_env) for _ in range(args.workers)]
    for proc in procs:
        proc.wait()
    wall = time.monotonic() - started
    after = cpu_seconds()
    meta.stop()

    stamps = sorted(r.at for r in meta.requests if r.method == "POST")
    bodies = [r.body["text"]["body"] + r.body["to"] for r in meta.requests if r.method == "POST"]
    span = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
    rate = (len(stamps) - 1) / span if span else 0.0
    busiest, j = 0, 0
    for i, t in enumerate(stamps):
        while stamps[j] < t - 1.0:
            j += 1
        busiest = max(busiest, i - j + 1)
    print(f"rows={args.rows} workers={args.workers} cap={args.rate}/s")
    print(f"sent={len(stamps)} duplicates={len(bodies) - len(set(bodies))} wall={wall:.1f}s")
    print(f"messages/s (first to last send) = {rate:.0f}; busiest 1 s window = {busiest} (cap {args.rate})")
    print(cpu_report(before, after, wall, len(stamps)))


if __name__ == "__main__":
    main()

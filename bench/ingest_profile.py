"""Profile: what one inbound WhatsApp message costs inside the web process.

    .venv/bin/python -m bench.ingest_profile [--customers 300] [--queries] [--profile]

Runs the webhook view in-process (Django's test client, signed bodies) against
a fresh PostgreSQL database, then the inbox processing a worker would run,
each customer sending "hi" (a first contact) then their idea (an answer).
Prints the mean time per message and the SQL queries (request and worker) of
one first contact and one answer (``--queries`` lists them); ``--profile``
prints the top of cProfile's cumulative listing. Not a test; not in CI.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import hmac
import os
import pstats
import time

from bench.live import SECRET, app_env, fresh_database, message_body

DB = "tattoobot_bench_profile"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--queries", action="store_true", help="list the SQL of one first contact and one answer")
    parser.add_argument("--profile", action="store_true", help="cProfile the run")
    args = parser.parse_args()
    env = app_env(DB, DJANGO_ALLOWED_HOSTS="testserver")
    fresh_database(DB, env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conversations.engine.inbox import inbox_drain

    client = Client()

    def post(wa_id: str, text: str, n: int) -> None:
        body = message_body(wa_id, text, f"wamid.profile.{wa_id}.{n}", int(time.time()) + n)
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        response = client.post(
            "/webhooks/whatsapp", body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
        )
        assert response.status_code == 200, response.content
        inbox_drain(keys=[f"wa:+{wa_id}"])  # the worker's part, here: the request only stores

    texts = ("Hi! I'd like a tattoo", "A fine-line swallow with a banner")
    for warm in range(5):  # imports, caches, the question set
        for n, text in enumerate(texts):
            post(f"44770{warm:07d}", text, n)
    for n, text in enumerate(texts):
        with CaptureQueriesContext(connection) as captured:
            post("447799999999", text, n)
        kind = "first contact" if n == 0 else "answer"
        print(f"{kind}: {len(captured.captured_queries)} queries")
        if args.queries:
            for query in captured.captured_queries:
                print("   ", query["sql"][:160])
    profiler = cProfile.Profile()
    cpu_started = time.process_time()
    started = time.perf_counter()
    if args.profile:
        profiler.enable()
    for c in range(args.customers):
        for n, text in enumerate(texts):
            post(f"44771{c:07d}", text, n)
    if args.profile:
        profiler.disable()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    count = args.customers * 2
    print(f"{count} messages in {elapsed:.2f} s: {elapsed / count * 1000:.2f} ms each, {count / elapsed:.0f} msg/s")
    # Wall time here is mostly waiting on PostgreSQL, whose latency drifts; this process's CPU does not.
    print(f"CPU of this process: {cpu / count * 1000:.2f} ms per message")
    if args.profile:
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            int(os.environ.get("PROFILE_LINES", "45"))
        )


if __name__ == "__main__":
    main()

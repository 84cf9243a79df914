"""Benchmark: the admin lead list and ``GET /api/leads/`` with 100,000 leads.

    .venv/bin/python bench/admin_list.py [--leads 100000] [--repeat 15]

Creates (and keeps, for reruns; ``--fresh`` recreates) the PostgreSQL database
``tattoobot_bench_admin``, fills it with customers, leads and their history,
then requests each page in-process through Django's test client as a staff
user: median and worst time over ``--repeat`` runs after a warm-up, and the
number of SQL queries. Targets: ≤ 300 ms and ≤ 10 queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "tattoobot_bench_admin"
os.environ.update(
    DJANGO_SETTINGS_MODULE="tattoobot.settings",
    DJANGO_SECRET_KEY="bench-admin-list-not-a-secret",
    DATABASE_URL=f"{PG}/{DB}",
    REDIS_URL=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0"),
    DJANGO_ALLOWED_HOSTS="testserver",
)

import psycopg  # noqa: E402


def fresh_database(drop: bool) -> bool:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone()
        if exists and not drop:
            return False
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
    return True


def fill(count: int) -> None:
    import random

    from django.utils import timezone

    from leads.models import Customer, Lead, StatusChange
    from leads.models.customer import hash_phone
    from leads.models.lead import LeadStatus

    rng = random.Random(1)
    statuses = [s.value for s in LeadStatus]
    now = timezone.now()
    batch = 5000
    for start in range(0, count, batch):
        numbers = [f"+4477{n:08d}" for n in range(start, min(start + batch, count))]
        customers = Customer.objects.bulk_create(
            [Customer(wa_id=n, phone_hash=hash_phone(n), profile_name=f"Customer {n[-5:]}") for n in numbers]
        )
        leads = Lead.objects.bulk_create(
            [
                Lead(
                    customer=c,
                    status=rng.choice(statuses),
                    idea="A fine-line swallow with a banner reading mum, on the left forearm",
                    city=rng.choice(["London", "Manchester", "Leeds", "Berlin"]),
                    budget_text="£500",
                    budget_min=50000,
                    budget_max=50000,
                    budget_currency="gbp",
                    last_inbound_at=now,
                )
                for c in customers
            ]
        )
        StatusChange.objects.bulk_create(
            [StatusChange(lead=lead, from_status="", to_status="new", reason="first_contact") for lead in leads]
        )
        print(f"  {start + len(numbers)} leads", end="\r", flush=True)
    print()


def measure(client: object, path: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get = client.get  # type: ignore[attr-defined]
    assert get(path).status_code == 200  # warm-up
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = get(path)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings) * 1000, max(timings) * 1000, len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    args = parser.parse_args()
    created = fresh_database(args.fresh)

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.throttling import UserRateThrottle

    from leads.models import Lead

    call_command("migrate", verbosity=0)
    if created:
        fill(args.leads)
    UserRateThrottle.THROTTLE_RATES = {"user": "1000000/min"}  # measure the pages, not the throttle
    user, _ = User.objects.get_or_create(username="bench", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    print(f"{Lead.objects.count()} leads; {args.repeat} runs per page after a warm-up")
    for path in (
        "/admin/leads/lead/",
        "/admin/leads/lead/?status__exact=qualifying",
        "/admin/leads/lead/?q=Customer+00042",
        "/api/leads/",
        "/api/leads/?status=booked",
        "/api/leads/?phone=%2B447700000042",
    ):
        median, worst, queries, size = measure(client, path, args.repeat)
        print(f"  {path:45} median {median:6.1f} ms  worst {worst:6.1f} ms  {queries:2d} queries  {size // 1024} KiB")


if __name__ == "__main__":
    main()

"""Benchmark: slot computation with 2,000 appointments across the booking horizon.

    .venv/bin/python bench/slots.py [--appointments 2000] [--repeat 50]

Pure computation (leads/booking/slots.py), as the offer does it: index the busy
periods, walk every working hour of the 21-day horizon, spread five. Prints the
median and worst time per offer over ``--repeat`` runs, for a diary with many
gaps (short appointments) and a nearly full one. No database; not in CI.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from leads.booking.slots import BusyIndex, Rules, free_slots, parse_working_hours, spread

LONDON = ZoneInfo("Europe/London")
HOURS = parse_working_hours(
    {d: ["10:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": ["10:00", "16:00"]}
)
NOW = datetime(2026, 12, 2, 9, tzinfo=LONDON).astimezone(UTC)
RULES = Rules(LONDON, HOURS, timedelta(hours=3), timedelta(minutes=30), timedelta(hours=24), timedelta(days=21))


def diary(count: int, minutes: tuple[int, ...], seed: int) -> list[tuple[datetime, datetime]]:
    rng = random.Random(seed)
    periods = []
    for _ in range(count):
        start = NOW + timedelta(minutes=rng.randrange(0, 21 * 24 * 60, 15))
        periods.append((start, start + timedelta(minutes=rng.choice(minutes))))
    return periods


def measure(periods: list[tuple[datetime, datetime]], repeat: int) -> tuple[float, float, int, int]:
    timings = []
    free: list[tuple[datetime, datetime]] = []
    for _ in range(repeat):
        started = time.perf_counter()
        index = BusyIndex(periods)
        free = free_slots(rules=RULES, now=NOW, busy=index)
        offer = spread(free, LONDON)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, max(timings) * 1000, len(free), len(offer)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appointments", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(f"slot computation, {args.appointments} busy periods over a 21-day horizon, {args.repeat} runs")
    for label, minutes in (
        ("short appointments (15-45 min), many gaps", (15, 30, 45)),
        ("2-6 h appointments, nearly full", (120, 240, 360)),
    ):
        median, worst, free, offer = measure(diary(args.appointments, minutes, seed=1), args.repeat)
        print(f"  {label}: median {median:.2f} ms, worst {worst:.2f} ms per offer; {free} free slots, {offer} offered")
    median, worst, free, offer = measure([], args.repeat)
    print(f"  empty diary: median {median:.2f} ms, worst {worst:.2f} ms; {free} free slots, {offer} offered")


if __name__ == "__main__":
    main()

"""Slot generation (docs/booking.md): working hours, buffer, notice, horizon, all-day events, DST, a full diary."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from leads.booking.slots import BusyIndex, Rules, all_day, free_slots, parse_working_hours, spread

LONDON = ZoneInfo("Europe/London")
HOURS = parse_working_hours(
    {
        "mon": ["10:00", "18:00"],
        "tue": ["10:00", "18:00"],
        "wed": ["10:00", "18:00"],
        "thu": ["10:00", "18:00"],
        "fri": ["10:00", "18:00"],
        "sat": ["10:00", "16:00"],
    }
)


def rules(**changes: object) -> Rules:
    values: dict[str, object] = {
        "tz": LONDON,
        "working_hours": HOURS,
        "session": timedelta(hours=2),
        "buffer": timedelta(minutes=30),
        "notice": timedelta(hours=24),
        "horizon": timedelta(days=21),
    }
    values.update(changes)
    return Rules(**values)  # type: ignore[arg-type]


def at(day: str, clock: str, tz: ZoneInfo = LONDON) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=tz).astimezone(UTC)


def wall(slots: list[tuple[datetime, datetime]]) -> list[str]:
    return [f"{s.astimezone(LONDON):%a %d %H:%M}-{e.astimezone(LONDON):%H:%M}" for s, e in slots]


# Wednesday 2 December 2026, 09:00 London (GMT).
NOW = at("2026-12-02", "09:00")


def test_working_hours_on_the_hour_after_the_notice() -> None:
    slots = free_slots(rules=rules(), now=NOW, busy=[], limit=8)
    # Thursday from 10:00 (24 h notice from Wed 09:00 rules out Wednesday), last start 16:00 (ends 18:00).
    assert wall(slots) == [
        "Thu 03 10:00-12:00",
        "Thu 03 11:00-13:00",
        "Thu 03 12:00-14:00",
        "Thu 03 13:00-15:00",
        "Thu 03 14:00-16:00",
        "Thu 03 15:00-17:00",
        "Thu 03 16:00-18:00",
        "Fri 04 10:00-12:00",
    ]


def test_notice_cuts_mid_day() -> None:
    slots = free_slots(rules=rules(), now=at("2026-12-02", "13:20"), busy=[], limit=2)
    assert wall(slots) == ["Thu 03 14:00-16:00", "Thu 03 15:00-17:00"]


def test_saturday_hours_and_closed_sunday() -> None:
    slots = free_slots(rules=rules(session=timedelta(hours=6)), now=NOW, busy=[], limit=4)
    assert wall(slots) == ["Thu 03 10:00-16:00", "Thu 03 11:00-17:00", "Thu 03 12:00-18:00", "Fri 04 10:00-16:00"]
    saturday = [
        s for s in free_slots(rules=rules(session=timedelta(hours=6)), now=NOW, busy=[]) if "Sat" in wall([s])[0]
    ]
    assert wall(saturday)[:1] == ["Sat 05 10:00-16:00"]
    assert not any("Sun" in label for label in wall(free_slots(rules=rules(), now=NOW, busy=[])))


def test_a_session_longer_than_the_day_has_no_slot() -> None:
    assert free_slots(rules=rules(session=timedelta(hours=9)), now=NOW, busy=[]) == []


def test_buffer_keeps_clear_of_appointments_both_sides() -> None:
    busy = [(at("2026-12-03", "12:00"), at("2026-12-03", "14:00"))]
    thursday = [s for s in free_slots(rules=rules(), now=NOW, busy=busy) if s[0].day == 3]
    # 10:00-12:00 ends at 12:00: inside the 30 min buffer. 14:00 starts at its end: also inside.
    assert wall(thursday) == ["Thu 03 15:00-17:00", "Thu 03 16:00-18:00"]
    no_buffer = [s for s in free_slots(rules=rules(buffer=timedelta(0)), now=NOW, busy=busy) if s[0].day == 3]
    assert wall(no_buffer) == ["Thu 03 10:00-12:00", "Thu 03 14:00-16:00", "Thu 03 15:00-17:00", "Thu 03 16:00-18:00"]


def test_the_horizon_ends_the_search() -> None:
    slots = free_slots(rules=rules(horizon=timedelta(days=2)), now=NOW, busy=[])
    assert {s.astimezone(LONDON).date() for s, _ in slots} == {date(2026, 12, 3)}
    assert all(s < NOW + timedelta(days=2) for s, _ in slots)


def test_an_all_day_event_closes_the_day() -> None:
    slots = free_slots(rules=rules(), now=NOW, busy=[all_day(date(2026, 12, 3), LONDON)], limit=1)
    assert wall(slots) == ["Fri 04 10:00-12:00"]


def test_a_full_calendar_has_no_slot() -> None:
    busy = [all_day(NOW.date() + timedelta(days=n), LONDON) for n in range(0, 30)]
    assert free_slots(rules=rules(), now=NOW, busy=busy) == []


@pytest.mark.parametrize(
    ("now", "day", "expected_utc"),
    [
        # Spring forward: Sunday 29 March 2026. Monday 30 March 10:00 BST is 09:00 UTC.
        (at("2026-03-27", "09:00"), date(2026, 3, 30), "09:00"),
        # Friday before, still GMT: 10:00 is 10:00 UTC.
        (at("2026-03-25", "09:00"), date(2026, 3, 27), "10:00"),
        # Fall back: Sunday 25 October 2026. Saturday 24th is BST (09:00 UTC), Monday 26th GMT (10:00 UTC).
        (at("2026-10-22", "09:00"), date(2026, 10, 24), "09:00"),
        (at("2026-10-22", "09:00"), date(2026, 10, 26), "10:00"),
    ],
)
def test_dst_weekends_keep_the_studio_wall_clock(now: datetime, day: date, expected_utc: str) -> None:
    slots = [s for s in free_slots(rules=rules(), now=now, busy=[]) if s[0].astimezone(LONDON).date() == day]
    assert slots[0][0].astimezone(LONDON).strftime("%H:%M") == "10:00"
    assert slots[0][0].strftime("%H:%M") == expected_utc
    assert all(s.astimezone(LONDON).minute == 0 for s, _ in slots)
    assert all(e - s == timedelta(hours=2) for s, e in slots)


def test_the_notice_across_a_dst_change_counts_real_hours() -> None:
    # Saturday 28 March 2026 18:00 GMT + 40 h = Monday 30 March 11:00 BST (one hour lost overnight).
    slots = free_slots(rules=rules(notice=timedelta(hours=40)), now=at("2026-03-28", "18:00"), busy=[], limit=1)
    assert wall(slots) == ["Mon 30 11:00-13:00"]


def test_busy_index_agrees_with_a_plain_scan() -> None:
    import random

    rng = random.Random(7)
    periods = []
    for _ in range(300):
        start = NOW + timedelta(minutes=rng.randrange(0, 60 * 24 * 21, 15))
        periods.append((start, start + timedelta(minutes=rng.choice([30, 60, 120, 240, 600]))))
    index = BusyIndex(periods)
    for _ in range(500):
        start = NOW + timedelta(minutes=rng.randrange(0, 60 * 24 * 21, 15))
        end = start + timedelta(hours=rng.choice([1, 2, 3]))
        buffer = timedelta(minutes=rng.choice([0, 15, 30]))
        expected = any(start < e + buffer and end + buffer > s for s, e in periods)
        assert index.clashes(start, end, buffer) == expected


def test_spread_offers_two_a_day_at_most_and_five_in_all() -> None:
    offer = spread(free_slots(rules=rules(), now=NOW, busy=[]), LONDON)
    assert wall(offer) == [
        "Thu 03 10:00-12:00",
        "Thu 03 13:00-15:00",
        "Fri 04 10:00-12:00",
        "Fri 04 13:00-15:00",
        "Sat 05 10:00-12:00",
    ]


def test_the_service_uses_the_studio_settings_and_the_clock(db: None, make_lead) -> None:
    from leads.booking.rules import slots_for
    from leads.models import Appointment, StudioSettings

    studio = StudioSettings.load()
    lead = make_lead(size_category="medium")  # 180 minutes
    other = make_lead()
    with time_machine.travel(NOW, tick=False):
        Appointment.objects.create(lead=other, start=at("2026-12-03", "10:00"), end=at("2026-12-03", "18:00"))
        from django.utils import timezone

        offer = slots_for(lead, studio, timezone.now())
    assert wall(offer)[0] == "Fri 04 10:00-13:00"
    assert len(offer) == 5

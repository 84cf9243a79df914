"""Free appointment slots (docs/booking.md), computed from plain values: no database, no network.

A slot starts on the hour (studio time), lies inside the day's working hours,
starts no earlier than ``now + notice`` and before ``now + horizon``, and keeps
``buffer`` clear of every busy period on both sides. A busy period may be an
appointment or a calendar event; an all-day event is a busy period covering
the whole local day, so it closes that day. Days are walked in the studio's
time zone, so a daylight-saving change moves nothing: 10:00 stays 10:00.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Rules:
    tz: ZoneInfo
    working_hours: dict[str, tuple[time, time]]  # weekday key → (open, close); a missing day is closed
    session: timedelta
    buffer: timedelta
    notice: timedelta
    horizon: timedelta


def parse_working_hours(raw: Mapping[str, Sequence[str]]) -> dict[str, tuple[time, time]]:
    return {day: (time.fromisoformat(hours[0]), time.fromisoformat(hours[1])) for day, hours in raw.items()}


def local(day: date, at: time, tz: ZoneInfo) -> datetime:
    """``day`` at ``at`` in ``tz`` as an aware UTC datetime (a time skipped by DST moves forward)."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz)
    # Round-trip through UTC: a wall time that does not exist (spring forward) normalises to a real one.
    return aware.astimezone(UTC)


class BusyIndex:
    """Busy periods sorted by start, with a running maximum of ends: an overlap query is a bisect."""

    def __init__(self, periods: Iterable[tuple[datetime, datetime]]) -> None:
        ordered = sorted((s.astimezone(UTC), e.astimezone(UTC)) for s, e in periods if e > s)
        self.starts = [s for s, _ in ordered]
        self.max_end: list[datetime] = []
        latest = datetime.min.replace(tzinfo=UTC)
        for _, end in ordered:
            latest = max(latest, end)
            self.max_end.append(latest)
        self.periods = ordered

    def clashes(self, start: datetime, end: datetime, buffer: timedelta) -> bool:
        """Whether [start, end) comes within ``buffer`` of any busy period."""
        # Periods starting before end + buffer are candidates; any of them ending after start - buffer clashes.
        upto = bisect.bisect_left(self.starts, end + buffer)
        if upto == 0:
            return False
        return self.max_end[upto - 1] > start - buffer


def free_slots(
    *, rules: Rules, now: datetime, busy: BusyIndex | Iterable[tuple[datetime, datetime]], limit: int | None = None
) -> list[tuple[datetime, datetime]]:
    """Every free slot (start, end), in order, as UTC datetimes; at most ``limit``."""
    index = busy if isinstance(busy, BusyIndex) else BusyIndex(busy)
    earliest, latest = now + rules.notice, now + rules.horizon
    found: list[tuple[datetime, datetime]] = []
    day = now.astimezone(rules.tz).date()
    last_day = latest.astimezone(rules.tz).date()
    while day <= last_day:
        hours = rules.working_hours.get(WEEKDAYS[day.weekday()])
        if hours:
            opens, closes = local(day, hours[0], rules.tz), local(day, hours[1], rules.tz)
            start = _first_full_hour(opens, rules.tz)
            while start + rules.session <= closes and start < latest:
                end = start + rules.session
                if start >= earliest and not index.clashes(start, end, rules.buffer):
                    found.append((start, end))
                    if limit is not None and len(found) >= limit:
                        return found
                start = _next_hour(start, rules.tz)
        day += timedelta(days=1)
    return found


def _first_full_hour(at: datetime, tz: ZoneInfo) -> datetime:
    wall = at.astimezone(tz)
    if wall.minute == 0 and wall.second == 0 and wall.microsecond == 0:
        return at
    return _next_hour(at, tz)


def _next_hour(at: datetime, tz: ZoneInfo) -> datetime:
    """The next time the studio's wall clock shows a full hour."""
    wall = at.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    return (wall.astimezone(UTC) + timedelta(hours=1)).astimezone(UTC)


def all_day(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The busy period of an all-day event on ``day``."""
    return local(day, time(0), tz), local(day + timedelta(days=1), time(0), tz)


def spread(
    slots: Sequence[tuple[datetime, datetime]], tz: ZoneInfo, *, count: int = 5, per_day: int = 2
) -> list[tuple[datetime, datetime]]:
    """Up to ``count`` slots across days: the earliest of each day, then its first afternoon one."""
    chosen: list[tuple[datetime, datetime]] = []
    by_day: dict[date, list[tuple[datetime, datetime]]] = {}
    for slot in slots:
        by_day.setdefault(slot[0].astimezone(tz).date(), []).append(slot)
    for day_slots in by_day.values():
        picks = [day_slots[0]]
        afternoon = next((s for s in day_slots if s[0].astimezone(tz).hour >= 13 and s[0] >= day_slots[0][1]), None)
        if afternoon is not None and per_day > 1:
            picks.append(afternoon)
        for pick in picks:
            if len(chosen) < count:
                chosen.append(pick)
        if len(chosen) >= count:
            break
    return chosen

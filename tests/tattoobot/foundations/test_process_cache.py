"""ProcessCache: one load per TTL in the process, forgotten at once by a save or delete here."""

from __future__ import annotations

from datetime import date

import pytest

from leads.models import TourStop
from tattoobot.foundations.process_cache import ProcessCache


@pytest.mark.django_db
def test_loads_once_per_ttl_and_forgets_on_a_change(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("tattoobot.foundations.process_cache.time.monotonic", lambda: clock[0])
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return TourStop.objects.count()

    cache = ProcessCache(load, ttl=30.0, models=[TourStop])
    assert cache.get() == 0
    assert cache.get() == 0
    assert len(loads) == 1  # kept
    stop = TourStop.objects.create(city="Berlin", country="DE", start_date=date(2027, 1, 1), end_date=date(2027, 1, 5))
    assert cache.get() == 1  # the save here forgot it
    stop.delete()
    assert cache.get() == 0
    assert len(loads) == 3
    clock[0] += 31
    assert cache.get() == 0
    assert len(loads) == 4  # past the TTL: read again

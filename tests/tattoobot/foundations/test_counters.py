"""Shared counters: counted in memory, written to the cache at most once a second, read as totals."""

from __future__ import annotations

from django.core.cache import cache

from tattoobot.foundations import counters


def test_counts_are_batched_and_flushed() -> None:
    counters.flush()
    cache.delete_many(["counter:probe:a", "counter:probe:b"])
    counters._flushed_at = 10**12  # a flush "just happened": the next counts wait in memory
    for _ in range(3):
        counters.count("probe", "a")
    counters.count("probe", "b")
    assert counters.read("probe", ("a", "b")) == {}
    counters.flush()
    assert counters.read("probe", ("a", "b")) == {"a": 3, "b": 1}
    counters.count("probe", "a")
    counters.flush()
    assert counters.read("probe", ("a", "b", "c")) == {"a": 4, "b": 1}
    counters._flushed_at = 0.0

"""A value read from the database and kept in this process for a while, so a hot path (every
inbound message, every reply) asks no query for it: copy overrides, the artists' numbers.

A save or delete of one of its models in this process forgets it at once; another process sees
the change within ``ttl`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")


class ProcessCache(Generic[T]):
    # Every cache of the process, so a test can forget them all: a rolled-back test transaction
    # deletes rows without the signals that would have told the cache.
    instances: list[ProcessCache[Any]] = []

    def __init__(self, load: Callable[[], T], *, ttl: float, models: Iterable[type[Model]]) -> None:
        self.load, self.ttl = load, ttl
        ProcessCache.instances.append(self)
        self._lock = threading.Lock()
        self._loaded_at: float | None = None
        self._value: T | None = None
        for model in models:
            uid = f"process_cache:{id(self)}:{model._meta.label}"
            post_save.connect(self.forget, sender=model, dispatch_uid=f"{uid}:save", weak=False)
            post_delete.connect(self.forget, sender=model, dispatch_uid=f"{uid}:delete", weak=False)

    def get(self) -> T:
        with self._lock:
            if self._loaded_at is None or time.monotonic() - self._loaded_at > self.ttl:
                self._value = self.load()
                self._loaded_at = time.monotonic()
            value: T = self._value  # type: ignore[assignment]  # loaded just above or before
            return value

    def forget(self, **_: Any) -> None:
        with self._lock:
            self._loaded_at = None

    @classmethod
    def forget_all(cls) -> None:
        for cache in cls.instances:
            cache.forget()

"""Run jobs at the same moment on real threads (each with its own database connection)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_parallel(jobs: list[Callable[[], T]], *, timeout: float = 120) -> list[T]:
    """Start every job behind one barrier, wait for all, and return their results in order;
    an exception in any job fails the caller."""
    barrier = threading.Barrier(len(jobs))
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = jobs[i]()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not errors, errors
    assert len(results) == len(jobs), "a job did not finish in time"
    return [results[i] for i in range(len(jobs))]

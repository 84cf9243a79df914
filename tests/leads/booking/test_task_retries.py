"""The booking tasks that call a provider try again later on its passing trouble (an exception marked
``transient``) and let anything else fail loudly (docs/reliability.md, "Retries and their sweepers")."""

from __future__ import annotations

from typing import Any

import pytest

from leads import tasks
from leads.booking.freed import FREED_SLOT_TASK


class Passing(Exception):
    transient = True


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tasks, "send_task_later", lambda *args, **kwargs: sent.append((*args, kwargs["countdown"])))
    return sent


@pytest.mark.parametrize(
    ("task", "work", "name", "gives"),
    [
        (tasks.offer_freed_slot, "freed_slot_offer", FREED_SLOT_TASK, 0),
        (tasks.calendar_insert_event, "appointment_event_insert", "leads.calendar_insert_event", "retry"),
    ],
)
def test_passing_trouble_is_tried_again_and_a_bug_is_raised(
    monkeypatch: pytest.MonkeyPatch, later: list[tuple[Any, ...]], task: Any, work: str, name: str, gives: Any
) -> None:
    def passing(**kwargs: Any) -> Any:
        raise Passing("calendar busy")

    monkeypatch.setattr(tasks, work, passing)
    assert task(41) == gives
    assert later == [(name, 41, tasks.RETRY_SECONDS)]

    def broken(**kwargs: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setattr(tasks, work, broken)
    with pytest.raises(KeyError):
        task(42)
    assert len(later) == 1  # a bug is not retried

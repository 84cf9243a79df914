"""The Google Calendar client against a fake Calendar API on 127.0.0.1: free/busy as periods,
events made idempotent by their key, and Google's errors as typed, transient or permanent failures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from integrations.google_calendar.client import CalendarUnavailable, GoogleCalendar, event_id_for
from tests.fakes.google_calendar import FakeGoogleCalendar

CALENDAR = "artist@example.com"
START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def google() -> Iterator[FakeGoogleCalendar]:
    fake = FakeGoogleCalendar().start()
    yield fake
    fake.stop()


@pytest.fixture
def calendar(google: FakeGoogleCalendar, tmp_path: Path) -> GoogleCalendar:
    return GoogleCalendar(
        calendar_id=CALENDAR, service_account_file=str(google.service_account_file(tmp_path)), api_base=google.url
    )


def test_busy_periods_come_back_as_aware_datetimes(google: FakeGoogleCalendar, calendar: GoogleCalendar) -> None:
    google.busy = [{"start": "2026-12-03T10:00:00Z", "end": "2026-12-03T12:00:00Z"}]

    assert calendar.busy(START, START + timedelta(days=7)) == [
        (datetime(2026, 12, 3, 10, tzinfo=UTC), datetime(2026, 12, 3, 12, tzinfo=UTC))
    ]
    [hit] = google.api_hits("POST", "/freeBusy")
    assert hit.authorization == "Bearer fake-token"


def test_an_event_inserted_twice_by_one_key_exists_once(google: FakeGoogleCalendar, calendar: GoogleCalendar) -> None:
    first = calendar.insert_event(
        key="tattoobot7", start=START, end=START + timedelta(hours=3), summary="s", description="d"
    )
    again = calendar.insert_event(
        key="tattoobot7", start=START, end=START + timedelta(hours=3), summary="s", description="d"
    )

    assert first == again == event_id_for("tattoobot7")
    assert list(google.events) == [first]


def test_deleting_an_event_already_gone_is_not_an_error(google: FakeGoogleCalendar, calendar: GoogleCalendar) -> None:
    calendar.delete_event(event_id_for("never-made"))


@pytest.mark.parametrize(("status", "transient"), [(503, True), (500, True), (403, False), (404, False)])
def test_google_errors_are_typed_as_transient_or_permanent(
    google: FakeGoogleCalendar, calendar: GoogleCalendar, status: int, transient: bool
) -> None:
    google.fail_next(status, times=10)
    with pytest.raises(CalendarUnavailable) as raised:
        calendar.busy(START, START + timedelta(days=1))

    assert raised.value.transient is transient

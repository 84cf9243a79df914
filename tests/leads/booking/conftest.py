"""Booking tests reuse the payments fixtures (a lead approved at the fake Stripe) and share the fake Google
Calendar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.google_calendar import FakeGoogleCalendar
from tests.payments.conftest import approved, payment_settings  # noqa: F401  (fixtures)

CALENDAR = "artist@example.com"


@pytest.fixture
def google(settings: Any, tmp_path: Path) -> Iterator[FakeGoogleCalendar]:
    """CALENDAR_BACKEND=google against a fake Calendar API on loopback."""
    fake = FakeGoogleCalendar().start()
    settings.CALENDAR_BACKEND = "google"
    settings.GOOGLE_CALENDAR_ID = CALENDAR
    settings.GOOGLE_SERVICE_ACCOUNT_FILE = str(fake.service_account_file(tmp_path))
    settings.GOOGLE_API_BASE = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def no_backoff_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Google client's own retries wait rand() × 2^n seconds: no waiting in tests that script failures."""
    monkeypatch.setattr("googleapiclient.http.random.random", lambda: 0.0)

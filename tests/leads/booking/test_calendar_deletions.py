"""Calendar event deletes are rows first (docs/booking.md "Google Calendar"): written with the cancel or
release, run by a task, swept until Google confirms them, given up after three days with the artist told."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from integrations.google_calendar.client import event_id_for
from leads.artist.bookings import lead_cancel, lead_reschedule
from leads.booking import calendar as calendar_module
from leads.booking import event_deletions
from leads.booking.calendar import EVENT_DELETE_TASK, appointment_event_insert
from leads.booking.event_deletions import event_deletion_run, event_deletions_sweep
from leads.booking.sweep import booking_sweep
from leads.models import Appointment, CalendarEventDeletion, Lead, SystemEvent
from tests.conversations.chat import Customer
from tests.fakes.google_calendar import FakeGoogleCalendar
from tests.payments.conftest import artist_texts, event_for, post_event, session_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
DELETE_PATH = "/events/"


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _no_backoff_sleep(no_backoff_sleep: None) -> None:
    """Every test here scripts Google failures: the client's own retries do not wait."""


@pytest.fixture
def booked(google: FakeGoogleCalendar, make_lead: Any) -> Any:
    """A booked lead whose appointment (in three days) has its event in the fake calendar."""

    def make() -> tuple[Lead, Appointment]:
        lead = make_lead(status="booked")
        start = NOW + timedelta(days=3)
        appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
        event_id = event_id_for(f"tattoobot{appointment.pk}")
        Appointment.objects.filter(pk=appointment.pk).update(google_event_id=event_id)
        appointment.refresh_from_db()
        google.events[event_id] = {"id": event_id}
        return lead, appointment

    return make


def deletes(google: FakeGoogleCalendar) -> list[Any]:
    return google.api_hits("DELETE", DELETE_PATH)


def pending_row(appointment: Appointment) -> CalendarEventDeletion:
    row = CalendarEventDeletion.objects.get(appointment=appointment)
    assert (row.done_at, row.failed_at) == (None, None)
    return row


# --- the row first ------------------------------------------------------------------------------


def test_a_cancel_writes_the_deletion_row_and_runs_it_after_commit(
    booked: Any, google: FakeGoogleCalendar, django_capture_on_commit_callbacks: Any
) -> None:
    lead, appointment = booked()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lead_cancel(lead_id=lead.pk, actor="artist:test")
    row = pending_row(appointment)
    assert row.event_id == appointment.google_event_id
    assert row.requested_at == NOW
    assert deletes(google) == []  # nothing asked of Google before the commit
    assert any(EVENT_DELETE_TASK in getattr(c, "__qualname__", "") for c in callbacks)
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.done_at == NOW
    assert google.events == {}
    [hit] = deletes(google)
    assert hit.path.endswith(f"/events/{appointment.google_event_id}")


def test_a_cancel_that_rolls_back_leaves_no_deletion_row(booked: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    lead, appointment = booked()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr("leads.booking.changes.customer_notify", broken)  # the cancel writes it
    with pytest.raises(RuntimeError):
        lead_cancel(lead_id=lead.pk, actor="artist:test")
    assert not CalendarEventDeletion.objects.exists()
    appointment.refresh_from_db()
    assert appointment.status == "active"


def test_a_reschedule_writes_the_row_in_the_release(
    booked: Any, google: FakeGoogleCalendar, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    lead, appointment = booked()
    with django_capture_on_commit_callbacks(execute=True):
        lead_reschedule(lead_id=lead.pk, actor="artist:test")
    row = CalendarEventDeletion.objects.get(appointment=appointment)
    assert row.done_at == NOW
    assert google.events == {}
    # The release and its row are one transaction: a failure after the release undoes both.
    other_lead, other = booked()
    monkeypatch.setattr("leads.booking.offers.lead_transition", lambda **kwargs: (_ for _ in ()).throw(RuntimeError))
    with pytest.raises(RuntimeError):
        lead_reschedule(lead_id=other_lead.pk, actor="artist:test")
    assert not CalendarEventDeletion.objects.filter(appointment=other).exists()
    assert Appointment.objects.get(pk=other.pk).status == "active"


def test_a_reschedule_in_the_booking_flow_deletes_the_event_once(
    google: FakeGoogleCalendar, approved: Any, client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    lead, deposit = approved()
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for("checkout.session.completed", session_of(deposit)))
    with django_capture_on_commit_callbacks(execute=True):
        Customer(client, phone=str(lead.customer.wa_id)).says("1")
    appointment = Appointment.objects.get(lead=lead)
    assert list(google.events) == [appointment.google_event_id]
    with django_capture_on_commit_callbacks(execute=True):
        lead_reschedule(lead_id=lead.pk, actor="artist:test")
    assert google.events == {}
    row = CalendarEventDeletion.objects.get(appointment=appointment)
    assert (row.done_at, row.attempts) == (NOW, 0)
    # The task again (a redelivery) and the sweeper later: Google is not asked again.
    assert event_deletion_run(deletion_id=row.pk) == "not_due"
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep(now=NOW + timedelta(hours=1))["event_deletions"] == 0
    assert len(deletes(google)) == 1


def test_an_event_made_after_its_appointment_was_released_gets_a_row(
    google: FakeGoogleCalendar, make_lead: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    lead = make_lead(status="booked")
    appointment = Appointment.objects.create(
        lead=lead, start=NOW + timedelta(days=3), end=NOW + timedelta(days=3, hours=2)
    )
    real_backend = calendar_module.calendar_backend

    class ReleasedMeanwhile:
        """Google answers the insert while the artist releases the appointment."""

        def __init__(self, artist: Any = None) -> None:
            self.artist = artist

        def insert_event(self, **kwargs: Any) -> str:
            Appointment.objects.filter(pk=appointment.pk).update(status="released", released_at=NOW)
            return real_backend().insert_event(**kwargs)

    monkeypatch.setattr(calendar_module, "calendar_backend", ReleasedMeanwhile)
    with django_capture_on_commit_callbacks(execute=False):
        assert appointment_event_insert(appointment_id=appointment.pk) == "inserted"
    row = pending_row(appointment)
    assert row.event_id == event_id_for(f"tattoobot{appointment.pk}")
    assert list(google.events) == [row.event_id]
    monkeypatch.setattr(calendar_module, "calendar_backend", real_backend)
    assert event_deletion_run(deletion_id=row.pk) == "deleted"
    assert google.events == {}


# --- lost tasks, failures, giving up -----------------------------------------------------------------


def test_a_lost_task_is_found_by_the_sweeper_and_the_event_deleted_once(
    booked: Any, google: FakeGoogleCalendar, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, appointment = booked()
    # No on-commit callback runs: the task is lost, as with a broker outage at commit.
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    row = pending_row(appointment)
    clock.shift(timedelta(minutes=4))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["event_deletions"] == 0  # not overdue yet
    assert deletes(google) == []
    clock.shift(timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["event_deletions"] == 1
    row.refresh_from_db()
    assert row.done_at is not None
    assert google.events == {}
    clock.shift(timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["event_deletions"] == 0
    assert len(deletes(google)) == 1


def test_a_transient_failure_backs_off_and_is_retried(
    booked: Any,
    google: FakeGoogleCalendar,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    scheduled: list[tuple[str, int, float]] = []
    monkeypatch.setattr(
        event_deletions, "send_task_later", lambda name, pk, countdown: scheduled.append((name, pk, countdown))
    )
    lead, appointment = booked()
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    row = pending_row(appointment)
    google.fail_next(503, times=3)  # the client's own two retries, then the task's failure
    assert event_deletion_run(deletion_id=row.pk) == "retry"
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at, row.done_at) == (1, NOW + timedelta(minutes=2), None)
    assert "503" in row.last_error
    assert scheduled == [(EVENT_DELETE_TASK, row.pk, 120.0)]
    # A task arriving before the backoff is over does nothing.
    clock.shift(timedelta(seconds=30))
    assert event_deletion_run(deletion_id=row.pk) == "not_due"
    assert len(deletes(google)) == 3
    # The countdown task, failing again: a longer wait.
    clock.shift(timedelta(seconds=90))
    google.fail_next(500, times=3)
    assert event_deletion_run(deletion_id=row.pk) == "retry"
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at) == (2, NOW + timedelta(minutes=6))
    assert scheduled[-1] == (EVENT_DELETE_TASK, row.pk, 240.0)
    # That countdown is lost: the sweeper runs the row once it is overdue (due at +6 min, overdue
    # five minutes later), and this time Google answers.
    clock.shift(timedelta(minutes=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["event_deletions"] == 0
    clock.shift(timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["event_deletions"] == 1
    row.refresh_from_db()
    assert row.done_at is not None
    assert google.events == {}
    assert (row.attempts, row.last_error) == (2, "")


@pytest.mark.parametrize("status", [404, 410])
def test_an_event_already_gone_counts_as_done(booked: Any, google: FakeGoogleCalendar, status: int) -> None:
    lead, appointment = booked()
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    google.fail_next(status)  # deleted by the artist in Google meanwhile
    assert event_deletion_run(deletion_id=pending_row(appointment).pk) == "deleted"
    row = CalendarEventDeletion.objects.get(appointment=appointment)
    assert (row.done_at, row.failed_at, row.attempts) == (NOW, None, 0)


def test_three_days_without_google_fail_the_row_and_tell_the_artist_once(
    booked: Any, google: FakeGoogleCalendar, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, appointment = booked()
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    row = pending_row(appointment)
    google.fail_next(503, times=3)
    assert event_deletion_run(deletion_id=row.pk) == "retry"
    clock.shift(timedelta(days=3, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = booking_sweep()
    assert (counts["event_deletions"], counts["event_deletions_given_up"]) == (0, 1)
    row.refresh_from_db()
    assert row.failed_at is not None
    assert row.done_at is None
    assert "three days" in row.last_error
    assert "503" in row.last_error
    [event] = SystemEvent.objects.filter(type="calendar_delete_failed")
    assert (event.level, event.lead_id) == ("error", lead.pk)
    assert event.payload == {
        "deletion_id": row.pk,
        "event_id": appointment.google_event_id,
        "appointment_id": appointment.pk,
        "attempts": 1,
    }
    [text] = [t for t in artist_texts(lead) if "Google Calendar still has the event" in t]
    assert f"request #{lead.pk}" in text
    assert "Sat 5 Dec, 09:00–12:00" in text
    assert "Google Calendar did not confirm the delete in three days. Please delete it there by hand" in text
    assert "HttpError" not in text  # the technical detail is in the system event and the row
    assert len(deletes(google)) == 3  # given up without asking again
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["event_deletions_given_up"] == 0  # told once
    assert event_deletion_run(deletion_id=row.pk) == "not_due"
    assert SystemEvent.objects.filter(type="calendar_delete_failed").count() == 1


def test_a_retry_failing_past_three_days_gives_up(booked: Any, google: FakeGoogleCalendar, clock: Any) -> None:
    lead, appointment = booked()
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    row = pending_row(appointment)
    clock.shift(timedelta(days=3))
    google.fail_next(503, times=3)
    assert event_deletion_run(deletion_id=row.pk) == "failed"
    assert CalendarEventDeletion.objects.get(pk=row.pk).failed_at is not None
    assert SystemEvent.objects.filter(type="calendar_delete_failed", lead=lead).count() == 1


def test_a_refusal_fails_at_once_and_tells_the_artist(booked: Any, google: FakeGoogleCalendar) -> None:
    lead, appointment = booked()
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    google.fail_next(403)  # the calendar is no longer shared with the service account
    assert event_deletion_run(deletion_id=pending_row(appointment).pk) == "failed"
    row = CalendarEventDeletion.objects.get(appointment=appointment)
    assert row.failed_at == NOW
    assert "refused" in row.last_error
    assert "403" in row.last_error
    assert SystemEvent.objects.filter(type="calendar_delete_failed", lead=lead).count() == 1
    assert any("Google Calendar still has the event" in t for t in artist_texts(lead))


def test_a_row_left_when_google_is_switched_off_fails_with_the_reason(
    booked: Any, google: FakeGoogleCalendar, settings: Any
) -> None:
    lead, appointment = booked()
    lead_cancel(lead_id=lead.pk, actor="artist:test")
    settings.CALENDAR_BACKEND = "local"
    assert event_deletion_run(deletion_id=pending_row(appointment).pk) == "failed"
    assert "no longer connected" in CalendarEventDeletion.objects.get(appointment=appointment).last_error
    assert deletes(google) == []


# --- housekeeping --------------------------------------------------------------------------------


def test_done_rows_are_purged_after_thirty_days_and_failed_ones_kept(booked: Any, google: FakeGoogleCalendar) -> None:
    rows = []
    for _ in range(3):
        lead, appointment = booked()
        lead_cancel(lead_id=lead.pk, actor="artist:test")
        rows.append(pending_row(appointment))
    done, failed, waiting = rows
    CalendarEventDeletion.objects.filter(pk=done.pk).update(done_at=NOW)
    CalendarEventDeletion.objects.filter(pk=failed.pk).update(failed_at=NOW)
    CalendarEventDeletion.objects.filter(pk=waiting.pk).update(next_attempt_at=NOW + timedelta(days=60))
    assert event_deletions_sweep(now=NOW + timedelta(days=29))["event_deletions_purged"] == 0
    assert event_deletions_sweep(now=NOW + timedelta(days=31))["event_deletions_purged"] == 1
    assert set(CalendarEventDeletion.objects.values_list("pk", flat=True)) == {failed.pk, waiting.pk}


def test_the_migration_turns_recent_frees_into_rows(make_lead: Any) -> None:
    """Deletes queued before the rows (the old task, unregistered now) are still done after the deploy."""
    lead = make_lead(status="cancelled")
    start = NOW + timedelta(days=3)

    def appointment(status: str, event_id: str, released_at: datetime | None) -> Appointment:
        return Appointment.objects.create(
            lead=lead,
            start=start,
            end=start + timedelta(hours=1),
            status=status,
            google_event_id=event_id,
            released_at=released_at,
        )

    recent = appointment("cancelled", "tattoobot1recent", NOW - timedelta(days=1))
    appointment("released", "tattoobot2old", NOW - timedelta(days=4))
    appointment("released", "", NOW - timedelta(hours=1))
    migration = importlib.import_module("leads.migrations.0010_calendar_event_deletion")
    migration.backfill(apps, None)
    migration.backfill(apps, None)  # twice: no second row
    [row] = CalendarEventDeletion.objects.all()
    assert (row.appointment_id, row.event_id, row.requested_at) == (recent.pk, "tattoobot1recent", recent.released_at)
    assert event_deletions_sweep(now=NOW + timedelta(minutes=10))["event_deletions"] == 1

"""The google backend against a fake Calendar API: free/busy, event insertion, retries without duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from conversations.models import OutboundMessage
from integrations.google_calendar.client import CalendarUnavailable, GoogleCalendar, event_id_for
from leads.booking.calendar import appointment_event_insert, calendar_backend
from leads.booking.rules import offered
from leads.booking.sweep import booking_sweep
from leads.models import Appointment, Lead
from leads.tasks import calendar_insert_event
from tests.conversations.chat import Customer
from tests.fakes.google_calendar import FakeGoogleCalendar
from tests.leads.booking.conftest import CALENDAR
from tests.payments.conftest import event_for, post_event, session_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)


def test_free_busy_request_and_answer(google: FakeGoogleCalendar) -> None:
    google.busy = [{"start": "2026-12-03T10:00:00Z", "end": "2026-12-03T12:00:00Z"}]
    calendar = calendar_backend()
    assert isinstance(calendar, GoogleCalendar)
    start = datetime(2026, 12, 2, 9, tzinfo=LONDON)
    periods = calendar.busy(start, start + timedelta(days=21))
    assert [(s.isoformat(), e.isoformat()) for s, e in periods] == [
        ("2026-12-03T10:00:00+00:00", "2026-12-03T12:00:00+00:00")
    ]
    [hit] = google.api_hits("POST", "/freeBusy")
    assert hit.path == "/calendar/v3/freeBusy"
    assert hit.body == {
        "timeMin": "2026-12-02T09:00:00+00:00",
        "timeMax": "2026-12-23T09:00:00+00:00",
        "items": [{"id": CALENDAR}],
    }
    assert hit.authorization == "Bearer fake-token"  # the service account's token, from its token_uri


def test_busy_periods_and_all_day_events_shape_the_offer(
    google: FakeGoogleCalendar, approved: Any, client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    google.busy = [
        {"start": "2026-12-03T00:00:00Z", "end": "2026-12-04T00:00:00Z"},  # an all-day event on Thursday
        {"start": "2026-12-04T10:00:00Z", "end": "2026-12-04T12:00:00Z"},
    ]
    with time_machine.travel(NOW, tick=False):
        lead, deposit = approved()
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        lead.refresh_from_db()
    starts = [f"{s.astimezone(LONDON):%a %H:%M}" for s, _ in offered(lead)]
    assert not any(label.startswith("Thu") for label in starts)
    assert starts[0] == "Fri 13:00"  # 10:00–12:00 busy, plus the 30-minute buffer


def test_booking_inserts_one_event_even_when_the_task_runs_twice(
    google: FakeGoogleCalendar, approved: Any, client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    with time_machine.travel(NOW, tick=False):
        lead, deposit = approved(idea="A swallow")
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        with django_capture_on_commit_callbacks(execute=True):
            Customer(client, phone=str(lead.customer.wa_id)).says("1")
    appointment = Appointment.objects.get(lead=lead)
    assert appointment.google_event_id == event_id_for(f"tattoobot{appointment.pk}")
    [event] = google.events.values()
    assert event["start"] == {"dateTime": appointment.start.isoformat()}
    assert event["end"] == {"dateTime": appointment.end.isoformat()}
    assert "A swallow" in event["description"]
    # The task again (a redelivery), and again with our record of the id lost: still one event.
    assert appointment_event_insert(appointment_id=appointment.pk) == "exists"
    Appointment.objects.filter(pk=appointment.pk).update(google_event_id="")
    assert appointment_event_insert(appointment_id=appointment.pk) == "inserted"
    assert len(google.events) == 1
    assert len(google.api_hits("POST", "/events")) == 2


def test_a_server_error_then_success_is_retried(google: FakeGoogleCalendar, make_lead: Any) -> None:
    lead = make_lead(status="booked")
    appointment = Appointment.objects.create(
        lead=lead, start=NOW + timedelta(days=2), end=NOW + timedelta(days=2, hours=2)
    )
    google.fail_next(503)
    assert appointment_event_insert(appointment_id=appointment.pk) == "inserted"
    assert len(google.api_hits("POST", "/events")) == 2
    assert len(google.events) == 1


def test_a_lasting_outage_raises_a_transient_error(google: FakeGoogleCalendar, make_lead: Any) -> None:
    lead = make_lead(status="booked")
    appointment = Appointment.objects.create(lead=lead, start=NOW, end=NOW + timedelta(hours=2))
    google.fail_next(500, times=3)
    with pytest.raises(CalendarUnavailable) as caught:
        appointment_event_insert(appointment_id=appointment.pk)
    assert caught.value.transient
    assert Appointment.objects.get(pk=appointment.pk).google_event_id == ""


def test_reschedule_deletes_the_event(
    google: FakeGoogleCalendar, approved: Any, client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from leads.artist.bookings import lead_reschedule

    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    with time_machine.travel(NOW, tick=False):
        lead, deposit = approved()
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        with django_capture_on_commit_callbacks(execute=True):
            Customer(client, phone=str(lead.customer.wa_id)).says("1")
        assert len(google.events) == 1
        with django_capture_on_commit_callbacks(execute=True):
            lead_reschedule(lead_id=lead.pk, actor="artist:test")
    assert google.events == {}
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending"
    # Deleting an event already gone is not an error.
    calendar_backend().delete_event("tattoobot00000")


def test_a_calendar_outage_is_503_for_the_artist_and_retried_for_the_bot(
    google: FakeGoogleCalendar,
    approved: Any,
    client: Client,
    django_capture_on_commit_callbacks: Any,
    staff_client: Any,
) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        lead, deposit = approved()
        google.fail_next(503, times=30)
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        assert Lead.objects.get(pk=lead.pk).status == "deposit_paid"  # the offer waits for the calendar
        response = staff_client.post(f"/api/leads/{lead.pk}/offer-slots/")
        assert (response.status_code, response.json()["error"]) == (503, "calendar_unavailable")
        google.failures.clear()
        clock.shift(timedelta(minutes=6))
        with django_capture_on_commit_callbacks(execute=True):
            assert booking_sweep() == {
                "offers": 1,
                "fresh_offers": 0,
                "freed_offers": 0,
                "events": 0,
                "event_deletions": 0,
                "event_deletions_given_up": 0,
                "event_deletions_purged": 0,
            }
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending"


def test_a_lost_insert_retry_is_found_by_the_booking_sweep(
    google: FakeGoogleCalendar, make_lead: Any, no_backoff_sleep: None, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        lead = make_lead(status="booked")
        start = NOW + timedelta(days=2)
        appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=2))
        google.fail_next(503, times=3)
        # Its countdown retry is lost (tasks run eagerly here, and send_task_later then schedules nothing).
        assert calendar_insert_event(appointment.pk) == "retry"
        assert google.events == {}
        clock.shift(timedelta(minutes=6))
        with django_capture_on_commit_callbacks(execute=True):
            assert booking_sweep()["events"] == 1
        appointment.refresh_from_db()
        assert list(google.events) == [appointment.google_event_id]
        clock.shift(timedelta(minutes=6))
        with django_capture_on_commit_callbacks(execute=True):
            assert booking_sweep()["events"] == 0


def test_fresh_slots_during_an_outage_are_sent_by_the_booking_sweep_when_google_is_back(
    google: FakeGoogleCalendar,
    approved: Any,
    client: Client,
    make_lead: Any,
    no_backoff_sleep: None,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    with time_machine.travel(NOW, tick=False) as clock:
        lead, deposit = approved()
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        lead.refresh_from_db()
        start, end = offered(lead)[0]
        Appointment.objects.create(lead=make_lead(status="booked"), start=start, end=end)
        google.fail_next(503, times=30)
        with django_capture_on_commit_callbacks(execute=True):
            Customer(client, phone=str(lead.customer.wa_id)).says("1")  # taken; fresh slots cannot be read
        lead.refresh_from_db()
        assert lead.fresh_slots_wanted_at == NOW
        assert start in [s for s, _ in offered(lead)]  # the old offer, for now
        google.failures.clear()
        clock.shift(timedelta(minutes=6))
        with django_capture_on_commit_callbacks(execute=True):
            assert booking_sweep()["fresh_offers"] == 1
        lead.refresh_from_db()
    assert lead.fresh_slots_wanted_at is None
    assert start not in [s for s, _ in offered(lead)]
    last = OutboundMessage.objects.filter(lead=lead, to=str(lead.customer.wa_id)).order_by("id").last()
    assert last is not None
    assert last.text.startswith("Sorry, someone took that time")

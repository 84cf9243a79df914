"""Slots and bookings per artist: each artist's own hours, appointments and calendar; two artists'
appointments may overlap, one artist's never; the pick checked against the artist's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from leads.booking.rules import offered
from leads.models import Appointment, Artist, Lead, SystemEvent
from payments.models import Deposit
from tests.conversations.chat import Customer
from tests.fakes.google_calendar import FakeGoogleCalendar
from tests.leads.booking.test_booking_flow import last_to_customer, pay, wall

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # Wednesday
KAI_HOURS = {"thu": ["12:00", "20:00"], "fri": ["12:00", "20:00"]}


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kai() -> Artist:
    return Artist.objects.create(name="Kai", working_hours=KAI_HOURS, calendar_id="kai@example.com", position=1)


@pytest.fixture
def mia() -> Artist:
    return Artist.objects.exclude(name="Kai").get()


@pytest.fixture
def paid_with(approved: Any, client: Client, django_capture_on_commit_callbacks: Any, settings: Any) -> Any:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"

    def make(artist: Artist | None, **fields: Any) -> tuple[Lead, Customer]:
        lead, deposit = approved(**fields)
        Lead.objects.filter(pk=lead.pk).update(artist=artist)
        pay(client, Deposit.objects.get(pk=deposit.pk), django_capture_on_commit_callbacks)
        lead.refresh_from_db()
        return lead, Customer(client, phone=str(lead.customer.wa_id), name="Ana Test")

    return make


def test_each_artist_is_offered_its_own_hours(paid_with: Any, mia: Artist, kai: Artist) -> None:
    kais, _ = paid_with(kai)
    mias, _ = paid_with(mia)
    assert wall(offered(kais)[0][0]) == "Thu 03 12:00"  # Kai starts at noon
    assert wall(offered(mias)[0][0]) == "Thu 03 10:00"  # the studio's hours
    assert all(s.astimezone(LONDON).hour >= 12 and s.weekday() in (3, 4) for s, _ in offered(kais))


def test_two_artists_book_overlapping_appointments(paid_with: Any, mia: Artist, kai: Artist) -> None:
    _, mia_customer = paid_with(mia)
    kais, kai_customer = paid_with(kai)
    mia_customer.says("2")  # Thu 13:00–15:00
    kai_customer.says("1")  # Thu 12:00–14:00: another chair
    first, second = Appointment.objects.filter(status="active").order_by("id")
    assert (first.artist, second.artist) == (mia, kai)
    assert first.start < second.end  # they overlap
    assert second.start < first.end
    assert Lead.objects.get(pk=kais.pk).status == "booked"


def test_one_artist_s_slot_taken_meanwhile_is_just_taken(
    paid_with: Any, make_lead: Any, kai: Artist, mia: Artist, django_capture_on_commit_callbacks: Any
) -> None:
    lead, customer = paid_with(kai)
    start, end = offered(lead)[0]
    other = make_lead(status="booked")
    Appointment.objects.create(lead=other, artist=mia, start=start, end=end)  # Mia's: no matter
    other_kai = make_lead(status="booked")
    Lead.objects.filter(pk=other_kai.pk).update(artist=kai)
    other_kai.refresh_from_db()
    kai_start, kai_end = offered(lead)[3]
    assert kai_start - start > timedelta(days=1)
    Appointment.objects.create(lead=other_kai, start=kai_start, end=kai_end)  # Kai's own, meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        customer.says("4")
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending"
    assert last_to_customer(lead).text.startswith("Sorry, someone took that time")
    customer.says("1")  # Mia's appointment at that time is no clash for Kai
    assert Appointment.objects.get(lead=lead).start == start


def test_the_pick_is_checked_against_the_artist_s_calendar_in_the_booking(
    paid_with: Any, kai: Artist, google: FakeGoogleCalendar, django_capture_on_commit_callbacks: Any
) -> None:
    lead, customer = paid_with(kai)
    start, end = offered(lead)[0]
    google.busy_by_calendar["kai@example.com"] = [{"start": start.isoformat(), "end": end.isoformat()}]
    with django_capture_on_commit_callbacks(execute=True):
        customer.says("1")  # Kai put something in his calendar since the offer
    assert not Appointment.objects.filter(lead=lead).exists()
    event = SystemEvent.objects.get(type="slot_conflict", lead=lead)
    assert event.payload["how"] == "calendar"
    asked = [h.body["items"] for h in google.api_hits("POST", "/freeBusy")]
    assert all(items == [{"id": "kai@example.com"}] for items in asked)  # only Kai's calendar was asked


def test_another_artist_s_calendar_does_not_close_a_slot(
    paid_with: Any, kai: Artist, mia: Artist, google: FakeGoogleCalendar
) -> None:
    google.busy_by_calendar["kai@example.com"] = []
    google.busy = [{"start": (NOW + timedelta(days=1)).isoformat(), "end": (NOW + timedelta(days=3)).isoformat()}]
    kais, customer = paid_with(kai)  # the studio's calendar is full on Thursday and Friday; Kai's is not
    assert wall(offered(kais)[0][0]) == "Thu 03 12:00"
    customer.says("1")
    assert Appointment.objects.get(lead=kais).artist == kai


def test_a_lead_still_without_an_artist_at_the_offer_goes_to_the_soonest(
    paid_with: Any, mia: Artist, kai: Artist
) -> None:
    mia.working_hours = {"sat": ["10:00", "16:00"]}
    mia.save()
    lead, customer = paid_with(None)  # no preference, and no size the bot could read: nobody's yet
    assert lead.artist == kai  # Thursday noon beats Saturday
    assert wall(offered(lead)[0][0]) == "Thu 03 12:00"
    customer.says("1")
    assert Appointment.objects.get(lead=lead).artist == kai


def test_a_pick_for_a_lead_left_without_an_artist_is_no_crash(paid_with: Any, kai: Artist) -> None:
    lead, customer = paid_with(kai)
    Lead.objects.filter(pk=lead.pk).update(artist=None)  # staff cleared it after the offer
    customer.says("1")
    assert not Appointment.objects.filter(lead=lead).exists()
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending"
    assert SystemEvent.objects.get(type="slot_conflict", lead=lead).payload["how"] == "no_artist"

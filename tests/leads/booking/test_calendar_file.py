"""The booking's calendar file (docs/booking.md "Calendar file"): the confirmation's link and document, the
file parsed back field by field through reschedules and a cancellation, the signed link, the sending."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.utils import timezone
from icalendar import Calendar, Event
from rest_framework.test import APIClient

from conversations.messaging.sending import outbound_send_queue
from conversations.models import OutboundKind, OutboundMessage
from leads.booking.calendar_file import (
    SALT,
    appointment_numbering,
    calendar_document_notify,
    calendar_link,
    calendar_token,
)
from leads.booking.ics import calendar_ics
from leads.models import Appointment, Customer, Lead, StudioSettings
from payments.models import Deposit
from tests.conversations.chat import Customer as ChatCustomer
from tests.fakes.meta import FakeMeta
from tests.payments.conftest import event_for, post_event, session_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # Wednesday
ADDRESS = "1 Ink Lane, London E1 6AN"
LINK = re.compile(r"https://studio\.test/c/(\S+)\.ics")


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def studio_address(settings: Any) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    StudioSettings.objects.filter(pk=StudioSettings.SINGLETON_PK).update(address=ADDRESS)


@pytest.fixture
def paid(approved: Any, client: Client, django_capture_on_commit_callbacks: Any) -> Any:
    def make(**fields: Any) -> tuple[Lead, Deposit, ChatCustomer]:
        lead, deposit = approved(**fields)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        assert response.json()["outcome"] == "paid"
        lead.refresh_from_db()
        return lead, deposit, ChatCustomer(client, phone=str(lead.customer.wa_id), name="Ana Test")

    return make


@pytest.fixture
def artist_api() -> APIClient:
    api = APIClient()
    api.force_login(User.objects.create_user("mika", password="pw-mika-123", is_staff=True))
    return api


def to_customer(lead: Lead) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(lead=lead, customer__isnull=False).order_by("id"))


def fetch(client: Client, url: str) -> Any:
    return client.get(url.removeprefix("https://studio.test"))


def event_of(body: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(body)
    [event] = calendar.events
    return calendar, event


def uid_for(lead: Lead, session: int = 1) -> str:
    return f"tattoobot-lead{lead.pk}-session{session}@studio.test"


class TestTheConfirmation:
    def test_the_confirmation_carries_the_link_and_the_address_then_the_file_as_a_document(self, paid: Any) -> None:
        lead, _, ana = paid()
        ana.says("2")
        appointment = Appointment.objects.get(lead=lead, status="active")
        *_, confirmation, document = to_customer(lead)
        assert "Thu 3 Dec, 13:00–15:00" in confirmation.text
        assert f"Where: {ADDRESS}" in confirmation.text
        url = calendar_link(lead_id=lead.pk, session=1)
        assert f"Add it to your calendar: {url}" in confirmation.text
        assert LINK.search(confirmation.text) is not None
        assert (document.kind, document.purpose) == (OutboundKind.DOCUMENT, "next_steps")
        assert document.payload == {"link": url, "filename": "appointment.ics"}
        assert document.idempotency_key == f"booked-ics:{appointment.pk}"
        assert (
            document.text
            == "Thu 3 Dec, 13:00–15:00 (London time): open this file to add the appointment to your calendar."
        )
        assert OutboundMessage.objects.filter(lead=lead, kind=OutboundKind.DOCUMENT).count() == 1

    def test_the_link_answers_the_event_field_by_field(self, paid: Any, client: Client) -> None:
        lead, _, ana = paid()
        ana.says("2")
        appointment = Appointment.objects.get(lead=lead, status="active")
        response = fetch(client, calendar_link(lead_id=lead.pk, session=1))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="appointment.ics"'
        calendar, event = event_of(response.content)
        assert (str(calendar["version"]), str(calendar["method"])) == ("2.0", "PUBLISH")
        assert str(calendar["prodid"]) == "-//TattooBot//Appointment//EN"
        assert str(event["uid"]) == uid_for(lead)
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert event["dtstart"].params["TZID"] == event["dtend"].params["TZID"] == "Europe/London"
        assert (start, end) == (appointment.start, appointment.end)
        assert (f"{start:%Y-%m-%d %H:%M}", f"{end:%H:%M}") == ("2026-12-03 13:00", "15:00")  # the wall clock
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
        assert str(event["summary"]) == f"Tattoo with {appointment.artist.name}"
        assert str(event["location"]) == ADDRESS
        assert appointment.artist.name in str(event["description"])
        assert event.decoded("sequence") == 0
        assert str(event["status"]) == "CONFIRMED"
        assert event.decoded("dtstamp") == NOW.astimezone(UTC)

    def test_without_an_address_the_home_city_is_the_place(self, paid: Any, client: Client) -> None:
        StudioSettings.objects.filter(pk=StudioSettings.SINGLETON_PK).update(address="")
        lead, _, ana = paid()
        ana.says("1")
        assert "Where: London" in to_customer(lead)[-2].text
        _, event = event_of(fetch(client, calendar_link(lead_id=lead.pk, session=1)).content)
        assert str(event["location"]) == "London"


class TestRescheduleAndCancel:
    def test_a_reschedule_updates_the_same_event_with_the_next_sequence(
        self, paid: Any, client: Client, artist_api: APIClient
    ) -> None:
        lead, _, ana = paid()
        ana.says("1")
        first = Appointment.objects.get(lead=lead, status="active")
        first_link = LINK.search(to_customer(lead)[-2].text)
        assert first_link is not None
        assert artist_api.post(f"/api/leads/{lead.pk}/reschedule/").status_code == 200
        # Between the reschedule and the new pick the session has no appointment.
        assert fetch(client, first_link.group(0)).status_code == 404
        ana.says("3")
        second = Appointment.objects.get(lead=lead, status="active")
        assert (first.session, first.sequence, second.session, second.sequence) == (1, 0, 1, 1)
        assert second.start != first.start
        confirmation, document = to_customer(lead)[-2:]
        assert first_link.group(0) in confirmation.text  # one link per session
        assert document.idempotency_key == f"booked-ics:{second.pk}"
        _, event = event_of(fetch(client, first_link.group(0)).content)
        assert str(event["uid"]) == uid_for(lead)
        assert event.decoded("sequence") == 1
        assert event.decoded("dtstart") == second.start

    def test_a_cancellation_gives_the_cancel_file_with_the_same_uid(
        self, paid: Any, client: Client, artist_api: APIClient
    ) -> None:
        lead, _, ana = paid()
        ana.says("1")
        assert artist_api.post(f"/api/leads/{lead.pk}/reschedule/").status_code == 200
        ana.says("2")
        appointment = Appointment.objects.get(lead=lead, status="active")
        assert artist_api.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json").status_code == 200
        cancelled = to_customer(lead)[-1]
        assert "cancelled" in cancelled.text
        url = calendar_link(lead_id=lead.pk, session=1)
        assert f"To take it out of your calendar: {url}" in cancelled.text
        response = fetch(client, url)
        assert response.status_code == 200
        calendar, event = event_of(response.content)
        assert str(calendar["method"]) == "CANCEL"
        assert str(event["status"]) == "CANCELLED"
        assert str(event["uid"]) == uid_for(lead)
        assert event.decoded("sequence") == 2  # booked (0), moved (1), cancelled (2)
        assert event.decoded("dtstart") == appointment.start
        assert OutboundMessage.objects.filter(lead=lead, kind=OutboundKind.DOCUMENT).count() == 2  # one per booking


class TestNumbering:
    def test_the_next_session_starts_at_sequence_zero(self, make_lead: Any) -> None:
        lead = make_lead(status="booked", sessions_planned=2)
        assert appointment_numbering(lead) == (1, 0)
        start = NOW + timedelta(days=3)
        Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3), status="released")
        assert appointment_numbering(lead) == (1, 1)
        Appointment.objects.create(
            lead=lead, start=start, end=start + timedelta(hours=3), status="completed", sequence=1
        )
        assert appointment_numbering(lead) == (2, 0)
        Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3), session=2)
        assert appointment_numbering(lead) == (2, 1)  # the held appointment of a customer's move

    def test_each_session_has_its_own_uid(self, make_lead: Any, client: Client) -> None:
        lead = make_lead(status="booked", sessions_planned=2)
        start = NOW + timedelta(days=3)
        Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3), status="completed")
        later = start + timedelta(days=7)
        Appointment.objects.create(lead=lead, start=later, end=later + timedelta(hours=3), session=2)
        _, first = event_of(fetch(client, calendar_link(lead_id=lead.pk, session=1)).content)
        _, second = event_of(fetch(client, calendar_link(lead_id=lead.pk, session=2)).content)
        assert (str(first["uid"]), str(second["uid"])) == (uid_for(lead, 1), uid_for(lead, 2))
        assert (first.decoded("dtstart"), second.decoded("dtstart")) == (start, later)
        assert "session 2 of 2" in str(second["description"])


class TestDaylightSaving:
    @pytest.mark.parametrize(
        ("day", "utc_hour"),
        [((2026, 10, 25), 10), ((2026, 10, 24), 9), ((2026, 3, 29), 9), ((2026, 3, 28), 10)],
    )
    def test_the_wall_clock_time_survives_the_change(
        self, make_lead: Any, day: tuple[int, int, int], utc_hour: int
    ) -> None:
        start = datetime(*day, 10, 0, tzinfo=LONDON)
        appointment = Appointment.objects.create(
            lead=make_lead(status="booked"), start=start, end=start + timedelta(hours=3)
        )
        body = calendar_ics(appointment=appointment, studio=StudioSettings.load(), now=timezone.now())
        assert b"DTSTART;TZID=Europe/London:" + f"{start:%Y%m%d}T100000".encode() in body
        assert b"DTEND;TZID=Europe/London:" + f"{start:%Y%m%d}T130000".encode() in body
        calendar, event = event_of(body)
        assert f"{event.decoded('dtstart'):%H:%M}" == "10:00"
        assert event.decoded("dtstart").astimezone(UTC).hour == utc_hour
        # A calendar that knows no zone database reads the file's own VTIMEZONE: the same instant.
        [zone] = calendar.timezones
        own = zone.to_tz(lookup_tzid=False)
        assert event.decoded("dtstart").replace(tzinfo=own) == start
        assert event.decoded("dtend").replace(tzinfo=own) == start + timedelta(hours=3)

    def test_another_studio_zone_is_written_as_that_zone(self, make_lead: Any) -> None:
        StudioSettings.objects.filter(pk=StudioSettings.SINGLETON_PK).update(timezone="America/New_York")
        start = datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # the US change
        appointment = Appointment.objects.create(
            lead=make_lead(status="booked"), start=start, end=start + timedelta(hours=2)
        )
        body = calendar_ics(appointment=appointment, studio=StudioSettings.load(), now=timezone.now())
        calendar, event = event_of(body)
        assert event["dtstart"].params["TZID"] == "America/New_York"
        assert f"{event.decoded('dtstart'):%H:%M}" == "10:00"
        assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["America/New_York"]


class TestTheLink:
    def test_tampered_unknown_and_foreign_tokens_are_404(self, make_lead: Any, client: Client) -> None:
        lead = make_lead(status="booked")
        start = NOW + timedelta(days=3)
        Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
        token = calendar_token(lead_id=lead.pk, session=1)
        assert client.get(f"/c/{token}.ics").status_code == 200
        value, signature = token.split(":")
        for bad in (
            f"{lead.pk + 1}.1:{signature}",  # another lead, this lead's signature
            f"{value}:{signature[:-2]}xx",  # the signature changed
            value,  # no signature
            "nonsense",
            signing.Signer(salt="another-salt").sign(value),  # signed for something else
            signing.Signer(salt=SALT, key="another-key").sign(value),  # not our key
        ):
            response = client.get(f"/c/{bad}.ics")
            assert response.status_code == 404, bad
            assert response.json()["error"] == "not_found"
        # Signed, but nothing booked for that session or that lead.
        assert client.get(f"/c/{calendar_token(lead_id=lead.pk, session=2)}.ics").status_code == 404
        assert client.get(f"/c/{calendar_token(lead_id=10**9, session=1)}.ics").status_code == 404
        assert client.post(f"/c/{token}.ics").status_code == 405

    def test_each_lead_gets_its_own_session_only(self, make_lead: Any, client: Client) -> None:
        ana, bo = make_lead(status="booked"), make_lead(status="booked")
        start = NOW + timedelta(days=3)
        Appointment.objects.create(lead=ana, start=start, end=start + timedelta(hours=2))
        Appointment.objects.create(lead=bo, start=start + timedelta(days=1), end=start + timedelta(days=1, hours=3))
        _, ana_event = event_of(client.get(f"/c/{calendar_token(lead_id=ana.pk, session=1)}.ics").content)
        _, bo_event = event_of(client.get(f"/c/{calendar_token(lead_id=bo.pk, session=1)}.ics").content)
        assert (str(ana_event["uid"]), ana_event.decoded("dtstart")) == (uid_for(ana), start)
        assert (str(bo_event["uid"]), bo_event.decoded("dtstart")) == (uid_for(bo), start + timedelta(days=1))

    def test_an_erased_customer_has_no_file(self, make_lead: Any, client: Client) -> None:
        lead = make_lead(status="booked")
        start = NOW + timedelta(days=3)
        Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=2))
        Customer.objects.filter(pk=lead.customer_id).update(erased_at=timezone.now())
        assert client.get(f"/c/{calendar_token(lead_id=lead.pk, session=1)}.ics").status_code == 404


@pytest.fixture
def meta(settings: Any) -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_BASE_URL = fake.base_url
    settings.WHATSAPP_ACCESS_TOKEN = "EAAB-test-token"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1122334455"
    settings.WHATSAPP_TEMPLATES = {}
    yield fake
    fake.stop()


class TestTheDocument:
    def booked(self, make_lead: Any) -> tuple[Lead, Appointment]:
        lead = make_lead(status="booked")
        Customer.objects.filter(pk=lead.customer_id).update(last_inbound_at=timezone.now())
        lead.refresh_from_db()
        start = NOW + timedelta(days=3)
        return lead, Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=2))

    def test_the_document_goes_to_meta_once_as_a_document(self, make_lead: Any, meta: FakeMeta) -> None:
        lead, appointment = self.booked(make_lead)
        studio = StudioSettings.load()
        first = calendar_document_notify(lead=lead, appointment=appointment, studio=studio, when="Sat 5 Dec", tz="X")
        again = calendar_document_notify(lead=lead, appointment=appointment, studio=studio, when="Sat 5 Dec", tz="X")
        assert first is not None
        assert again is not None
        assert first.pk == again.pk
        assert outbound_send_queue(to=lead.customer.address) == 1
        assert outbound_send_queue(to=lead.customer.address) == 0
        [body] = meta.sent()
        assert body["type"] == "document"
        assert body["to"] == lead.customer.address.lstrip("+")
        assert body["document"] == {
            "link": calendar_link(lead_id=lead.pk, session=1),
            "filename": "appointment.ics",
            "caption": "Sat 5 Dec (X time): open this file to add the appointment to your calendar.",
        }
        first.refresh_from_db()
        assert (first.state, first.wamid.startswith("wamid.fake.")) == ("sent", True)

    def test_an_opted_out_customer_gets_no_document(self, make_lead: Any) -> None:
        lead, appointment = self.booked(make_lead)
        Customer.objects.filter(pk=lead.customer_id).update(opted_out=True)
        lead.refresh_from_db()
        studio = StudioSettings.load()
        assert calendar_document_notify(lead=lead, appointment=appointment, studio=studio, when="", tz="") is None
        assert not OutboundMessage.objects.filter(lead=lead).exists()

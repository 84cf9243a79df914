"""The booking path end to end: pay → slots offered → a pick books it; the artist's reschedule and cancel."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from conversations.models import OutboundKind, OutboundMessage
from leads.booking.rules import offered
from leads.booking.sweep import booking_sweep
from leads.models import Appointment, Lead, StatusChange, StudioSettings, SystemEvent
from payments.models import Deposit, DepositStatus
from payments.reconciliation import deposits_reconcile
from tests.conversations.chat import Customer
from tests.fakes.stripe import FakeStripe
from tests.payments.conftest import ARTIST, artist_texts, event_for, post_event, session_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Wednesday 2 December 2026, 09:00 in London.
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def whatsapp(settings: Any) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"


def pay(client: Client, deposit: Deposit, capture: Any) -> None:
    with capture(execute=True):
        response = post_event(client, event_for("checkout.session.completed", session_of(deposit)))
    assert response.json()["outcome"] == "paid"


def last_to_customer(lead: Lead) -> OutboundMessage:
    message = OutboundMessage.objects.filter(lead=lead, customer__isnull=False).order_by("id").last()
    assert message is not None
    return message


def wall(start: datetime) -> str:
    return f"{start.astimezone(LONDON):%a %d %H:%M}"


@pytest.fixture
def paid(approved: Any, client: Client, django_capture_on_commit_callbacks: Any, whatsapp: None) -> Any:
    def make(**fields: Any) -> tuple[Lead, Deposit, Customer]:
        lead, deposit = approved(**fields)
        pay(client, deposit, django_capture_on_commit_callbacks)
        lead.refresh_from_db()
        return lead, deposit, Customer(client, phone=str(lead.customer.wa_id), name="Ana Test")

    return make


def test_payment_offers_five_free_slots_as_a_list(paid: Any) -> None:
    lead, _, _ = paid(size_category="medium")
    assert lead.status == "booking_pending"
    assert [c.to_status for c in StatusChange.objects.filter(lead=lead).order_by("id")][-2:] == [
        "deposit_paid",
        "booking_pending",
    ]
    offer = last_to_customer(lead)
    assert offer.kind == OutboundKind.LIST
    rows = offer.payload["sections"][0]["rows"]
    assert [r["id"] for r in rows] == ["slot:1", "slot:2", "slot:3", "slot:4", "slot:5"]
    assert rows[0]["description"] == "Thu 3 Dec, 10:00–13:00"  # medium: 3 h, after 24 h notice
    assert "1. Thu 3 Dec, 10:00–13:00" in offer.text
    assert "5. " in offer.text
    assert [wall(s) for s, _ in offered(lead)][:2] == ["Thu 03 10:00", "Thu 03 13:00"]


def test_picking_a_number_books_it_and_confirms_in_studio_time(paid: Any) -> None:
    lead, _, ana = paid()
    ana.says("2")
    lead.refresh_from_db()
    assert lead.status == "booked"
    appointment = Appointment.objects.get(lead=lead, status="active")
    assert wall(appointment.start) == "Thu 03 13:00"
    assert appointment.end - appointment.start == timedelta(minutes=StudioSettings.load().session_minutes_small)
    confirmation = last_to_customer(lead).text
    assert "Thu 3 Dec, 13:00–15:00" in confirmation
    assert "London time" in confirmation
    assert artist_texts(lead)[-1].startswith(f"Booked: request #{lead.pk}")
    assert lead.offered_slots == []


def test_a_list_reply_books_it(paid: Any) -> None:
    lead, _, ana = paid()
    ana.send_message(
        ana.message(
            "interactive", interactive={"type": "list_reply", "list_reply": {"id": "slot:3", "title": "Fri 4 Dec"}}
        )
    )
    assert wall(Appointment.objects.get(lead=lead).start) == "Fri 04 10:00"


def test_an_ambiguous_reply_gets_pick_one_and_the_slots_again(paid: Any) -> None:
    lead, _, ana = paid()
    ana.says("1 or 2")
    again = last_to_customer(lead)
    assert again.kind == OutboundKind.LIST
    assert again.text.startswith("Please pick just one")
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending"
    ana.says("thursday")  # two Thursday slots: ambiguous again, answered again
    assert OutboundMessage.objects.filter(lead=lead, text__startswith="Please pick just one").count() == 2
    ana.says("thanks!")  # not a pick at all: the list is not repeated within the cooldown
    assert OutboundMessage.objects.filter(lead=lead, text__startswith="Please pick just one").count() == 2


def test_a_slot_taken_meanwhile_gets_fresh_slots(
    paid: Any, make_lead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, _, ana = paid()
    start, end = offered(lead)[1]
    Appointment.objects.create(lead=make_lead(status="booked"), start=start, end=end)
    with django_capture_on_commit_callbacks(execute=True):
        ana.says("2")
    lead.refresh_from_db()
    assert lead.status == "booking_pending"
    fresh = last_to_customer(lead)
    assert fresh.text.startswith("Sorry, someone took that time")
    assert start not in [s for s, _ in offered(lead)]
    assert SystemEvent.objects.filter(type="slot_conflict", lead=lead).count() == 1


def test_a_lost_fresh_slots_task_is_found_by_the_booking_sweep(
    paid: Any, make_lead: Any, frozen_clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, _, ana = paid()
    start, end = offered(lead)[1]
    Appointment.objects.create(lead=make_lead(status="booked"), start=start, end=end)
    ana.says("2")  # no on-commit callback runs: the fresh-slots task is lost
    lead.refresh_from_db()
    assert (lead.status, lead.fresh_slots_wanted_at) == ("booking_pending", NOW)  # the wish is kept
    assert not last_to_customer(lead).text.startswith("Sorry, someone took that time")
    frozen_clock.shift(timedelta(minutes=4))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["fresh_offers"] == 0  # not overdue yet
    frozen_clock.shift(timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["fresh_offers"] == 1
    lead.refresh_from_db()
    assert lead.fresh_slots_wanted_at is None
    assert last_to_customer(lead).text.startswith("Sorry, someone took that time")
    assert start not in [s for s, _ in offered(lead)]
    frozen_clock.shift(timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["fresh_offers"] == 0  # sent: never again
    ana.says("1")
    assert Lead.objects.get(pk=lead.pk).status == "booked"


def test_a_slot_no_longer_far_enough_ahead_is_not_booked(
    paid: Any, frozen_clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, _, ana = paid()
    frozen_clock.move_to(NOW + timedelta(hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        ana.says("1")  # Thu 10:00 is now under 24 h away
    lead.refresh_from_db()
    assert lead.status == "booking_pending"
    assert not Appointment.objects.filter(lead=lead).exists()
    assert wall(offered(lead)[0][0]) != "Thu 03 10:00"


def test_no_free_slot_collects_time_windows_and_tells_the_artist_after_two(
    approved: Any, client: Client, django_capture_on_commit_callbacks: Any, whatsapp: None
) -> None:
    studio = StudioSettings.load()
    studio.working_hours = {}
    studio.save()
    lead, deposit = approved()
    pay(client, deposit, django_capture_on_commit_callbacks)
    lead.refresh_from_db()
    assert lead.status == "collecting_time_windows"
    assert "Which days or times usually suit you" in last_to_customer(lead).text
    ana = Customer(client, phone=str(lead.customer.wa_id))
    ana.says("weekday mornings")
    assert not any("suggests" in t for t in artist_texts(lead))
    ana.says("any Saturday")
    lead.refresh_from_db()
    assert [w["text"] for w in lead.time_windows] == ["weekday mornings", "any Saturday"]
    [alert] = [t for t in artist_texts(lead) if "suggests" in t]
    assert "weekday mornings" in alert
    assert "any Saturday" in alert
    assert (
        OutboundMessage.objects.filter(lead=lead, text__contains="noted").count()
        + OutboundMessage.objects.filter(lead=lead, text__contains="Got it").count()
        + OutboundMessage.objects.filter(lead=lead, text__contains="written that down").count()
        == 1
    )

    # The artist offers slots: refused while the diary is still full, then offered.
    api = APIClient()
    api.force_login(User.objects.create_user("mika", password="pw-mika-123", is_staff=True))
    refused = api.post(f"/api/leads/{lead.pk}/offer-slots/")
    assert (refused.status_code, refused.json()["error"]) == (409, "no_free_slot")
    assert Lead.objects.get(pk=lead.pk).status == "collecting_time_windows"
    studio.working_hours = {"mon": ["10:00", "18:00"], "tue": ["10:00", "18:00"]}
    studio.save()
    offered_now = api.post(f"/api/leads/{lead.pk}/offer-slots/")
    assert offered_now.status_code == 200
    assert offered_now.json()["status"] == "booking_pending"
    assert last_to_customer(lead).kind == OutboundKind.LIST


@pytest.fixture
def artist_api() -> APIClient:
    api = APIClient()
    api.force_login(User.objects.create_user("mika", password="pw-mika-123", is_staff=True))
    return api


def test_reschedule_releases_the_appointment_and_offers_again(paid: Any, artist_api: APIClient) -> None:
    lead, _, ana = paid()
    ana.says("1")
    old = Appointment.objects.get(lead=lead, status="active")
    response = artist_api.post(f"/api/leads/{lead.pk}/reschedule/")
    assert response.status_code == 200
    assert response.json()["status"] == "booking_pending"
    assert response.json()["appointment"] is None
    old.refresh_from_db()
    assert old.status == "released"
    offer = last_to_customer(lead)
    assert offer.text.startswith(f"{StudioSettings.load().artist_name} needs to move your appointment")
    assert old.start in [s for s, _ in offered(lead)]  # the released time is free again
    ana.says("3")
    assert Lead.objects.get(pk=lead.pk).status == "booked"
    assert artist_api.post(f"/api/leads/{lead.pk}/offer-slots/").status_code == 409


def test_cancel_keeping_the_deposit(paid: Any, artist_api: APIClient, fake_stripe: FakeStripe) -> None:
    lead, deposit, ana = paid()
    ana.says("1")
    response = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    appointment = Appointment.objects.get(lead=lead)
    deposit.refresh_from_db()
    assert (appointment.status, appointment.deposit_kept, deposit.kept_on_cancel) == ("cancelled", True, True)
    assert deposit.status == DepositStatus.PAID
    assert fake_stripe.refunds == []
    assert "cancelled" in last_to_customer(lead).text
    assert artist_api.post(f"/api/leads/{lead.pk}/cancel/").status_code == 409


def test_cancel_with_a_refund_asks_stripe_once(
    paid: Any, artist_api: APIClient, fake_stripe: FakeStripe, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    lead, deposit, ana = paid()
    ana.says("1")
    with django_capture_on_commit_callbacks(execute=True):
        response = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {"refund_deposit": True}, format="json")
    assert response.status_code == 200
    deposit.refresh_from_db()
    assert deposit.kept_on_cancel is False
    assert fake_stripe.refunds == [{"payment_intent": f"pi_for_{deposit.pk}"}]
    assert "refunded" in last_to_customer(lead).text
    # Stripe's charge.refunded then records the money back.
    charge = {"id": "ch_x", "payment_intent": f"pi_for_{deposit.pk}", "amount": deposit.amount}
    post_event(client, event_for("charge.refunded", {**charge, "amount_refunded": deposit.amount, "refunded": True}))
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.REFUNDED


def test_a_lost_refund_task_is_found_by_the_sweep_and_stripe_asked_once(
    paid: Any, artist_api: APIClient, fake_stripe: FakeStripe, frozen_clock: Any
) -> None:
    lead, deposit, ana = paid()
    ana.says("1")
    # No on-commit callbacks run here: the refund task is lost, as with a broker outage at commit.
    response = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {"refund_deposit": True}, format="json")
    assert response.status_code == 200
    deposit.refresh_from_db()
    assert deposit.refund_requested_at is not None  # the row first
    assert (deposit.refund_id, fake_stripe.refunds) == ("", [])
    assert deposits_reconcile()["refunds_retried"] == 0  # not overdue yet
    frozen_clock.shift(timedelta(minutes=6))
    assert deposits_reconcile()["refunds_retried"] == 1
    assert fake_stripe.refunds == [{"payment_intent": f"pi_for_{deposit.pk}"}]
    deposit.refresh_from_db()
    assert deposit.refund_id.startswith("re_")
    frozen_clock.shift(timedelta(minutes=10))
    assert deposits_reconcile()["refunds_retried"] == 0  # accepted: never asked again
    assert len(fake_stripe.refunds) == 1


def test_a_refund_stripe_never_accepts_is_given_up_after_three_days(
    paid: Any, artist_api: APIClient, fake_stripe: FakeStripe, frozen_clock: Any
) -> None:
    lead, deposit, ana = paid()
    ana.says("1")
    artist_api.post(f"/api/leads/{lead.pk}/cancel/", {"refund_deposit": True}, format="json")
    frozen_clock.shift(timedelta(days=3, minutes=1))
    assert deposits_reconcile()["refunds_given_up"] == 1
    deposit.refresh_from_db()
    assert deposit.refund_failed_at is not None
    assert fake_stripe.refunds == []
    assert any("refund did not go through" in text for text in artist_texts(lead))
    assert deposits_reconcile()["refunds_given_up"] == 0  # told once


def test_admin_offers_reschedule_and_cancel_only_for_a_booking(paid: Any) -> None:
    lead, _, ana = paid()
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", password="pw-boss-1234"))
    page = admin.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "lead-action-reschedule" not in page
    assert "lead-action-cancel" not in page
    ana.says("1")
    page = admin.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "lead-action-reschedule" in page
    assert "lead-action-cancel" in page
    response = admin.post(f"/admin/leads/lead/{lead.pk}/act/cancel/", {"refund_deposit": ""}, follow=True)
    assert "Cancelled: lead" in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).status == "cancelled"


def test_the_admin_resends_an_expired_link(
    approved: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    lead, deposit = approved()
    post_event(client, event_for("checkout.session.expired", session_of(deposit, status="expired")))
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", password="pw-boss-1234"))
    page = admin.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "lead-action-resend_link" in page
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/leads/lead/{lead.pk}/act/resend_link/", {})
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"
    assert Deposit.objects.filter(lead=lead, status=DepositStatus.OPEN).count() == 1


def test_artist_notifications_go_to_the_artist_number(paid: Any) -> None:
    lead, _, ana = paid()
    ana.says("1")
    assert OutboundMessage.objects.filter(lead=lead, to=ARTIST).count() >= 2  # paid, booked


def test_the_appointment_json_has_the_studio_offset(paid: Any, artist_api: APIClient) -> None:
    lead, _, ana = paid()
    ana.says("1")
    appointment = artist_api.get(f"/api/leads/{lead.pk}/").json()["appointment"]
    assert appointment["start"] == datetime.combine(date(2026, 12, 3), time(10), tzinfo=LONDON).isoformat()
    assert datetime.fromisoformat(appointment["end"]).astimezone(UTC).hour == 12

"""A booked customer's STOP stops the messages, not the appointment (docs/booking.md "After STOP"):
the lead is ``optout`` (the contract's only way out of it is START → ``new``), the appointment still
stands, and the artist can cancel it — refunding or keeping the deposit, freeing the time — without
a status change and without a word to the customer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from conversations.models import OutboundMessage
from leads.artist.actions import available_actions
from leads.models import Appointment, Lead, StatusChange, SystemEvent
from payments.models import Deposit
from tests.fakes.stripe import FakeStripe
from tests.leads.booking import test_booking_flow as flow

pytestmark = pytest.mark.django_db

# The booking flow's fixtures: a paid lead, the artist's API client; its clock, Wednesday 09:00 in London.
paid, artist_api, whatsapp = flow.paid, flow.artist_api, flow.whatsapp


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[Any]:
    with time_machine.travel(flow.NOW, tick=False) as traveller:
        yield traveller


def booked_then_stopped(paid: Any) -> tuple[Lead, Deposit]:
    lead, deposit, ana = paid()
    ana.says("1")
    ana.says("STOP")
    lead = Lead.objects.select_related("customer").get(pk=lead.pk)
    assert lead.status == "optout"
    assert Appointment.objects.get(lead=lead).status == "active"  # the appointment stands
    return lead, deposit


def written_to_customer(lead: Lead) -> int:
    return OutboundMessage.objects.filter(lead=lead, customer__isnull=False).count()


def test_the_artist_cancels_an_opted_out_customer_s_booking_with_a_refund(
    paid: Any, artist_api: APIClient, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    lead, deposit = booked_then_stopped(paid)
    assert "cancel" in available_actions(lead)
    assert "message" not in available_actions(lead)
    written, history = written_to_customer(lead), StatusChange.objects.filter(lead=lead).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {"refund_deposit": True}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "optout")  # no status change
    appointment = Appointment.objects.get(lead=lead)
    assert (appointment.status, appointment.released_by, appointment.deposit_kept) == ("cancelled", "artist", False)
    assert fake_stripe.refunds == [{"payment_intent": f"pi_for_{deposit.pk}"}]
    assert written_to_customer(lead) == written  # opted out: not written to
    assert StatusChange.objects.filter(lead=lead).count() == history
    event = SystemEvent.objects.get(type="opted_out_booking_cancelled")
    assert (event.lead_id, event.payload["deposit"]) == (lead.pk, "refund")
    assert "cancel" not in available_actions(Lead.objects.select_related("customer").get(pk=lead.pk))
    again = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json")
    assert (again.status_code, again.json()["status"]) == (409, "optout")


def test_keeping_the_deposit(paid: Any, artist_api: APIClient) -> None:
    lead, deposit = booked_then_stopped(paid)
    response = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json")
    assert response.status_code == 200
    deposit.refresh_from_db()
    assert (deposit.status, deposit.kept_on_cancel) == ("paid", True)
    appointment = Appointment.objects.get(lead=lead)
    assert (appointment.status, appointment.deposit_kept) == ("cancelled", True)


def test_an_opted_out_lead_without_an_appointment_has_nothing_to_cancel(make_lead: Any, artist_api: APIClient) -> None:
    lead = make_lead(status="optout")
    assert "cancel" not in available_actions(lead)
    response = artist_api.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json")
    assert (response.status_code, response.json()["status"]) == (409, "optout")


def test_the_lead_page_offers_cancel_and_it_works_from_admin(paid: Any) -> None:
    lead, _ = booked_then_stopped(paid)
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
    page = admin.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    url = reverse("admin:leads_lead_action", args=[lead.pk, "cancel"])
    assert url in page
    assert admin.post(url, {}).status_code == 302
    assert Appointment.objects.get(lead=lead).status == "cancelled"
    assert Lead.objects.get(pk=lead.pk).status == "optout"

"""Customers and the one-open-lead rule (docs/conversation.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from leads.models import Appointment, Customer, Lead
from leads.models.customer import hash_phone
from leads.services import customer_get_or_create, lead_current_or_new, lead_transition
from tattoobot.foundations.phones import InvalidPhoneNumber

pytestmark = pytest.mark.django_db


def test_customer_is_stored_in_e164_with_a_hash() -> None:
    customer = customer_get_or_create(wa_id="447700900123", profile_name="Ana")
    assert customer.wa_id == "+447700900123"
    assert customer.phone_hash == hash_phone("+447700900123")
    assert customer.opted_in_at is not None
    again = customer_get_or_create(wa_id="+447700900123", profile_name="Ana B")
    assert again.pk == customer.pk
    assert Customer.objects.get(pk=customer.pk).profile_name == "Ana B"


def test_customer_row_can_be_locked() -> None:
    customer = customer_get_or_create(wa_id="447700900124", lock=True)
    assert customer.wa_id == "+447700900124"


def test_bad_number_is_refused() -> None:
    with pytest.raises(InvalidPhoneNumber):
        customer_get_or_create(wa_id="12")


def test_first_message_creates_a_lead_and_later_ones_reuse_it(make_customer) -> None:
    customer = make_customer()
    first = lead_current_or_new(customer=customer)
    assert first.status == "new"
    assert lead_current_or_new(customer=customer).pk == first.pk


@pytest.mark.parametrize("ended", ["cancelled", "rejected", "waitlisted"])
def test_new_lead_only_after_thirty_days(make_lead, ended: str) -> None:
    lead = make_lead(status=ended)
    ended_at = timezone.now()
    Lead.objects.filter(pk=lead.pk).update(status_changed_at=ended_at)

    assert lead_current_or_new(customer=lead.customer, now=ended_at + timedelta(days=29)).pk == lead.pk
    fresh = lead_current_or_new(customer=lead.customer, now=ended_at + timedelta(days=31))
    assert fresh.pk != lead.pk
    assert fresh.status == "new"


def test_booked_lead_counts_from_its_appointment(make_lead) -> None:
    lead = make_lead(status="booked")
    start = timezone.now() + timedelta(days=10)
    Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
    # The appointment is still ahead: the lead stays open, however long ago it was booked.
    assert lead_current_or_new(customer=lead.customer, now=start - timedelta(days=1)).pk == lead.pk
    assert lead_current_or_new(customer=lead.customer, now=start + timedelta(days=20)).pk == lead.pk
    assert lead_current_or_new(customer=lead.customer, now=start + timedelta(days=31)).pk != lead.pk


@pytest.mark.parametrize("status", ["optout", "abandoned", "stale", "qualifying", "awaiting_deposit"])
def test_open_statuses_never_start_a_new_lead(make_lead, status: str) -> None:
    lead = make_lead(status=status)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        assert lead_current_or_new(customer=lead.customer).pk == lead.pk


def test_lead_transition_rejects_non_transitions(make_lead) -> None:
    with pytest.raises(ValueError, match="not a lead transition"):
        lead_transition(lead=make_lead(), name="save")


def test_the_current_lead_carries_the_caller_s_customer(make_lead: Any, django_assert_num_queries: Any) -> None:
    """The engine reads the customer's language and name on every turn: from the row it has, not again."""
    lead = make_lead(status="qualifying")
    customer = Customer.objects.get(pk=lead.customer_id)
    current = lead_current_or_new(customer=customer)
    assert current.pk == lead.pk
    with django_assert_num_queries(0):
        assert current.customer.language == customer.language

"""One-tap links /a/<token>: confirm first, single use (also under concurrency), 7 days, bound to the status."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from leads.models import ActionToken, Appointment, Lead
from leads.tokens import action_link, action_token_issue
from payments.models import Deposit
from tests.parallel import run_parallel


@pytest.fixture
def pending(make_lead) -> Lead:
    lead: Lead = make_lead(status="pending_approval", size_category="small", idea="a fern")
    return lead


@pytest.mark.django_db
def test_confirm_page_then_approve(client: Client, pending: Lead) -> None:
    token = action_token_issue(lead=pending, action="approve")
    assert action_link(token).endswith(f"/a/{token}")
    page = client.get(f"/a/{token}")
    assert page.status_code == 200
    assert b"Approve request" in page.content
    assert Lead.objects.get(pk=pending.pk).status == "pending_approval"  # GET changes nothing

    done = client.post(f"/a/{token}")
    assert done.status_code == 200
    assert b"Done" in done.content
    assert Lead.objects.get(pk=pending.pk).status == "awaiting_deposit"
    assert Deposit.objects.get(lead=pending).amount == 15000
    again = client.post(f"/a/{token}")
    assert again.status_code == 410
    assert b"already used" in again.content


@pytest.mark.django_db
def test_reject_link(client: Client, pending: Lead) -> None:
    token = action_token_issue(lead=pending, action="reject")
    client.post(f"/a/{token}")
    assert Lead.objects.get(pk=pending.pk).status == "rejected"


@pytest.mark.django_db
def test_open_link_goes_to_the_lead_page(client: Client, pending: Lead) -> None:
    token = action_token_issue(lead=pending, action="open")
    response = client.get(f"/a/{token}")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/leads/lead/{pending.pk}/change/"


@pytest.mark.django_db
def test_tampered_token_is_404(client: Client, pending: Lead) -> None:
    token = action_token_issue(lead=pending, action="approve")
    response = client.post(f"/a/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert Lead.objects.get(pk=pending.pk).status == "pending_approval"


@pytest.mark.django_db
def test_expired_after_seven_days(client: Client, pending: Lead) -> None:
    token = action_token_issue(lead=pending, action="approve")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(f"/a/{token}")
    assert response.status_code == 410
    assert b"expired" in response.content
    assert Lead.objects.get(pk=pending.pk).status == "pending_approval"


@pytest.mark.django_db
def test_a_link_for_an_older_status_does_nothing(client: Client, pending: Lead) -> None:
    approve = action_token_issue(lead=pending, action="approve")
    reject = action_token_issue(lead=pending, action="reject")
    client.post(f"/a/{approve}")
    response = client.post(f"/a/{reject}")
    assert response.status_code == 410
    assert b"awaiting deposit" in response.content.lower() or b"awaiting_deposit" in response.content
    assert Lead.objects.get(pk=pending.pk).status == "awaiting_deposit"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_taps_act_once(make_lead) -> None:
    lead = make_lead(status="pending_approval", size_category="small")
    token = action_token_issue(lead=lead, action="approve")
    codes = run_parallel([lambda: Client().post(f"/a/{token}").status_code for _ in range(2)])
    assert sorted(codes) == [200, 410]
    assert Deposit.objects.filter(lead=lead).count() == 1
    assert ActionToken.objects.get().used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "heading", "status"), [("done", b"done?", "completed"), ("no_show", b"no-show?", "no_show")]
)
def test_the_session_end_links_confirm_then_mark_it(
    client: Client, make_lead, action: str, heading: bytes, status: str
) -> None:
    lead = make_lead(status="booked")
    start = timezone.now() - timedelta(hours=4)
    Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
    token = action_token_issue(lead=lead, action=action)
    page = client.get(f"/a/{token}")
    assert heading in page.content
    assert Lead.objects.get(pk=lead.pk).status == "booked"  # GET changes nothing
    assert client.post(f"/a/{token}").status_code == 200
    assert Lead.objects.get(pk=lead.pk).status == status
    assert client.post(f"/a/{token}").status_code == 410  # once

"""POST /api/leads/{id}/approve|reject|resume|messages/ (README.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from conversations.models import OutboundMessage
from leads.models import Lead, StatusChange
from payments.models import Deposit
from tests.conftest import answer_all_questions, clear_cache_namespace

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    clear_cache_namespace()


def post(client: APIClient, lead: Lead | int, action: str, data: dict[str, object] | None = None):
    lead_id = lead if isinstance(lead, int) else lead.pk
    return client.post(f"/api/leads/{lead_id}/{action}/", data or {}, format="json")


class TestApprove:
    def test_the_size_rule_deposit_is_frozen(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="pending_approval", size_category="medium")
        response = post(staff_client, lead, "approve")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "awaiting_deposit"
        (deposit,) = body["deposits"]
        assert (deposit["amount"], deposit["currency"], deposit["rule"]) == (15000, "gbp", "size:medium")
        assert body["history"][-1]["actor"] == "artist:staff"

    def test_the_artists_amount_wins(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="needs_follow_up", size_category="small")
        assert post(staff_client, lead, "approve", {"deposit_amount": 5000}).status_code == 200
        deposit = Deposit.objects.get(lead=lead)
        assert (deposit.amount, deposit.rule) == (5000, "artist")

    def test_unknown_size_needs_an_amount(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="pending_approval")
        response = post(staff_client, lead, "approve")
        assert response.status_code == 400
        assert response.json()["error"] == "deposit_amount_required"
        assert Lead.objects.get(pk=lead.pk).status == "pending_approval"
        assert not Deposit.objects.exists()

    @pytest.mark.parametrize("amount", [0, -5, "lots", 10_000_001])
    def test_bad_amounts_are_400(self, staff_client: APIClient, make_lead, amount: object) -> None:
        lead = make_lead(status="pending_approval", size_category="small")
        response = post(staff_client, lead, "approve", {"deposit_amount": amount})
        assert response.status_code == 400
        assert not Deposit.objects.exists()

    def test_illegal_transition_is_409_with_the_current_status(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="qualifying", size_category="small")
        response = post(staff_client, lead, "approve")
        assert response.status_code == 409
        assert response.json()["status"] == "qualifying"
        assert response.json()["error"] == "transition_not_allowed"
        assert not Deposit.objects.exists()


ALL_ACTIONS = ["approve", "reject", "resume", "messages", "offer-slots", "reschedule", "cancel"]


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_unknown_lead_is_404(staff_client: APIClient, action: str) -> None:
    response = post(staff_client, 987654, action, {"text": "hi"})
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_anonymous_401_and_non_staff_403(make_lead, action: str) -> None:
    lead = make_lead(status="pending_approval", size_category="small")
    assert post(APIClient(), lead, action, {"text": "hi"}).status_code == 401
    client = APIClient()
    client.force_login(User.objects.create_user("fan", password="pw-fan-12345"))
    assert post(client, lead, action, {"text": "hi"}).status_code == 403
    assert Lead.objects.get(pk=lead.pk).status == "pending_approval"


@pytest.mark.parametrize(
    ("action", "status"),
    [("offer-slots", "awaiting_deposit"), ("reschedule", "booking_pending"), ("cancel", "deposit_paid")],
)
def test_booking_actions_in_the_wrong_status_are_409(
    staff_client: APIClient, make_lead, action: str, status: str
) -> None:
    lead = make_lead(status=status)
    response = post(staff_client, lead, action)
    assert response.status_code == 409
    assert response.json()["status"] == status
    assert Lead.objects.get(pk=lead.pk).status == status


@pytest.mark.parametrize("data", [{"refund_deposit": "perhaps"}, {"refund_deposit": [1]}])
def test_cancel_rejects_a_bad_refund_flag(staff_client: APIClient, make_lead, data: dict[str, object]) -> None:
    lead = make_lead(status="booked")
    response = staff_client.post(f"/api/leads/{lead.pk}/cancel/", data, format="json")
    assert response.status_code == 400
    assert Lead.objects.get(pk=lead.pk).status == "booked"


def test_reject_keeps_the_reason(staff_client: APIClient, make_lead) -> None:
    lead = make_lead(status="pending_approval")
    response = post(staff_client, lead, "reject", {"reason": "Not my style"})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert Lead.objects.get(pk=lead.pk).rejection_reason == "Not my style"
    assert response.json()["history"][-1]["reason"] == "Not my style"


class TestResume:
    def test_back_to_qualifying_asks_the_current_question(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="needs_artist_reply", current_question="placement", needs_artist=True)
        response = post(staff_client, lead, "resume")
        assert response.status_code == 200
        assert response.json()["status"] == "qualifying"
        assert "Where on your body" in OutboundMessage.objects.get(lead=lead).text

    def test_all_answered_goes_to_approval(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="needs_artist_reply")
        answer_all_questions(lead)
        assert post(staff_client, lead, "resume").json()["status"] == "pending_approval"

    def test_a_flag_after_approval_is_cleared(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="awaiting_deposit", needs_artist=True, handover_reason="refund")
        assert post(staff_client, lead, "resume").json()["needs_artist"] is False

    def test_nothing_to_resume_is_409(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="booked")
        response = post(staff_client, lead, "resume")
        assert (response.status_code, response.json()["status"]) == (409, "booked")


class TestMessages:
    def test_writing_to_a_lead_in_the_bots_hands_hands_it_over(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="qualifying")
        response = post(staff_client, lead, "messages", {"text": "Hi! Love the idea, one question first…"})
        assert response.status_code == 201
        body = response.json()
        assert (body["status"], body["needs_artist"]) == ("needs_artist_reply", True)
        assert StatusChange.objects.filter(lead=lead, reason="artist_replied").exists()
        row = OutboundMessage.objects.get(lead=lead)
        assert (row.purpose, row.text) == ("artist_message", "Hi! Love the idea, one question first…")

    def test_later_statuses_stay(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="booked")
        assert post(staff_client, lead, "messages", {"text": "See you Friday"}).json()["status"] == "booked"

    @pytest.mark.parametrize("data", [{}, {"text": ""}, {"text": "   "}, {"text": "x" * 5000}])
    def test_bad_text_is_400(self, staff_client: APIClient, make_lead, data: dict[str, object]) -> None:
        lead = make_lead(status="qualifying")
        assert post(staff_client, lead, "messages", data).status_code == 400
        assert not OutboundMessage.objects.exists()

    def test_opted_out_customers_cannot_be_written_to(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead(status="optout")
        assert post(staff_client, lead, "messages", {"text": "hello?"}).status_code == 409


def test_sixty_requests_a_minute_then_429_with_retry_after(staff_client: APIClient) -> None:
    for _ in range(60):
        assert staff_client.get("/api/leads/").status_code == 200
    response = staff_client.get("/api/leads/")
    assert response.status_code == 429
    assert response.json()["error"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_funnel_counts_statuses_and_conversion(staff_client: APIClient, make_lead) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from leads.services import lead_transition

    booked = make_lead(status="booking_pending")
    lead_transition(lead=booked, name="book")
    for status in ("pending_approval", "qualifying", "qualifying"):
        make_lead(status=status)
    old = make_lead(status="qualifying")
    Lead.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))

    body = staff_client.get("/api/metrics/funnel/?days=7").json()
    assert body["leads"] == 4
    assert body["by_status"]["qualifying"] == 2
    assert body["by_status"]["booked"] == 1
    assert set(body["by_status"]) >= {"new", "optout", "cancelled"}
    assert body["reached"]["booked"] == 1
    assert body["conversion"]["first_message_to_booked"] == 0.25
    assert staff_client.get("/api/metrics/funnel/?days=60").json()["leads"] == 5


@pytest.mark.parametrize("days", ["0", "-1", "abc", "9999"])
def test_funnel_rejects_bad_days(staff_client: APIClient, days: str) -> None:
    assert staff_client.get(f"/api/metrics/funnel/?days={days}").status_code == 400

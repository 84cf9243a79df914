"""After the session (docs/booking.md "After the session", "Several sessions"; docs/payments.md "The deposit
ledger"): the artist marks a session done or a no-show (API, admin, WhatsApp buttons), an unmarked
booking is done 12 h after its end, a three-session piece runs on one deposit, and disputes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from conversations.models import OutboundMessage
from leads.artist.links import artist_button_act
from leads.artist.sessions import bookings_autocomplete, session_end_prompts
from leads.models import Appointment, Artist, Lead, StatusChange
from payments.models import Deposit, StripeEvent
from tests.conversations.chat import Customer, post_signed
from tests.payments.conftest import ARTIST, artist_texts, customer_texts, event_for, post_event, session_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def booked(make_lead: Any, client: Client, capture: Any, settings: Any, staff_client: APIClient) -> Any:
    """Approved through the API (with a number of sessions), paid at the fake Stripe, slot 1 picked."""
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    from tests.conftest import answer_all_questions

    def make(sessions: int | None = None) -> tuple[Lead, Customer]:
        lead = make_lead(status="pending_approval", size_category="small")
        answer_all_questions(lead)
        body = {} if sessions is None else {"sessions": sessions}
        with capture():
            assert staff_client.post(f"/api/leads/{lead.pk}/approve/", body, format="json").status_code == 200
        deposit = Deposit.objects.get(lead=lead)
        with capture():
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        ana = Customer(client, phone=str(lead.customer.wa_id))
        ana.says("1")
        lead.refresh_from_db()
        assert lead.status == "booked"
        return lead, ana

    return make


def after_the_session(clock: Any, lead: Lead) -> None:
    """The clock just after the lead's standing session (a done or a no-show waits until it began)."""
    clock.move_to(Appointment.objects.get(lead=lead, status="active").end + timedelta(minutes=1))


def act(staff_client: APIClient, lead: Lead, action: str, body: dict[str, Any] | None = None) -> Any:
    return staff_client.post(f"/api/leads/{lead.pk}/{action}/", body or {}, format="json")


def test_a_three_session_piece_runs_from_approval_to_its_last_session_on_one_deposit(
    booked: Any, staff_client: APIClient, capture: Any, frozen_clock: Any
) -> None:
    lead, ana = booked(sessions=3)
    assert lead.sessions_planned == 3
    for session in (1, 2, 3):
        appointment = Appointment.objects.get(lead=lead, status="active")
        assert appointment.session == session
        frozen_clock.move_to(appointment.end + timedelta(hours=1))
        with capture():
            response = act(staff_client, lead, "complete")
        assert response.status_code == 200
        lead.refresh_from_db()
        if session < 3:  # the next session is offered at once, without a new deposit
            assert lead.status == "booking_pending", session
            assert "Time to book your next session" in customer_texts(lead)[-1]
            ana.says("1")
            lead.refresh_from_db()
            assert lead.status == "booked"
    assert lead.status == "completed"
    assert Deposit.objects.filter(lead=lead).count() == 1
    data = staff_client.get(f"/api/leads/{lead.pk}/").json()
    assert [(a["session"], a["status"]) for a in data["appointments"]] == [
        (1, "completed"),
        (2, "completed"),
        (3, "completed"),
    ]
    deposit = Deposit.objects.get(lead=lead)
    assert data["ledger"][0] == {
        "at": data["ledger"][0]["at"],
        "what": "deposit_paid",
        "amount": deposit.amount,
        "deposit": deposit.pk,
        "currency": "gbp",
    }
    last = data["ledger"][-1]
    assert (last["what"], last["amount"], last["session"]) == ("taken_off_price", -deposit.amount, 3)
    steps = list(StatusChange.objects.filter(lead=lead).values_list("transition", flat=True))
    assert steps.count("next_session") == 2
    assert steps.count("complete") == 3


def test_next_session_by_hand_grows_the_plan(
    booked: Any, staff_client: APIClient, capture: Any, frozen_clock: Any
) -> None:
    lead, _ = booked()
    after_the_session(frozen_clock, lead)
    assert act(staff_client, lead, "complete").status_code == 200
    assert Lead.objects.get(pk=lead.pk).status == "completed"  # one session planned: none offered
    with capture():
        response = act(staff_client, lead, "next-session")
    assert response.status_code == 200
    lead.refresh_from_db()
    assert (lead.status, lead.sessions_planned) == ("booking_pending", 2)
    assert response.json()["sessions_planned"] == 2


def test_a_no_show_forfeits_the_deposit_by_the_policy(booked: Any, staff_client: APIClient, frozen_clock: Any) -> None:
    lead, _ = booked()
    after_the_session(frozen_clock, lead)
    response = act(staff_client, lead, "no-show", {"forfeit_deposit": False})  # the policy decides: forfeit
    assert response.status_code == 200
    deposit = Deposit.objects.get(lead=lead)
    assert (deposit.forfeit_reason, deposit.refund_requested_at) == ("no_show", None)
    assert Appointment.objects.get(lead=lead).status == "no_show"
    assert "kept for a missed appointment" in customer_texts(lead)[-1]
    assert [line["what"] for line in response.json()["ledger"]][-2:] == ["forfeited:no_show", "no_show"]


def test_a_no_show_the_policy_leaves_to_the_artist_may_be_refunded(
    booked: Any, staff_client: APIClient, capture: Any, fake_stripe: Any, frozen_clock: Any
) -> None:
    Artist.objects.update(policy_overrides={"late_change_rule": "artist"})
    lead, _ = booked()
    after_the_session(frozen_clock, lead)
    with capture():
        assert act(staff_client, lead, "no-show", {"forfeit_deposit": False}).status_code == 200
    deposit = Deposit.objects.get(lead=lead)
    assert deposit.forfeited_at is None
    assert deposit.refund_requested_at is not None
    assert len(fake_stripe.refunds) == 1


@pytest.mark.parametrize("action", ["complete", "no-show", "next-session"])
def test_a_lead_not_in_the_right_status_is_refused_with_409(
    make_lead: Any, staff_client: APIClient, action: str
) -> None:
    lead = make_lead(status="awaiting_deposit")
    response = act(staff_client, lead, action, {"forfeit_deposit": "not a bool"})
    assert response.status_code == 409
    assert response.json()["status"] == "awaiting_deposit"
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"


def test_bad_input_is_a_400_and_changes_nothing(booked: Any, staff_client: APIClient, frozen_clock: Any) -> None:
    lead, _ = booked()
    after_the_session(frozen_clock, lead)
    assert act(staff_client, lead, "no-show", {"forfeit_deposit": "perhaps"}).status_code == 400
    assert Lead.objects.get(pk=lead.pk).status == "booked"


def test_the_artist_is_asked_at_the_end_and_a_tap_marks_it_done(booked: Any, client: Client, frozen_clock: Any) -> None:
    lead, _ = booked()
    appointment = Appointment.objects.get(lead=lead)
    assert session_end_prompts(now=appointment.end - timedelta(minutes=1)) == 0
    frozen_clock.move_to(appointment.end)
    assert session_end_prompts(now=appointment.end) == 1
    assert session_end_prompts(now=appointment.end + timedelta(minutes=5)) == 0  # once
    prompt = OutboundMessage.objects.filter(lead=lead, to=ARTIST).order_by("id").last()
    assert prompt is not None
    assert prompt.text.startswith("Session over?")
    buttons = {b["title"]: b["id"] for b in prompt.payload["buttons"]}
    assert set(buttons) == {"Done", "No-show", "Open"}
    tap = {
        "from": ARTIST.lstrip("+"),
        "id": "wamid.artist.tap.done",
        "timestamp": str(int(NOW.timestamp())),
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": buttons["Done"], "title": "Done"}},
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "447700900000", "phone_number_id": "123"},
                            "contacts": [{"profile": {"name": "Artist"}, "wa_id": ARTIST.lstrip("+")}],
                            "messages": [tap],
                        },
                    }
                ],
            }
        ],
    }
    assert post_signed(client, body).status_code == 200
    lead.refresh_from_db()
    assert lead.status == "completed"
    assert StatusChange.objects.get(lead=lead, to_status="completed").actor == "artist:whatsapp"


def test_an_unmarked_booking_is_done_12_hours_after_its_end(booked: Any) -> None:
    lead, _ = booked()
    end = Appointment.objects.get(lead=lead).end
    assert bookings_autocomplete(now=end + timedelta(hours=11, minutes=59)) == 0
    assert bookings_autocomplete(now=end + timedelta(hours=12)) == 1
    assert bookings_autocomplete(now=end + timedelta(hours=13)) == 0
    lead.refresh_from_db()
    assert lead.status == "completed"
    change = StatusChange.objects.get(lead=lead, to_status="completed")
    assert (change.actor, change.reason) == ("timer", "ended_unmarked")
    assert artist_texts(lead)[-1].startswith("Marked done:")


def test_a_dispute_marks_the_deposit_and_tells_the_artist_the_deadline_and_the_policy(
    booked: Any, client: Client
) -> None:
    lead, _ = booked()
    deposit = Deposit.objects.get(lead=lead)
    due = int((NOW + timedelta(days=10)).timestamp())
    dispute = {
        "id": "dp_test_1",
        "object": "dispute",
        "amount": deposit.amount,
        "currency": "gbp",
        "charge": "ch_test_1",
        "payment_intent": deposit.stripe_payment_intent,
        "reason": "product_not_received",
        "status": "needs_response",
        "evidence_details": {"due_by": due, "has_evidence": False},
    }
    payload = event_for("charge.dispute.created", dispute)
    assert post_event(client, payload).json()["outcome"] == "disputed"
    assert post_event(client, payload).json()["duplicate"] is True
    deposit.refresh_from_db()
    assert deposit.dispute_id == "dp_test_1"
    assert deposit.dispute_due_by is not None
    assert int(deposit.dispute_due_by.timestamp()) == due
    [alert] = [t for t in artist_texts(lead) if t.startswith("Dispute opened")]
    assert "Evidence is due by Sat 12 Dec at 09:00" in alert
    assert deposit.policy_text in alert
    assert StripeEvent.objects.filter(type="charge.dispute.created").count() == 1


def test_a_dispute_for_an_unknown_payment_is_stored_and_answered_200(client: Client, db: None) -> None:
    dispute = {"id": "dp_x", "object": "dispute", "payment_intent": "pi_nobody", "amount": 100}
    response = post_event(client, event_for("charge.dispute.created", dispute))
    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown_dispute"


def test_done_or_no_show_waits_until_the_session_has_begun(booked: Any, staff_client: APIClient) -> None:
    lead, _ = booked()  # the clock is before the session
    for action in ("complete", "no-show"):
        response = act(staff_client, lead, action)
        assert response.status_code == 409
        assert "waits until it has begun" in response.json()["detail"]
    assert Lead.objects.get(pk=lead.pk).status == "booked"


def test_an_earlier_session_s_buttons_do_not_mark_the_next_one(
    booked: Any, staff_client: APIClient, capture: Any, frozen_clock: Any
) -> None:
    lead, ana = booked(sessions=2)
    first = Appointment.objects.get(lead=lead, status="active")
    frozen_clock.move_to(first.end)
    session_end_prompts(now=first.end)
    prompt = OutboundMessage.objects.filter(lead=lead, to=ARTIST, text__startswith="Session over?").get()
    no_show = {b["title"]: b["id"] for b in prompt.payload["buttons"]}["No-show"].partition(":")[2]
    with capture():
        assert act(staff_client, lead, "complete").status_code == 200  # done on the lead page instead
    ana.says("1")  # the second session, booked
    second = Appointment.objects.get(lead=lead, status="active")
    frozen_clock.move_to(second.start + timedelta(minutes=30))
    assert artist_button_act(token=no_show, phone=ARTIST).startswith("Not done:")
    assert Lead.objects.get(pk=lead.pk).status == "booked"
    assert Appointment.objects.get(pk=second.pk).status == "active"


def test_a_no_show_tap_leaves_the_deposit_to_the_artist_where_the_policy_says_so(
    booked: Any, frozen_clock: Any
) -> None:
    Artist.objects.update(policy_overrides={"late_change_rule": "artist"})
    lead, _ = booked()
    end = Appointment.objects.get(lead=lead).end
    frozen_clock.move_to(end)
    session_end_prompts(now=end)
    prompt = OutboundMessage.objects.filter(lead=lead, to=ARTIST, text__startswith="Session over?").get()
    no_show = {b["title"]: b["id"] for b in prompt.payload["buttons"]}["No-show"].partition(":")[2]
    answer = artist_button_act(token=no_show, phone=ARTIST)
    assert "Keep or refund the deposit?" in answer
    assert Lead.objects.get(pk=lead.pk).status == "booked"
    assert Deposit.objects.get(lead=lead).forfeited_at is None

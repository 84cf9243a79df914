"""The customer's own changes to a booking under the policy, through the real webhook and the fake Stripe
(docs/booking.md "The customer's own changes"): inside and outside the notice, with and without free moves,
the YES/NO before a late change, the policy that leaves it to the artist, cancellations refunded or
forfeited, the held appointment, and 48 h without a pick."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from leads.booking.rules import offered
from leads.models import Appointment, Artist, Lead, StatusChange, StudioSettings
from leads.timers import booking_reminders, held_moves_expire
from payments.models import Deposit
from tests.conversations.chat import Customer
from tests.fakes.stripe import FakeStripe
from tests.payments.conftest import artist_texts, customer_texts, event_for, post_event, session_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # Wednesday; the first slots are on Thursday


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def booked(approved: Any, client: Client, django_capture_on_commit_callbacks: Any, settings: Any) -> Any:
    """A lead that paid its deposit and picked the second slot (Thu 3 Dec 13:00, 28 h ahead)."""
    settings.WHATSAPP_APP_SECRET = "test_app_secret"

    def make(pick: str = "2", **policy: Any) -> tuple[Lead, Customer, Any]:
        if policy:
            StudioSettings.objects.filter(pk=1).update(**policy)
        lead, deposit = approved()
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, event_for("checkout.session.completed", session_of(deposit)))
        ana = Customer(client, phone=str(lead.customer.wa_id))
        ana.says(pick)
        lead.refresh_from_db()
        assert lead.status == "booked"
        ana.replies()  # read so far

        def says(text: str) -> list[str]:
            """What the customer got back, the tasks after commit included (slots come from a task)."""
            seen = ana.seen
            with django_capture_on_commit_callbacks(execute=True):
                ana.says(text)
            ana.seen = seen
            return ana.replies()

        return lead, ana, says

    return make


def active(lead: Lead) -> Appointment:
    return Appointment.objects.get(lead=lead, status="active")


def customer_steps(lead: Lead) -> list[tuple[str, str, str]]:
    """The customer's steps in the history once the lead was booked (the pick that booked it excluded)."""
    booked_at = StatusChange.objects.filter(lead=lead, to_status="booked").order_by("id").first()
    assert booked_at is not None
    rows = StatusChange.objects.filter(lead=lead, actor="customer", id__gt=booked_at.pk).order_by("id")
    return [(row.from_status, row.to_status, row.reason) for row in rows]


def test_a_move_within_the_policy_offers_new_times_and_holds_the_old_until_the_pick(booked: Any) -> None:
    lead, _, says = booked(reschedule_notice_hours=12)
    old = active(lead)
    [offer] = says("Can I move my appointment please?")
    lead.refresh_from_db()
    assert lead.status == "booking_pending"
    assert "stays booked until you pick" in offer
    assert active(lead).pk == old.pk  # held
    assert old.start not in [start for start, _ in offered(lead)]
    assert artist_texts(lead)[-1].startswith("Moving:")

    confirmation = says("1")
    lead.refresh_from_db()
    new = active(lead)
    old.refresh_from_db()
    assert lead.status == "booked"
    assert (old.status, old.released_by) == ("released", "customer")
    assert (new.session, new.sequence) == (1, 1)
    assert new.start != old.start
    assert lead.reschedules_used == 1
    assert any("London time" in text for text in confirmation)
    assert Deposit.objects.get(lead=lead).forfeited_at is None  # the deposit moved with it
    assert "moved it from" in artist_texts(lead)[-1]
    assert customer_steps(lead) == [
        ("booked", "booking_pending", "customer_reschedule"),
        ("booking_pending", "booked", "moved_by_customer"),
    ]


def test_no_free_move_left_asks_first_and_a_yes_forfeits_the_deposit_when_the_new_time_lands(booked: Any) -> None:
    lead, _ana, says = booked(reschedule_notice_hours=12)
    Lead.objects.filter(pk=lead.pk).update(reschedules_used=1)
    [ask] = says("I need to change the date")
    assert "already used your free move" in ask
    assert "£150 deposit is forfeited" in ask
    assert Lead.objects.get(pk=lead.pk).status == "booked"  # nothing until the YES

    ana_reply = says("yes")
    lead.refresh_from_db()
    assert lead.status == "booking_pending"
    assert "stays booked until you pick" in ana_reply[-1]
    assert Deposit.objects.get(lead=lead).forfeited_at is None  # not yet: the old time still stands

    says("1")
    deposit = Deposit.objects.get(lead=lead)
    assert (deposit.forfeit_reason, deposit.forfeited_at is not None) == ("late_reschedule", True)
    assert Lead.objects.get(pk=lead.pk).status == "booked"
    assert customer_steps(lead)[0] == ("booked", "booking_pending", "customer_late_reschedule")


def test_a_late_move_explained_and_declined_changes_nothing(booked: Any) -> None:
    lead, _, says = booked()  # 72 h notice; the booking is 28 h ahead
    old = active(lead)
    [ask] = says("can't make it on Thursday, sorry")
    assert "less than 72 hours away" in ask
    [kept] = says("no")
    assert "nothing changes" in kept
    lead.refresh_from_db()
    assert (lead.status, lead.change_request, active(lead).pk) == ("booked", "", old.pk)
    assert Deposit.objects.get(lead=lead).forfeited_at is None
    assert customer_steps(lead) == []


def test_a_late_move_goes_to_the_artist_when_the_policy_says_so(booked: Any) -> None:
    Artist.objects.update(policy_overrides={"late_change_rule": "artist"})
    lead, _, says = booked()
    [reply] = says("reschedule")
    assert "call" in reply
    lead.refresh_from_db()
    assert (lead.status, lead.needs_artist, lead.handover_reason) == ("booked", True, "customer_reschedule")
    assert artist_texts(lead)[-1].startswith("Your call:")


def test_a_cancellation_with_enough_notice_is_confirmed_then_refunded_through_stripe(
    booked: Any, fake_stripe: FakeStripe
) -> None:
    lead, _ana, says = booked(refund_notice_days=1)
    [ask] = says("cancel please")
    assert "will be refunded" in ask
    with_yes = says("YES")
    lead.refresh_from_db()
    assert lead.status == "cancelled"
    appointment = Appointment.objects.get(lead=lead)
    assert (appointment.status, appointment.released_by) == ("cancelled", "customer")
    deposit = Deposit.objects.get(lead=lead)
    assert deposit.refund_requested_at is not None
    assert deposit.refund_id  # the task ran after commit against the fake Stripe
    assert len(fake_stripe.refunds) == 1
    assert "being refunded" in with_yes[-1]
    assert artist_texts(lead)[-1].startswith("Cancelled by the customer")
    assert customer_steps(lead) == [("booked", "cancelled", "customer_cancel_refund")]


def test_a_late_cancellation_forfeits_the_deposit_after_the_customer_taps_yes(
    booked: Any, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    lead, ana, says = booked()
    [ask] = says("I have to cancel, sorry")
    assert "deposit is forfeited" in ask
    with django_capture_on_commit_callbacks(execute=True):
        ana.taps("change_yes", "YES")
    lead.refresh_from_db()
    deposit = Deposit.objects.get(lead=lead)
    assert lead.status == "cancelled"
    assert (deposit.forfeit_reason, deposit.refund_requested_at) == ("customer_late_cancel", None)
    assert fake_stripe.refunds == []
    assert "kept for a late cancellation" in customer_texts(lead)[-1]


def test_a_look_alike_is_kept_for_the_artist(booked: Any) -> None:
    lead, _, says = booked()
    [holding] = says("can I bring a friend?")
    assert "The Artist" in holding
    lead.refresh_from_db()
    assert (lead.status, lead.change_request) == ("booked", "")
    assert "can I bring a friend?" in artist_texts(lead)[-1]


def test_a_yes_long_after_the_question_is_not_an_answer(booked: Any, frozen_clock: Any) -> None:
    lead, _, says = booked()
    says("cancel")
    frozen_clock.shift(timedelta(hours=25))
    says("yes")
    assert Lead.objects.get(pk=lead.pk).status == "booked"


def test_48_hours_without_a_pick_keep_the_held_appointment(booked: Any, frozen_clock: Any) -> None:
    lead, _, says = booked(pick="5", reschedule_notice_hours=12)  # a few days ahead
    old = active(lead)
    replies = says("could we do another day?")
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending", replies
    frozen_clock.shift(timedelta(hours=47))
    assert held_moves_expire(now=NOW + timedelta(hours=47)) == 0
    frozen_clock.shift(timedelta(hours=2))
    later = NOW + timedelta(hours=49)
    assert booking_reminders(now=later) == 0  # not the "pick a time" reminder: the booking stands instead
    assert held_moves_expire(now=later) == 1
    assert held_moves_expire(now=later) == 0
    lead.refresh_from_db()
    assert (lead.status, active(lead).pk, lead.offered_slots, lead.change_request) == ("booked", old.pk, [], "")
    assert "stays as it is" in customer_texts(lead)[-1]
    assert StatusChange.objects.filter(lead=lead, reason="reschedule_not_picked", actor="timer").exists()


def test_a_held_appointment_about_to_start_stands_without_waiting_48_hours(booked: Any, frozen_clock: Any) -> None:
    lead, _, says = booked(reschedule_notice_hours=12)  # Thu 13:00, 28 h ahead
    says("can I change my appointment to another day?")
    assert Lead.objects.get(pk=lead.pk).status == "booking_pending"
    soon = NOW + timedelta(hours=5)  # the held time is now closer than the minimum notice (24 h)
    frozen_clock.move_to(soon)
    assert held_moves_expire(now=soon) == 1
    assert Lead.objects.get(pk=lead.pk).status == "booked"


def test_the_artist_cancelling_after_the_customer_started_a_move_gets_409(booked: Any, staff_client: Any) -> None:
    lead, _, says = booked(reschedule_notice_hours=12)
    says("can I move my appointment?")
    response = staff_client.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["status"] == "booking_pending"
    assert active(lead).status == "active"


def test_a_move_asked_after_the_artist_cancelled_is_kept_for_the_artist(booked: Any, staff_client: Any) -> None:
    lead, _, says = booked(reschedule_notice_hours=12)
    assert staff_client.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json").status_code == 200
    [cancelled] = says("can I move my appointment?")  # only the artist's cancellation, written before
    assert "cancelled" in cancelled
    lead.refresh_from_db()
    assert lead.status == "cancelled"
    assert "can I move my appointment?" in artist_texts(lead)[-1]


@pytest.mark.parametrize("change", ["cancel", "move"])
def test_a_time_the_customer_frees_is_offered_to_a_customer_waiting_for_it(
    booked: Any, make_lead: Any, change: str
) -> None:
    lead, _, says = booked(reschedule_notice_hours=12, refund_notice_days=1)
    freed = active(lead)
    waiting = make_lead(
        status="collecting_time_windows",
        artist=lead.artist,
        size_category="small",
        time_windows=[{"text": "Thursday afternoons", "at": NOW.isoformat()}],
    )
    if change == "cancel":
        says("cancel please")
        says("yes")
    else:
        says("can I move my appointment?")
        says("1")  # the new pick releases the held time
    waiting.refresh_from_db()
    assert waiting.status == "booking_pending"
    assert offered(waiting)[0][0] == freed.start


def test_a_deposit_forfeited_by_a_late_move_is_not_refunded_by_a_later_cancellation(
    booked: Any, fake_stripe: FakeStripe
) -> None:
    lead, _, says = booked(reschedule_notice_hours=12, refund_notice_days=1)
    Lead.objects.filter(pk=lead.pk).update(reschedules_used=1)  # no free move left
    says("need to change the date")
    says("yes")
    says("5")  # a later day: the move lands and the deposit is forfeited
    assert Deposit.objects.get(lead=lead).forfeit_reason == "late_reschedule"
    [ask] = says("cancel please")
    assert "no deposit left to refund" in ask
    cancelled = says("yes")
    deposit = Deposit.objects.get(lead=lead)
    assert Lead.objects.get(pk=lead.pk).status == "cancelled"
    assert deposit.refund_requested_at is None
    assert fake_stripe.refunds == []
    assert "being refunded" not in cancelled[-1]


def test_a_yes_after_the_refund_notice_ran_out_asks_again_with_the_new_terms(
    booked: Any, frozen_clock: Any, fake_stripe: FakeStripe
) -> None:
    lead, _, says = booked(pick="5")
    start = active(lead).start
    StudioSettings.objects.filter(pk=1).update(refund_notice_days=2)
    frozen_clock.move_to(start - timedelta(days=2, minutes=30))  # just over the refund notice
    [ask] = says("I want to cancel")
    assert "will be refunded" in ask
    frozen_clock.move_to(start - timedelta(days=2) + timedelta(minutes=30))  # now inside it
    [again] = says("yes")
    assert "deposit is forfeited" in again
    assert Lead.objects.get(pk=lead.pk).status == "booked"  # nothing done on a promise that changed
    says("yes")
    assert Lead.objects.get(pk=lead.pk).status == "cancelled"
    assert Deposit.objects.get(lead=lead).forfeit_reason == "customer_late_cancel"
    assert fake_stripe.refunds == []


def test_cancelar_alone_asks_to_cancel_the_booking_and_sim_confirms_it(booked: Any) -> None:
    lead, _, says = booked(refund_notice_days=1)
    [ask] = says("CANCELAR")
    assert "cancel your appointment" in ask
    lead.refresh_from_db()
    assert (lead.status, lead.customer.opted_out) == ("booked", False)
    says("sim")
    assert Lead.objects.get(pk=lead.pk).status == "cancelled"


def test_never_mind_while_choosing_keeps_the_booking(booked: Any) -> None:
    lead, _, says = booked(reschedule_notice_hours=12)
    old = active(lead)
    says("can I move my appointment?")
    [kept] = says("never mind")
    assert "stays as it is" in kept
    lead.refresh_from_db()
    assert (lead.status, lead.change_request, lead.offered_slots, active(lead).pk) == ("booked", "", [], old.pk)
    assert customer_steps(lead)[-1] == ("booking_pending", "booked", "customer_kept")
    assert lead.reschedules_used == 0  # nothing moved: no move counted


def test_the_artist_refunding_a_deposit_already_forfeited_tells_the_customer_nothing_false(
    booked: Any, staff_client: Any, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    lead, _, says = booked(reschedule_notice_hours=12)
    Lead.objects.filter(pk=lead.pk).update(reschedules_used=1)
    says("need to change the date")
    says("yes")
    says("5")  # the late move lands: the deposit is forfeited
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/api/leads/{lead.pk}/cancel/", {"refund_deposit": True}, format="json")
    assert response.status_code == 200
    assert Deposit.objects.get(lead=lead).refund_requested_at is None
    assert fake_stripe.refunds == []
    assert "being refunded" not in customer_texts(lead)[-1]

"""Two customers pick the same slot at the same moment (real threads, PostgreSQL): one books it."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from conversations.models import OutboundMessage
from leads.booking.rules import offered
from leads.models import Appointment, Lead, SystemEvent
from tests.conversations.chat import Customer
from tests.parallel import run_parallel
from tests.payments.conftest import event_for, post_event, session_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize("gap", ["same-slot", "inside-the-buffer"])
def test_one_of_two_simultaneous_picks_books_the_other_gets_fresh_slots(approved: Any, settings: Any, gap: str) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    with time_machine.travel(NOW, tick=False):
        leads = []
        for _ in range(2):
            lead, deposit = approved()
            post_event(Client(), event_for("checkout.session.completed", session_of(deposit)))
            leads.append(lead)
        # on_commit ran the offer task for each (transactional test): both are offered the same times.
        for lead in leads:
            lead.refresh_from_db()
            assert lead.status == "booking_pending"
        assert offered(leads[0]) == offered(leads[1])
        picks = ["1", "1"] if gap == "same-slot" else ["1", "2"]
        if gap == "inside-the-buffer":
            # Slot 2 of the second lead starts 3 h after slot 1 of the first: move it to overlap the buffer.
            first_start, first_end = offered(leads[0])[0]
            leads[1].offered_slots[1] = {
                "start": first_end.isoformat(),
                "end": (first_end + (first_end - first_start)).isoformat(),
            }
            leads[1].save(update_fields=["offered_slots"])

        customers = [Customer(Client(), phone=str(lead.customer.wa_id)) for lead in leads]
        run_parallel([partial(c.says, text) for c, text in zip(customers, picks, strict=True)])
    statuses = sorted(Lead.objects.filter(pk__in=[lead.pk for lead in leads]).values_list("status", flat=True))
    assert statuses == ["booked", "booking_pending"]
    assert Appointment.objects.filter(status="active").count() == 1
    loser = Lead.objects.get(pk__in=[lead.pk for lead in leads], status="booking_pending")
    fresh = OutboundMessage.objects.filter(lead=loser).order_by("id").last()
    assert fresh is not None
    assert fresh.text.startswith("Sorry, someone took that time")
    taken = Appointment.objects.get(status="active")
    assert all(abs((s - taken.start).total_seconds()) >= 3600 * 2 for s, _ in offered(loser))
    assert SystemEvent.objects.filter(type="slot_conflict", lead=loser).count() == 1


def test_the_customer_moving_while_the_artist_cancels_one_wins_the_other_gets_a_clear_answer(
    approved: Any, settings: Any
) -> None:
    """The customer's turn and the artist's cancel both lock the lead: whichever comes second sees the
    other's result — the artist a 409 with the status, or the customer's message kept for the artist of
    a cancelled booking (the customer has the cancellation)."""
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    from leads.models import StudioSettings

    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    StudioSettings.objects.filter(pk=1).update(reschedule_notice_hours=12)
    with time_machine.travel(NOW, tick=False):
        lead, deposit = approved()
        post_event(Client(), event_for("checkout.session.completed", session_of(deposit)))
        customer = Customer(Client(), phone=str(lead.customer.wa_id))
        customer.says("2")
        assert Lead.objects.get(pk=lead.pk).status == "booked"
        staff = APIClient()
        staff.force_login(User.objects.create_user("artist-c", password="pw-artist-c-1", is_staff=True))

        def artist_cancels() -> int:
            return int(staff.post(f"/api/leads/{lead.pk}/cancel/", {}, format="json").status_code)

        def customer_moves() -> list[str]:
            return customer.says("can I move my appointment?")

        cancel_status, _ = run_parallel([artist_cancels, customer_moves])
    lead.refresh_from_db()
    appointments = list(Appointment.objects.filter(lead=lead).values_list("status", flat=True))
    if cancel_status == 200:
        assert lead.status == "cancelled"
        assert appointments == ["cancelled"]
        assert any(
            "cancelled" in text for text in OutboundMessage.objects.filter(lead=lead).values_list("text", flat=True)
        )
    else:
        assert cancel_status == 409
        assert lead.status == "booking_pending"
        assert appointments == ["active"]  # held for the customer's new pick

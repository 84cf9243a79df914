"""The consent form's timers under time-machine: the link once, the studio's lead time (48 h) before the
appointment; one reminder 24 h before if still unsigned; nothing once signed, nothing to an opted-out customer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from conversations.models import OutboundMessage, OutboundPurpose
from leads import timers
from leads.booking.consent import consent_token
from leads.models import Appointment, ConsentForm, Customer, Lead, StudioSettings
from leads.tasks import run_timer
from tattoobot.beat import BEAT_SCHEDULE
from tests.conftest import clear_cache_namespace
from tests.parallel import run_parallel

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
START = T0 + timedelta(days=4)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache_namespace()


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def booked(make_lead: Callable[..., Lead], start: datetime = START, status: str = "active") -> Appointment:
    lead = make_lead(status="booked")
    return Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=2), status=status)


def texts(appointment: Appointment) -> list[str]:
    rows = OutboundMessage.objects.filter(lead=appointment.lead, purpose=OutboundPurpose.NEXT_STEPS).order_by("id")
    return [row.text for row in rows]


def test_both_timers_are_on_the_beat_schedule() -> None:
    scheduled = {entry["args"][0] for entry in BEAT_SCHEDULE.values() if entry["task"] == "leads.run_timer"}
    assert {"consent_links", "consent_reminders"} <= scheduled


def test_the_link_goes_once_48_hours_before(make_lead: Callable[..., Lead], clock: Any, settings: Any) -> None:
    settings.PUBLIC_BASE_URL = "https://studio.test"
    appointment = booked(make_lead)
    clock.move_to(START - timedelta(hours=48, minutes=1))
    assert run_timer("consent_links") == 0
    assert not ConsentForm.objects.exists()

    clock.move_to(START - timedelta(hours=48))
    assert run_timer("consent_links") == 1
    clock.move_to(START - timedelta(hours=47))
    assert run_timer("consent_links") == 0  # one form per appointment: never twice
    form = ConsentForm.objects.get()
    assert (form.lead, form.appointment, form.sent_at) == (appointment.lead, appointment, START - timedelta(hours=48))
    [text] = texts(appointment)
    assert f"https://studio.test/consent/{consent_token(form)}" in text
    assert "Sun 6 Dec, 09:00–11:00" in text
    assert "London time" in text


def test_the_studio_sets_the_lead_time(make_lead: Callable[..., Lead], clock: Any) -> None:
    StudioSettings.objects.filter(pk=1).update(consent_lead_hours=72)
    appointment = booked(make_lead)
    clock.move_to(START - timedelta(hours=72))
    assert run_timer("consent_links") == 1
    assert len(texts(appointment)) == 1


def test_one_reminder_24_hours_before_if_unsigned(make_lead: Callable[..., Lead], clock: Any) -> None:
    appointment = booked(make_lead)
    clock.move_to(START - timedelta(hours=48))
    run_timer("consent_links")
    clock.move_to(START - timedelta(hours=24, minutes=1))
    assert run_timer("consent_reminders") == 0
    clock.move_to(START - timedelta(hours=24))
    assert run_timer("consent_reminders") == 1
    clock.move_to(START - timedelta(hours=10))
    assert run_timer("consent_reminders") == 0
    _link, reminder = texts(appointment)
    form = ConsentForm.objects.get()
    assert form.reminded_at == START - timedelta(hours=24)
    assert consent_token(form) in reminder
    assert "consent form" in reminder


def test_no_reminder_once_signed(make_lead: Callable[..., Lead], clock: Any) -> None:
    appointment = booked(make_lead)
    clock.move_to(START - timedelta(hours=48))
    run_timer("consent_links")
    ConsentForm.objects.update(signed_at=START - timedelta(hours=30), typed_name="Ana Lima")
    clock.move_to(START - timedelta(hours=24))
    assert run_timer("consent_reminders") == 0
    assert len(texts(appointment)) == 1
    assert ConsentForm.objects.get().reminded_at is None


def test_a_link_sent_inside_the_last_24_hours_is_its_own_reminder(make_lead: Callable[..., Lead], clock: Any) -> None:
    """Booked 20 h ahead: the link goes at once, and no reminder follows it minutes later."""
    appointment = booked(make_lead, start=T0 + timedelta(hours=20))
    assert run_timer("consent_links") == 1
    clock.shift(timedelta(minutes=15))
    assert run_timer("consent_reminders") == 0
    assert len(texts(appointment)) == 1


def test_nothing_to_an_opted_out_customer(make_lead: Callable[..., Lead], clock: Any) -> None:
    appointment = booked(make_lead)
    Customer.objects.filter(pk=appointment.lead.customer_id).update(opted_out=True)
    clock.move_to(START - timedelta(hours=48))
    assert run_timer("consent_links") == 0
    clock.move_to(START - timedelta(hours=24))
    assert run_timer("consent_reminders") == 0
    assert texts(appointment) == []
    assert not ConsentForm.objects.exists()


def test_a_customer_who_opts_out_after_the_link_gets_no_reminder(make_lead: Callable[..., Lead], clock: Any) -> None:
    appointment = booked(make_lead)
    clock.move_to(START - timedelta(hours=48))
    run_timer("consent_links")
    Customer.objects.filter(pk=appointment.lead.customer_id).update(opted_out=True)
    clock.move_to(START - timedelta(hours=24))
    assert run_timer("consent_reminders") == 0
    assert len(texts(appointment)) == 1


def test_a_link_the_outbox_refuses_keeps_no_form_and_goes_later(make_lead: Callable[..., Lead], clock: Any) -> None:
    """Panic mode: the outbox refuses every message; the form is not kept, so the link goes after."""
    appointment = booked(make_lead)
    StudioSettings.objects.filter(pk=1).update(panic_mode=True)
    clock.move_to(START - timedelta(hours=48))
    assert run_timer("consent_links") == 0
    assert not ConsentForm.objects.exists()
    assert texts(appointment) == []
    StudioSettings.objects.filter(pk=1).update(panic_mode=False)
    clock.move_to(START - timedelta(hours=40))
    assert run_timer("consent_links") == 1
    assert len(texts(appointment)) == 1


def test_no_link_for_a_released_or_past_appointment(make_lead: Callable[..., Lead], clock: Any) -> None:
    booked(make_lead, start=T0 + timedelta(hours=30), status="released")
    booked(make_lead, start=T0 - timedelta(hours=1))
    assert run_timer("consent_links") == 0
    assert not OutboundMessage.objects.filter(purpose=OutboundPurpose.NEXT_STEPS).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_once_send_each_link_and_reminder_once(make_lead: Callable[..., Lead]) -> None:
    with time_machine.travel(T0, tick=False):
        soon = [booked(make_lead, start=T0 + timedelta(hours=25 + 2 * i)) for i in range(8)]  # one chair: back to back
        reminded = [booked(make_lead, start=T0 + timedelta(hours=1 + 2 * i)) for i in range(8)]
        for appointment in reminded:
            ConsentForm.objects.create(lead=appointment.lead, appointment=appointment, sent_at=T0 - timedelta(hours=30))

        def beat() -> None:
            for name in ("consent_links", "consent_reminders"):
                timers.TIMERS[name](now=timezone.now())

        run_parallel([beat, beat, beat])
    assert ConsentForm.objects.filter(appointment__in=soon).count() == len(soon)
    for appointment in [*soon, *reminded]:
        assert len(texts(appointment)) == 1

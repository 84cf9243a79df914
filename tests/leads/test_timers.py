"""The timers (docs/operations.md) under time-machine: each fires once at the right moment, never twice, never to
opted-out customers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose
from leads import timers
from leads.models import Appointment, Customer, Lead, StudioSettings, SystemEvent
from leads.tasks import run_timer
from tattoobot.beat import BEAT_SCHEDULE
from tests.conftest import clear_cache_namespace, force_status
from tests.parallel import run_parallel

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
ARTIST = "+447700900999"


@pytest.fixture(autouse=True)
def settings_for_timers(settings: Any) -> None:
    settings.ARTIST_WHATSAPP_NUMBER = ARTIST
    clear_cache_namespace()


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def rows(lead: Lead, purpose: str) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(lead=lead, purpose=purpose).order_by("id"))


def qualifying_lead(make_lead: Any, *, wrote_at: datetime, **fields: Any) -> Lead:
    lead: Lead = make_lead(status="qualifying", current_question="placement", **fields)
    Lead.objects.filter(pk=lead.pk).update(last_inbound_at=wrote_at, status_changed_at=wrote_at)
    Customer.objects.filter(pk=lead.customer_id).update(last_inbound_at=wrote_at)
    lead.refresh_from_db()
    return lead


def test_every_timer_is_on_the_beat_schedule() -> None:
    scheduled = {entry["args"][0] for entry in BEAT_SCHEDULE.values() if entry["task"] == "leads.run_timer"}
    assert scheduled == set(timers.TIMERS)
    assert BEAT_SCHEDULE["outbox-sweeper"]["schedule"] == 60
    assert BEAT_SCHEDULE["deposit-reminders"]["task"] == "payments.send_deposit_reminders"


# --- qualifying ------------------------------------------------------------------------------


def test_one_nudge_at_20_hours_inside_the_window(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    clock.move_to(T0 + timedelta(hours=19, minutes=59))
    assert run_timer("qualifying_nudges") == 0
    clock.move_to(T0 + timedelta(hours=20))
    assert run_timer("qualifying_nudges") == 1
    clock.move_to(T0 + timedelta(hours=21))
    run_timer("qualifying_nudges")  # a rerun: the same idle period, nothing more
    [nudge] = rows(lead, OutboundPurpose.NUDGE)
    assert "Where on your body would it go?" in nudge.text
    assert nudge.idempotency_key == f"nudge:{lead.pk}:{int(T0.timestamp())}"


def test_no_nudge_once_the_window_has_closed(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    clock.move_to(T0 + timedelta(hours=24))
    run_timer("qualifying_nudges")
    assert rows(lead, OutboundPurpose.NUDGE) == []


def test_a_new_message_starts_a_new_idle_period(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    clock.move_to(T0 + timedelta(hours=20))
    run_timer("qualifying_nudges")
    later = T0 + timedelta(hours=22)
    Lead.objects.filter(pk=lead.pk).update(last_inbound_at=later)
    clock.move_to(later + timedelta(hours=20))
    run_timer("qualifying_nudges")
    assert len(rows(lead, OutboundPurpose.NUDGE)) == 2


def test_no_nudge_for_an_opted_out_customer(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    Customer.objects.filter(pk=lead.customer_id).update(opted_out=True)
    clock.move_to(T0 + timedelta(hours=20))
    run_timer("qualifying_nudges")
    assert rows(lead, OutboundPurpose.NUDGE) == []


def test_no_nudge_in_panic_mode(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    StudioSettings.objects.update(panic_mode=True)
    clock.move_to(T0 + timedelta(hours=20))
    run_timer("qualifying_nudges")
    assert rows(lead, OutboundPurpose.NUDGE) == []


@pytest.mark.parametrize("status", ["qualifying", "needs_follow_up", "tour_conversion_offered"])
def test_abandoned_at_72_hours(make_lead: Any, clock: Any, status: str) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    force_status(lead, status)
    clock.move_to(T0 + timedelta(hours=71, minutes=59))
    run_timer("abandon_idle")
    assert Lead.objects.get(pk=lead.pk).status == status
    clock.move_to(T0 + timedelta(hours=72))
    assert run_timer("abandon_idle") == 1
    assert run_timer("abandon_idle") == 0
    lead.refresh_from_db()
    assert lead.status == "abandoned"
    assert lead.history.filter(to_status="abandoned", actor="timer").count() == 1


def test_other_statuses_are_never_abandoned(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    force_status(lead, "pending_approval")
    clock.move_to(T0 + timedelta(days=5))
    run_timer("abandon_idle")
    assert Lead.objects.get(pk=lead.pk).status == "pending_approval"


# --- booking and appointments --------------------------------------------------------------------


def booking_lead(make_lead: Any, at: datetime) -> Lead:
    lead: Lead = make_lead(status="booking_pending", size_category="small")
    start = T0 + timedelta(days=3)
    Lead.objects.filter(pk=lead.pk).update(
        status_changed_at=at,
        offered_slots=[{"start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat()}],
    )
    lead.refresh_from_db()
    return lead


def test_one_booking_reminder_after_48_hours_with_the_slots(make_lead: Any, clock: Any) -> None:
    lead = booking_lead(make_lead, T0)
    clock.move_to(T0 + timedelta(hours=47))
    run_timer("booking_reminders")
    assert rows(lead, OutboundPurpose.BOOKING_REMINDER) == []
    clock.move_to(T0 + timedelta(hours=48))
    run_timer("booking_reminders")
    clock.move_to(T0 + timedelta(hours=60))
    run_timer("booking_reminders")
    [reminder] = rows(lead, OutboundPurpose.BOOKING_REMINDER)
    assert reminder.kind == OutboundKind.LIST
    assert reminder.text.startswith("Just a reminder to pick a time")
    assert "1. Sat 5 Dec, 09:00–11:00" in reminder.text


def test_one_appointment_reminder_48_hours_before(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="booked")
    start = T0 + timedelta(days=4)
    appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=2))
    clock.move_to(start - timedelta(hours=48, minutes=1))
    run_timer("appointment_reminders")
    assert rows(lead, OutboundPurpose.APPOINTMENT_REMINDER) == []
    clock.move_to(start - timedelta(hours=48))
    assert run_timer("appointment_reminders") == 1
    clock.move_to(start - timedelta(hours=30))
    assert run_timer("appointment_reminders") == 0
    [reminder] = rows(lead, OutboundPurpose.APPOINTMENT_REMINDER)
    assert "Sun 6 Dec, 09:00–11:00 (London time)" in reminder.text
    assert reminder.payload["template_parameters"] == ["Test", "Sun 6 Dec, 09:00–11:00"]
    appointment.refresh_from_db()
    assert appointment.reminded_at is not None


def test_the_appointment_reminder_goes_as_a_template_outside_the_window(
    make_lead: Any, clock: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WHATSAPP_TEMPLATES = {**settings.WHATSAPP_TEMPLATES, "appointment_reminder": "appt_reminder_v1"}
    lead = make_lead(status="booked")  # the customer never wrote: the window is closed
    start = T0 + timedelta(days=2)
    Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        run_timer("appointment_reminders")
    [reminder] = rows(lead, OutboundPurpose.APPOINTMENT_REMINDER)
    assert (reminder.kind, reminder.template_name, reminder.state) == ("template", "appt_reminder_v1", "sent")
    assert reminder.payload["parameters"] == ["Test", "Fri 4 Dec, 09:00–11:00"]


def test_no_appointment_reminder_for_a_released_appointment_or_an_opted_out_customer(
    make_lead: Any, clock: Any
) -> None:
    start = T0 + timedelta(days=1)
    released = make_lead(status="booking_pending")
    Appointment.objects.create(lead=released, start=start, end=start + timedelta(hours=2), status="released")
    opted = make_lead(status="booked")
    Customer.objects.filter(pk=opted.customer_id).update(opted_out=True)
    Appointment.objects.create(lead=opted, start=start + timedelta(hours=3), end=start + timedelta(hours=5))
    run_timer("appointment_reminders")
    assert not OutboundMessage.objects.filter(purpose=OutboundPurpose.APPOINTMENT_REMINDER).exists()


# --- the artist --------------------------------------------------------------------------------------------


def waiting_lead(make_lead: Any, status: str, since: datetime) -> Lead:
    lead: Lead = make_lead(status=status)
    Lead.objects.filter(pk=lead.pk).update(status_changed_at=since)
    lead.refresh_from_db()
    return lead


def test_each_artist_is_reminded_of_its_own_leads(make_lead: Any, clock: Any) -> None:
    from leads.models import Artist

    kai = Artist.objects.create(name="Kai", whatsapp_number="+447700900555", position=1)
    studio_lead = waiting_lead(make_lead, "pending_approval", T0)
    kais = waiting_lead(make_lead, "needs_artist_reply", T0)
    Lead.objects.filter(pk__in=[studio_lead.pk, kais.pk]).update(artist=None)
    Lead.objects.filter(pk=kais.pk).update(artist=kai)
    clock.move_to(T0 + timedelta(hours=25))
    run_timer("artist_reminders")
    [to_kai] = rows(kais, OutboundPurpose.ARTIST_ALERT)
    assert to_kai.to == "+447700900555"
    [unassigned] = rows(studio_lead, OutboundPurpose.ARTIST_ALERT)
    assert unassigned.to == ARTIST  # nobody's yet: the studio's number


def test_artist_reminder_once_a_day_with_one_tap_buttons(make_lead: Any, clock: Any) -> None:
    lead = waiting_lead(make_lead, "pending_approval", T0)
    clock.move_to(T0 + timedelta(hours=23))
    run_timer("artist_reminders")
    assert rows(lead, OutboundPurpose.ARTIST_ALERT) == []
    clock.move_to(T0 + timedelta(hours=24))
    run_timer("artist_reminders")
    clock.move_to(T0 + timedelta(hours=26))
    run_timer("artist_reminders")
    [first] = rows(lead, OutboundPurpose.ARTIST_ALERT)
    assert first.to == ARTIST
    assert first.text.startswith("Still waiting for you (1 day)")
    assert [b["title"] for b in first.payload["buttons"]] == ["Approve", "Reject", "Open"]
    clock.move_to(T0 + timedelta(days=2))
    run_timer("artist_reminders")
    assert len(rows(lead, OutboundPurpose.ARTIST_ALERT)) == 2


def test_stale_after_seven_days(make_lead: Any, clock: Any) -> None:
    pending = waiting_lead(make_lead, "pending_approval", T0)
    handed = waiting_lead(make_lead, "needs_artist_reply", T0)
    clock.move_to(T0 + timedelta(days=6, hours=23))
    run_timer("stale_leads")
    assert Lead.objects.get(pk=pending.pk).status == "pending_approval"
    clock.move_to(T0 + timedelta(days=7))
    assert run_timer("stale_leads") == 2
    assert {Lead.objects.get(pk=pending.pk).status, Lead.objects.get(pk=handed.pk).status} == {"stale"}
    run_timer("artist_reminders")
    assert rows(pending, OutboundPurpose.ARTIST_ALERT) == []


def test_system_events_older_than_90_days_are_purged(clock: Any) -> None:
    old = SystemEvent.objects.create(type="x")
    SystemEvent.objects.filter(pk=old.pk).update(created_at=T0 - timedelta(days=91))
    recent = SystemEvent.objects.create(type="y")
    SystemEvent.objects.filter(pk=recent.pk).update(created_at=T0 - timedelta(days=89))
    assert run_timer("system_events_purge") == 1
    assert list(SystemEvent.objects.values_list("type", flat=True)) == ["y"]


def test_timers_work_in_bounded_batches(make_lead: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timers, "BATCH", 3)
    for _ in range(5):
        waiting_lead(make_lead, "pending_approval", T0 - timedelta(days=8))
    assert run_timer("stale_leads") == 3
    assert run_timer("stale_leads") == 2
    assert run_timer("stale_leads") == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_once_send_each_reminder_once(make_lead: Any) -> None:
    with time_machine.travel(T0, tick=False):
        leads = [waiting_lead(make_lead, "pending_approval", T0 - timedelta(hours=30)) for _ in range(10)]
        nudged = [qualifying_lead(make_lead, wrote_at=T0 - timedelta(hours=21)) for _ in range(10)]

        def beat() -> None:
            for name in ("artist_reminders", "qualifying_nudges"):
                timers.TIMERS[name](now=timezone.now())

        run_parallel([beat, beat])
    for lead in leads:
        assert len(rows(lead, OutboundPurpose.ARTIST_ALERT)) == 1
    for lead in nudged:
        assert len(rows(lead, OutboundPurpose.NUDGE)) == 1


def test_a_lead_left_alone_is_nudged_once_then_abandoned(make_lead: Any, clock: Any) -> None:
    lead = qualifying_lead(make_lead, wrote_at=T0)
    for hours in range(0, 80):  # beat, hour by hour, running every timer
        clock.move_to(T0 + timedelta(hours=hours))
        for name in timers.TIMERS:
            run_timer(name)
    lead.refresh_from_db()
    assert lead.status == "abandoned"
    [nudge] = rows(lead, OutboundPurpose.NUDGE)
    assert nudge.created_at == T0 + timedelta(hours=20)
    assert lead.history.get(to_status="abandoned").at == T0 + timedelta(hours=72)

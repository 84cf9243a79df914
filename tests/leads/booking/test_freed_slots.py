"""A time freed by the artist's cancel or reschedule is offered to the artist's waiting leads
(docs/booking.md, "Freed slots"): windows first, then leads idle in booking_pending; first pick wins."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from conversations.models import OutboundKind, OutboundMessage
from leads.artist.bookings import lead_cancel, lead_reschedule
from leads.booking.freed import FREED_SLOT_TASK
from leads.booking.freed_offers import freed_slot_offer
from leads.booking.rules import offered
from leads.booking.sweep import booking_sweep
from leads.models import Appointment, Artist, Lead, StatusChange, StudioSettings
from leads.models import Customer as CustomerRow
from tests.conversations.chat import Customer
from tests.fakes.google_calendar import FakeGoogleCalendar
from tests.leads.booking.conftest import CALENDAR

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # Wednesday
FRIDAY_10 = datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mia() -> Artist:
    return Artist.objects.get()


@pytest.fixture
def kai() -> Artist:
    return Artist.objects.create(name="Kai", calendar_id="kai@example.com", position=1)


@pytest.fixture
def booking(make_lead: Any, mia: Artist) -> Any:
    """A booked lead of ``artist`` with an appointment at ``start`` (medium: three hours)."""

    def make(start: datetime = FRIDAY_10, hours: int = 3, artist: Artist | None = None) -> Appointment:
        lead = make_lead(status="booked", artist=artist or mia, size_category="medium")
        return Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=hours))

    return make


@pytest.fixture
def waiting(make_lead: Any, mia: Artist) -> Any:
    """A lead of ``artist`` in collecting_time_windows with the customer's ``windows``."""

    def make(*windows: str, artist: Artist | None = None, size: str = "medium") -> Lead:
        said = [{"text": text, "at": (NOW - timedelta(days=3)).isoformat()} for text in windows]
        lead: Lead = make_lead(
            status="collecting_time_windows", artist=artist or mia, size_category=size, time_windows=said
        )
        return lead

    return make


@pytest.fixture
def pending(make_lead: Any, mia: Artist) -> Any:
    """A lead of ``artist`` in booking_pending for ``idle``, two slots on offer (Tue and Wed next week)."""

    def make(idle: timedelta, artist: Artist | None = None, size: str = "small") -> Lead:
        slots = [datetime(2026, 12, 8, 10, tzinfo=LONDON), datetime(2026, 12, 9, 10, tzinfo=LONDON)]
        lead: Lead = make_lead(
            status="booking_pending",
            artist=artist or mia,
            size_category=size,
            offered_slots=[{"start": s.isoformat(), "end": (s + timedelta(hours=2)).isoformat()} for s in slots],
        )
        Lead.objects.filter(pk=lead.pk).update(status_changed_at=NOW - idle)
        lead.refresh_from_db()
        return lead

    return make


def cancel(appointment: Appointment, capture: Any) -> list[Any]:
    with capture(execute=True) as callbacks:
        lead_cancel(lead_id=appointment.lead_id, actor="artist:test")
    return list(callbacks)


def freed_offers(lead: Lead) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(lead=lead, idempotency_key__startswith="freed:"))


def wall(lead: Lead) -> list[str]:
    lead.refresh_from_db()
    return [f"{s.astimezone(LONDON):%a %d %H:%M}–{e.astimezone(LONDON):%H:%M}" for s, e in offered(lead)]


def test_a_cancel_offers_the_time_to_a_lead_whose_windows_fit_and_not_to_others(
    booking: Any, waiting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    fridays = waiting("Friday mornings")
    weekends = waiting("weekends only")
    cancel(booking(), django_capture_on_commit_callbacks)
    fridays.refresh_from_db()
    assert fridays.status == "booking_pending"
    assert wall(fridays) == ["Fri 04 10:00–13:00"]
    change = StatusChange.objects.filter(lead=fridays).latest("id")
    assert (change.to_status, change.reason, change.actor) == ("booking_pending", "freed_slot", "bot")
    [message] = freed_offers(fridays)
    assert message.kind == OutboundKind.LIST
    assert "1. Fri 4 Dec, 10:00–13:00" in message.text
    assert "It fits the times you mentioned. It goes to whoever picks it first." in message.text
    assert [r["id"] for r in message.payload["sections"][0]["rows"]] == ["slot:1"]
    weekends.refresh_from_db()
    assert (weekends.status, weekends.offered_slots, freed_offers(weekends)) == ("collecting_time_windows", [], [])


def test_the_lead_s_own_session_is_offered_when_it_fits_inside_the_freed_time(
    booking: Any, waiting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    small = waiting("Friday mornings", size="small")
    large = waiting("Friday mornings", size="large")  # four hours do not fit in three
    cancel(booking(), django_capture_on_commit_callbacks)
    assert wall(small) == ["Fri 04 10:00–12:00"]
    assert Lead.objects.get(pk=large.pk).status == "collecting_time_windows"


def test_a_lead_idle_in_booking_pending_over_a_day_is_offered_it_after_its_choices(
    booking: Any, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    idle = pending(timedelta(days=1, hours=1))
    recent = pending(timedelta(hours=20))
    cancel(booking(), django_capture_on_commit_callbacks)
    # Added last: the list the customer already has (still tappable) keeps its numbers.
    assert wall(idle) == ["Tue 08 10:00–12:00", "Wed 09 10:00–12:00", "Fri 04 10:00–12:00"]
    [message] = freed_offers(idle)
    assert "(for example 3)" in message.text
    assert [row["id"] for row in message.payload["sections"][0]["rows"]] == ["slot:1", "slot:2", "slot:3"]
    assert "Your other times are still open too" in message.text
    assert "times you mentioned" not in message.text
    assert Lead.objects.get(pk=idle.pk).status == "booking_pending"
    assert len(offered(Lead.objects.get(pk=recent.pk))) == 2
    assert freed_offers(recent) == []


def test_windows_come_first_and_a_handful_at_most(
    booking: Any, waiting: Any, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    idle = pending(timedelta(days=3))  # waited longest, but has slots on offer already
    fitting = [waiting("fri mornings") for _ in range(5)]
    appointment = booking()
    cancel(appointment, django_capture_on_commit_callbacks)
    assert all(Lead.objects.get(pk=lead.pk).status == "booking_pending" for lead in fitting)
    assert freed_offers(idle) == []
    assert OutboundMessage.objects.filter(idempotency_key__startswith="freed:").count() == 5
    later = waiting("Friday mornings")  # a rerun never offers it to a second handful
    assert freed_slot_offer(appointment_id=appointment.pk) == 0
    assert freed_offers(idle) == freed_offers(later) == []


def test_only_the_artist_s_own_leads_are_offered_it(
    booking: Any, waiting: Any, pending: Any, kai: Artist, django_capture_on_commit_callbacks: Any
) -> None:
    kais_waiting = waiting("Friday mornings", artist=kai)
    kais_pending = pending(timedelta(days=2), artist=kai)
    mias = waiting("Friday mornings")
    cancel(booking(), django_capture_on_commit_callbacks)
    assert Lead.objects.get(pk=kais_waiting.pk).status == "collecting_time_windows"
    assert len(offered(Lead.objects.get(pk=kais_pending.pk))) == 2
    assert freed_offers(kais_waiting) == freed_offers(kais_pending) == []
    assert Lead.objects.get(pk=mias.pk).status == "booking_pending"


def test_a_reschedule_by_the_artist_offers_the_released_time_too(
    booking: Any, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    appointment = booking()
    idle = pending(timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        lead_reschedule(lead_id=appointment.lead_id, actor="artist:test")
    assert wall(idle)[-1] == "Fri 04 10:00–12:00"
    assert freed_offers(Lead.objects.get(pk=appointment.lead_id)) == []  # the moved lead gets its own offer


def test_first_pick_wins_and_the_second_gets_just_taken_and_fresh_slots(
    booking: Any,
    waiting: Any,
    pending: Any,
    client: Client,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    first = waiting("Friday mornings", size="small")
    second = pending(timedelta(days=2))
    cancel(booking(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        Customer(client, phone=str(first.customer.wa_id)).says("1")
    won = Appointment.objects.get(lead=first, status="active")
    assert won.start == FRIDAY_10
    assert Lead.objects.get(pk=first.pk).status == "booked"
    second.refresh_from_db()
    assert offered(second)[-1][0] == FRIDAY_10
    with django_capture_on_commit_callbacks(execute=True):
        Customer(client, phone=str(second.customer.wa_id)).says(str(len(offered(second))))  # the freed time
    second.refresh_from_db()
    assert second.status == "booking_pending"
    assert not Appointment.objects.filter(lead=second).exists()
    last = OutboundMessage.objects.filter(lead=second).order_by("id").last()
    assert last is not None
    assert last.text.startswith("Sorry, someone took that time")
    assert FRIDAY_10 not in [s for s, _ in offered(second)]
    assert len(offered(second)) == 5


def test_a_rerun_offers_nothing_twice(
    booking: Any, waiting: Any, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    fitting = waiting("Friday morning")
    idle = pending(timedelta(days=2))
    appointment = booking()
    cancel(appointment, django_capture_on_commit_callbacks)
    before = wall(idle)
    Lead.objects.filter(pk=idle.pk).update(offered_slots=offered_json(idle)[1:])  # fresh slots since, without it
    with django_capture_on_commit_callbacks(execute=True):
        assert freed_slot_offer(appointment_id=appointment.pk) == 0
    assert before[0] not in wall(idle)
    assert len(freed_offers(idle)) == len(freed_offers(fitting)) == 1
    assert wall(fitting) == ["Fri 04 10:00–13:00"]


def offered_json(lead: Lead) -> list[dict[str, str]]:
    return list(Lead.objects.get(pk=lead.pk).offered_slots)


def test_a_freed_time_inside_the_notice_is_offered_to_nobody(
    booking: Any, waiting: Any, pending: Any, frozen_clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    fitting = waiting("Friday mornings")
    idle = pending(timedelta(days=2))
    appointment = booking()
    frozen_clock.move_to(FRIDAY_10 - timedelta(hours=23))
    callbacks = cancel(appointment, django_capture_on_commit_callbacks)
    assert not any(FREED_SLOT_TASK in c.__qualname__ for c in callbacks)
    assert freed_slot_offer(appointment_id=appointment.pk) == 0  # the task checks again
    assert Lead.objects.get(pk=fitting.pk).status == "collecting_time_windows"
    assert freed_offers(idle) == freed_offers(fitting) == []


def test_a_session_that_would_clash_with_a_booking_made_since_is_not_offered(
    booking: Any, waiting: Any, make_lead: Any, mia: Artist, django_capture_on_commit_callbacks: Any
) -> None:
    medium = waiting("Friday mornings")
    small = waiting("Friday mornings", size="small")
    appointment = booking()
    with django_capture_on_commit_callbacks(execute=False):
        lead_cancel(lead_id=appointment.lead_id, actor="artist:test")
    since = make_lead(status="booked", artist=mia)
    Appointment.objects.create(lead=since, start=FRIDAY_10 + timedelta(hours=3), end=FRIDAY_10 + timedelta(hours=5))
    assert freed_slot_offer(appointment_id=appointment.pk) == 1
    assert Lead.objects.get(pk=medium.pk).status == "collecting_time_windows"  # 13:00 is inside its buffer
    assert wall(small) == ["Fri 04 10:00–12:00"]


def test_the_freed_appointment_s_own_calendar_event_does_not_hide_it(
    booking: Any, waiting: Any, google: FakeGoogleCalendar, django_capture_on_commit_callbacks: Any
) -> None:
    medium = waiting("Friday mornings")
    small = waiting("Friday mornings", size="small")
    appointment = booking()
    # The event is still there (its deletion is a task of the same commit), with a private hour after it.
    google.busy_by_calendar[CALENDAR] = [
        {"start": FRIDAY_10.isoformat(), "end": (FRIDAY_10 + timedelta(hours=4)).isoformat()}
    ]
    with django_capture_on_commit_callbacks(execute=False):
        lead_cancel(lead_id=appointment.lead_id, actor="artist:test")
    assert freed_slot_offer(appointment_id=appointment.pk) == 1
    assert Lead.objects.get(pk=medium.pk).status == "collecting_time_windows"  # 13:00–14:00 is still busy
    assert wall(small) == ["Fri 04 10:00–12:00"]


def test_a_lost_offer_task_is_found_by_the_booking_sweep(
    booking: Any, waiting: Any, frozen_clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    fitting = waiting("Friday mornings")
    appointment = booking()
    lead_cancel(lead_id=appointment.lead_id, actor="artist:test")  # no on-commit callback runs: the task is lost
    assert Lead.objects.get(pk=fitting.pk).status == "collecting_time_windows"
    frozen_clock.shift(timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["freed_offers"] == 1
    assert wall(fitting) == ["Fri 04 10:00–13:00"]
    frozen_clock.shift(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_sweep()["freed_offers"] == 1  # run again: nobody is offered it twice
    assert len(freed_offers(fitting)) == 1
    frozen_clock.shift(timedelta(minutes=5))
    assert booking_sweep()["freed_offers"] == 0  # a quarter of an hour on, no more


def test_panic_mode_and_an_opted_out_customer_get_no_offer(
    booking: Any, waiting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    opted_out = waiting("Friday mornings")
    CustomerRow.objects.filter(pk=opted_out.customer_id).update(opted_out=True)
    studio = StudioSettings.load()
    studio.panic_mode = True
    studio.save()
    fitting = waiting("Friday mornings")
    appointment = booking()
    cancel(appointment, django_capture_on_commit_callbacks)
    assert Lead.objects.get(pk=fitting.pk).status == "collecting_time_windows"  # not moved without its message
    studio.panic_mode = False
    studio.save()
    assert freed_slot_offer(appointment_id=appointment.pk) == 1
    assert Lead.objects.get(pk=opted_out.pk).status == "collecting_time_windows"
    assert wall(fitting) == ["Fri 04 10:00–13:00"]

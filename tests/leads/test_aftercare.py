"""After the session (docs/booking.md "After the session") under time-machine: the care message at
once, the check-in after each session, one review and one healed-photo request after the piece's
last session; each once, whatever the number of beats; nothing to an opted-out customer, in panic
mode, or after a no-show."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from conversations.models import OutboundMessage, OutboundPurpose
from leads import aftercare, timers
from leads.models import Appointment, Customer, Lead, StudioSettings, SystemEvent
from leads.tasks import run_timer
from tattoobot.beat import BEAT_SCHEDULE
from tests.conftest import clear_cache_namespace, force_status
from tests.parallel import run_parallel

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 12, 2, 18, 0, tzinfo=LONDON)  # the first session ends
ARTIST = "+447700900999"
REVIEW_LINK = "https://g.page/r/studio-review"
AFTERCARE_TIMERS = ("aftercare_messages", "aftercare_checkins", "review_requests", "healed_photo_requests")


@pytest.fixture(autouse=True)
def settings_for_timers(settings: Any) -> None:
    settings.ARTIST_WHATSAPP_NUMBER = ARTIST
    settings.WHATSAPP_TEMPLATES = {}
    StudioSettings.objects.update(review_link=REVIEW_LINK)
    clear_cache_namespace()


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def session_done(lead: Lead, finished: datetime, *, session: int = 1, status: str = "completed") -> Appointment:
    """A session marked done (the other engineer's service does this in production)."""
    return Appointment.objects.create(
        lead=lead,
        start=finished - timedelta(hours=3),
        end=finished,
        status=status,
        finished_at=finished,
        session=session,
    )


def beat(times: int = 2) -> None:
    """Every after-care timer, more than once: a rerun or a second beat writes nothing new."""
    for _ in range(times):
        for name in AFTERCARE_TIMERS:
            run_timer(name)


def sent(lead: Lead) -> Counter[str]:
    """The lead's customer messages, counted by idempotency key."""
    return Counter(
        OutboundMessage.objects.filter(lead=lead).exclude(to=ARTIST).values_list("idempotency_key", flat=True)
    )


def expected(lead: Lead, *appointments: Appointment, checkins: int = 0, review: bool, photo: bool) -> Counter[str]:
    keys = [f"aftercare:{a.pk}" for a in appointments]
    keys += [f"aftercare-checkin:{a.pk}" for a in appointments[:checkins]]
    keys += [f"review:{lead.pk}"] if review else []
    keys += [f"healed-photo:{lead.pk}"] if photo else []
    return Counter(keys)


def test_the_after_care_timers_are_on_the_beat_schedule() -> None:
    schedule = {entry["args"][0]: entry["schedule"] for entry in BEAT_SCHEDULE.values() if entry["args"]}
    assert schedule["aftercare_messages"] == 60  # "at once"
    for name in AFTERCARE_TIMERS[1:]:
        assert schedule[name] == 900
    assert set(AFTERCARE_TIMERS) <= set(timers.TIMERS)


def test_the_whole_sequence_each_message_once_at_its_beat(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="completed")
    appointment = session_done(lead, T0)
    minute = timedelta(minutes=1)
    care = expected(lead, appointment, review=False, photo=False)
    checkin = expected(lead, appointment, checkins=1, review=False, photo=False)
    review = expected(lead, appointment, checkins=1, review=True, photo=False)
    everything = expected(lead, appointment, checkins=1, review=True, photo=True)
    moments = [
        (T0 - minute, Counter()),
        (T0, care),
        (T0 + timedelta(days=3) - minute, care),
        (T0 + timedelta(days=3), checkin),
        (T0 + timedelta(days=14) - minute, checkin),
        (T0 + timedelta(days=14), review),
        (T0 + timedelta(weeks=6) - minute, review),
        (T0 + timedelta(weeks=6), everything),
        (T0 + timedelta(weeks=20), everything),
    ]
    for moment, messages in moments:
        clock.move_to(moment)
        beat()
        assert sent(lead) == messages, moment
    rows = {row.idempotency_key: row for row in OutboundMessage.objects.filter(lead=lead)}
    assert all(row.purpose == OutboundPurpose.NEXT_STEPS for row in rows.values())
    assert "balm" in rows[f"aftercare:{appointment.pk}"].text
    assert REVIEW_LINK in rows[f"review:{lead.pk}"].text
    assert "photo" in rows[f"healed-photo:{lead.pk}"].text
    appointment.refresh_from_db()
    assert appointment.aftercare_sent_at == T0
    assert appointment.checkin_sent_at == T0 + timedelta(days=3)
    assert appointment.review_asked_at == T0 + timedelta(days=14)
    assert appointment.healed_photo_asked_at == T0 + timedelta(weeks=6)


def test_the_studio_timings_apply(make_lead: Any, clock: Any) -> None:
    StudioSettings.objects.update(aftercare_checkin_days=5, review_request_days=20, healed_photo_weeks=8)
    lead = make_lead(status="completed")
    appointment = session_done(lead, T0)
    clock.move_to(T0 + timedelta(days=4))
    beat()
    assert sent(lead) == expected(lead, appointment, review=False, photo=False)
    clock.move_to(T0 + timedelta(days=5))
    beat()
    assert sent(lead) == expected(lead, appointment, checkins=1, review=False, photo=False)
    clock.move_to(T0 + timedelta(days=19))
    beat()
    assert f"review:{lead.pk}" not in sent(lead)
    clock.move_to(T0 + timedelta(days=20))
    beat()
    assert f"review:{lead.pk}" in sent(lead)
    clock.move_to(T0 + timedelta(weeks=8) - timedelta(minutes=1))
    beat()
    assert f"healed-photo:{lead.pk}" not in sent(lead)
    clock.move_to(T0 + timedelta(weeks=8))
    beat()
    assert sent(lead) == expected(lead, appointment, checkins=1, review=True, photo=True)


def test_nothing_to_an_opted_out_customer_and_the_rows_are_stamped_as_skipped(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="completed")
    Customer.objects.filter(pk=lead.customer_id).update(opted_out=True)
    appointment = session_done(lead, T0)
    for moment in (T0, T0 + timedelta(days=3), T0 + timedelta(days=14), T0 + timedelta(weeks=6)):
        clock.move_to(moment)
        assert [run_timer(name) for name in AFTERCARE_TIMERS] == [0, 0, 0, 0]
    assert not OutboundMessage.objects.filter(lead=lead).exists()
    appointment.refresh_from_db()
    stamps = (
        appointment.aftercare_sent_at,
        appointment.checkin_sent_at,
        appointment.review_asked_at,
        appointment.healed_photo_asked_at,
    )
    assert stamps == (T0, T0 + timedelta(days=3), T0 + timedelta(days=14), T0 + timedelta(weeks=6))
    # Stamped, so never looked at again: the timers find nothing to lock.
    assert not aftercare._last_sessions("review_asked_at", timezone.now()).exists()


def test_nothing_to_an_erased_customer_and_the_row_is_stamped(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="completed")
    Customer.objects.filter(pk=lead.customer_id).update(wa_id=None, user_id=None)  # no address left
    appointment = session_done(lead, T0)
    assert run_timer("aftercare_messages") == 0
    assert sent(lead) == Counter()
    appointment.refresh_from_db()
    assert appointment.aftercare_sent_at == T0


def test_no_review_request_without_a_review_link(make_lead: Any, clock: Any) -> None:
    StudioSettings.objects.update(review_link="")
    lead = make_lead(status="completed")
    appointment = session_done(lead, T0)
    for moment in (T0, T0 + timedelta(days=3), T0 + timedelta(days=14), T0 + timedelta(weeks=6)):
        clock.move_to(moment)
        beat()
    assert sent(lead) == expected(lead, appointment, checkins=1, review=False, photo=True)
    appointment.refresh_from_db()
    assert appointment.review_asked_at is None


def test_a_three_session_piece(make_lead: Any, clock: Any) -> None:
    """Care and check-in after each session; one review and one healed-photo request, after the last."""
    lead = make_lead(status="completed", sessions_planned=3)
    ends = [T0, T0 + timedelta(weeks=4), T0 + timedelta(weeks=9)]
    sessions: list[Appointment] = []
    day = T0
    while day <= T0 + timedelta(weeks=20):
        clock.move_to(day)
        for number, end in enumerate(ends, start=1):
            if day == end:  # the session is marked done: the lead is completed again
                sessions.append(session_done(lead, end, session=number))
                force_status(lead, "completed")
            if number < 3 and day == end + timedelta(days=1):  # the next session offered, then booked
                force_status(lead, "booking_pending")
            if number < 3 and day == end + timedelta(days=2):
                force_status(lead, "booked")
        beat()
        if day < ends[2] + timedelta(days=14):
            assert f"review:{lead.pk}" not in sent(lead), day
        if day < ends[2] + timedelta(weeks=6):
            assert f"healed-photo:{lead.pk}" not in sent(lead), day
        day += timedelta(days=1)
    assert sent(lead) == expected(lead, *sessions, checkins=3, review=True, photo=True)
    last = Appointment.objects.get(pk=sessions[2].pk)
    assert (last.review_asked_at, last.healed_photo_asked_at) == (
        ends[2] + timedelta(days=14),
        ends[2] + timedelta(weeks=6),
    )
    assert not Appointment.objects.filter(pk__in=[sessions[0].pk, sessions[1].pk], review_asked_at__isnull=False)


def test_a_completed_lead_with_sessions_left_gets_no_review_yet(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="completed", sessions_planned=2)
    appointment = session_done(lead, T0)
    for moment in (T0, T0 + timedelta(days=3), T0 + timedelta(days=14), T0 + timedelta(weeks=6)):
        clock.move_to(moment)
        beat()
    assert sent(lead) == expected(lead, appointment, checkins=1, review=False, photo=False)


def test_a_no_show_gets_nothing(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="no_show")
    session_done(lead, T0, status="no_show")
    for moment in (T0, T0 + timedelta(days=3), T0 + timedelta(days=14), T0 + timedelta(weeks=6)):
        clock.move_to(moment)
        beat()
    assert sent(lead) == Counter()


def test_nothing_in_panic_mode_then_sent_when_it_ends(make_lead: Any, clock: Any) -> None:
    """The outbox refuses every automated customer message in panic mode; the timers then write no
    stamp either, so the message goes when panic mode is switched off."""
    StudioSettings.objects.update(panic_mode=True)
    lead = make_lead(status="completed")
    appointment = session_done(lead, T0)
    beat()
    assert sent(lead) == Counter()
    appointment.refresh_from_db()
    assert appointment.aftercare_sent_at is None
    clock.move_to(T0 + timedelta(hours=5))
    StudioSettings.objects.update(panic_mode=False)
    beat()
    assert sent(lead) == expected(lead, appointment, review=False, photo=False)


def test_a_message_the_outbox_refuses_leaves_the_stamp_unset(
    make_lead: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Panic mode switched on after the run read the settings: the outbox writes nothing (None),
    and the stamp stays unset so the message goes once panic mode ends."""
    lead = make_lead(status="completed")
    appointment = session_done(lead, T0)
    monkeypatch.setattr(aftercare, "customer_notify", lambda **kwargs: None)
    assert run_timer("aftercare_messages") == 0
    appointment.refresh_from_db()
    assert appointment.aftercare_sent_at is None
    monkeypatch.undo()
    assert run_timer("aftercare_messages") == 1
    assert sent(lead) == expected(lead, appointment, review=False, photo=False)


def test_a_message_too_late_is_not_sent(make_lead: Any, clock: Any) -> None:
    lead = make_lead(status="completed")
    session_done(lead, T0 - aftercare.LATE_LIMIT - timedelta(minutes=1))
    beat()
    assert sent(lead) == Counter()


def test_outside_the_window_with_no_template_the_row_fails_and_the_artist_is_told(
    make_lead: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead = make_lead(status="completed")  # the customer last wrote long ago: the window is shut
    appointment = session_done(lead, T0)
    with django_capture_on_commit_callbacks(execute=True):
        run_timer("aftercare_messages")
    care = OutboundMessage.objects.get(idempotency_key=f"aftercare:{appointment.pk}")
    assert (care.state, care.error_code) == ("failed", "no_template")
    alert = OutboundMessage.objects.get(idempotency_key=f"send-failure:{care.pk}")
    assert alert.to == ARTIST
    assert "could not be delivered" in alert.text
    assert SystemEvent.objects.filter(type="send_failure", lead=lead).exists()
    appointment.refresh_from_db()
    assert appointment.aftercare_sent_at == T0  # written once: the failure is the artist's to follow up


def test_outside_the_window_the_next_steps_template_goes_and_the_care_text_waits(
    make_lead: Any, clock: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WHATSAPP_TEMPLATES = {"next_steps": "next_steps_v1"}
    lead = make_lead(status="completed")
    appointment = session_done(lead, T0)
    with django_capture_on_commit_callbacks(execute=True):
        run_timer("aftercare_messages")
    care = OutboundMessage.objects.get(idempotency_key=f"aftercare:{appointment.pk}")
    assert (care.kind, care.template_name, care.state) == ("template", "next_steps_v1", "sent")
    held = OutboundMessage.objects.get(idempotency_key=f"aftercare:{appointment.pk}:held")
    assert held.state == "held"
    assert "balm" in held.text


def test_the_timers_work_in_bounded_batches(make_lead: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aftercare, "BATCH", 2)
    for _ in range(3):
        session_done(make_lead(status="completed"), T0)
    assert run_timer("aftercare_messages") == 2
    assert run_timer("aftercare_messages") == 1
    assert run_timer("aftercare_messages") == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_once_send_each_message_once(make_lead: Any) -> None:
    StudioSettings.objects.update(review_link=REVIEW_LINK)
    with time_machine.travel(T0 + timedelta(weeks=6), tick=False):
        leads = [make_lead(status="completed") for _ in range(6)]
        for lead in leads:
            Appointment.objects.create(
                lead=lead,
                start=T0 - timedelta(hours=3),
                end=T0,
                status="completed",
                finished_at=T0,
                aftercare_sent_at=T0,
                checkin_sent_at=T0 + timedelta(days=3),
                review_asked_at=T0 + timedelta(days=14),
            )
        fresh = [make_lead(status="completed") for _ in range(6)]
        for lead in fresh:
            session_done(lead, timezone.now())

        def run() -> None:
            for name in AFTERCARE_TIMERS:
                timers.TIMERS[name](now=timezone.now())

        run_parallel([run, run])
    for lead in leads:
        assert sent(lead) == Counter([f"healed-photo:{lead.pk}"])
    for lead in fresh:
        [appointment] = lead.appointments.all()
        assert sent(lead) == Counter([f"aftercare:{appointment.pk}"])

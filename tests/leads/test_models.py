"""Constraints the database enforces, seeded defaults, and the studio rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conversations.models import OutboundMessage, ProcessedMessage
from leads.models import Appointment, Question, StudioSettings, TourStop
from payments.models import Deposit, StripeEvent

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _appointment(lead, start: datetime, hours: int = 2, status: str = "active") -> Appointment:
    return Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=hours), status=status)


@pytest.mark.django_db
class TestAppointmentsNeverOverlap:
    def test_overlapping_active_appointments_are_refused_by_the_database(self, make_lead) -> None:
        _appointment(make_lead(), T0, hours=3)
        with pytest.raises(IntegrityError, match="appointment_no_overlap"), transaction.atomic():
            _appointment(make_lead(), T0 + timedelta(hours=2))

    def test_contained_appointment_is_refused(self, make_lead) -> None:
        _appointment(make_lead(), T0, hours=6)
        with pytest.raises(IntegrityError), transaction.atomic():
            _appointment(make_lead(), T0 + timedelta(hours=1), hours=1)

    def test_back_to_back_appointments_are_allowed(self, make_lead) -> None:
        _appointment(make_lead(), T0, hours=2)
        _appointment(make_lead(), T0 + timedelta(hours=2))
        assert Appointment.objects.count() == 2

    def test_released_appointments_free_their_time(self, make_lead) -> None:
        _appointment(make_lead(), T0, status="released")
        _appointment(make_lead(), T0)
        assert Appointment.objects.filter(status="active").count() == 1

    def test_an_appointment_must_end_after_it_starts(self, make_lead) -> None:
        with pytest.raises(IntegrityError, match="appointment_ends_after_start"), transaction.atomic():
            Appointment.objects.create(lead=make_lead(), start=T0, end=T0)

    def test_a_lead_has_at_most_one_active_appointment(self, make_lead) -> None:
        lead = make_lead()
        _appointment(lead, T0)
        with pytest.raises(IntegrityError, match="appointment_one_active_per_lead"), transaction.atomic():
            _appointment(lead, T0 + timedelta(days=1))


@pytest.mark.django_db
class TestUniqueRecords:
    def test_one_open_lead_per_customer(self, make_lead) -> None:
        lead = make_lead(status="qualifying")
        with pytest.raises(IntegrityError, match="lead_one_open_per_customer"), transaction.atomic():
            make_lead(customer=lead.customer)

    @pytest.mark.parametrize("ended", ["booked", "cancelled", "rejected", "waitlisted"])
    def test_an_ended_lead_does_not_block_a_new_one(self, make_lead, ended: str) -> None:
        old = make_lead(status=ended)
        new = make_lead(customer=old.customer)
        assert new.customer_id == old.customer_id

    def test_processed_message_is_unique_per_provider(self, db) -> None:
        ProcessedMessage.objects.create(provider="whatsapp", message_id="wamid.1")
        ProcessedMessage.objects.create(provider="other", message_id="wamid.1")
        with pytest.raises(IntegrityError), transaction.atomic():
            ProcessedMessage.objects.create(provider="whatsapp", message_id="wamid.1")

    def test_stripe_event_is_stored_once(self, db) -> None:
        StripeEvent.objects.create(event_id="evt_1", type="checkout.session.completed", payload={})
        with pytest.raises(IntegrityError), transaction.atomic():
            StripeEvent.objects.create(event_id="evt_1", type="checkout.session.completed", payload={})

    def test_outbound_idempotency_key_is_unique(self, db) -> None:
        OutboundMessage.objects.create(idempotency_key="k", to="+447700900001", due_at=T0)
        with pytest.raises(IntegrityError), transaction.atomic():
            OutboundMessage.objects.create(idempotency_key="k", to="+447700900001", due_at=T0)

    def test_deposit_amount_must_be_positive(self, make_lead) -> None:
        with pytest.raises(IntegrityError, match="deposit_amount_positive"), transaction.atomic():
            Deposit.objects.create(lead=make_lead(), amount=0, currency="gbp", rule="artist")

    def test_tour_stop_dates_must_be_ordered(self, db) -> None:
        with pytest.raises(IntegrityError, match="tour_stop_dates_ordered"), transaction.atomic():
            TourStop.objects.create(city="Paris", country="FR", start_date="2026-05-02", end_date="2026-05-01")


@pytest.mark.django_db
class TestSeededDefaults:
    def test_questions_are_seeded_in_spec_order(self) -> None:
        active = list(Question.objects.filter(active=True).values_list("key", "kind"))
        assert active == [
            ("idea", "text"),
            ("placement", "text"),
            ("size", "size"),
            ("style", "text"),
            ("references", "media"),
            ("budget", "money"),
            ("city", "city"),
            ("travel", "yes_no"),
            ("availability", "text"),
        ]
        assert Question.objects.get(key="travel").required is False  # asked only when the city is not served
        inactive = dict(Question.objects.filter(active=False).values_list("key", "kind"))
        assert inactive == {"complexity": "choice", "coverup": "yes_no", "instagram": "handle"}
        complexity = Question.objects.get(key="complexity")
        assert [o["title"] for o in complexity.options] == ["Simple", "Medium", "Realism"]
        assert Question.objects.get(key="instagram").required is False

    def test_studio_settings_are_seeded_with_spec_defaults(self) -> None:
        s = StudioSettings.objects.get(pk=1)
        assert (s.home_city, s.home_country, s.timezone, s.currency) == ("London", "GB", "Europe/London", "gbp")
        assert [s.min_budget_for(r) for r in ("uk", "europe", "row")] == [40000, 50000, 60000]
        assert [s.deposit_for(c) for c in ("small", "medium", "large", "xl")] == [15000, 15000, 20000, 20000]
        assert [s.session_minutes_for(c) for c in ("small", "medium", "large", "xl")] == [120, 180, 240, 360]
        assert s.working_hours["mon"] == ["10:00", "18:00"]
        assert s.working_hours["sat"] == ["10:00", "16:00"]
        assert [s.hourly_rate_for(r) for r in ("uk", "europe", "row")] == [13000, 14000, 15000]
        assert [s.billable_hours_for(c) for c in ("small", "medium", "large", "xl")] == [
            (Decimal(4), Decimal(5)),
            (Decimal(5), Decimal(7)),
            (Decimal("7.5"), Decimal(10)),
            (Decimal("9.5"), Decimal(11)),
        ]
        assert s.estimate_for("medium", "uk") == (65000, 91000)
        assert s.estimate_for("large", "europe") == (105000, 140000)
        assert s.estimate_for("", "uk") is None
        assert "sun" not in s.working_hours
        assert (s.buffer_minutes, s.min_notice_hours, s.booking_horizon_days, s.checkout_expiry_hours) == (
            30,
            24,
            21,
            24,
        )
        assert (
            s.holding_reply_cooldown_minutes,
            s.please_type_cooldown_minutes,
            s.link_resend_cooldown_minutes,
        ) == (360, 60, 60)
        # The booking policy (the text the deposit link carries is written from these values).
        assert (s.reschedule_notice_hours, s.free_reschedules, s.refund_notice_days, s.late_change_rule) == (
            72,
            1,
            7,
            "forfeit",
        )
        assert (s.aftercare_checkin_days, s.review_request_days, s.healed_photo_weeks, s.review_link) == (3, 14, 6, "")
        assert s.deposit_policy_text == ""  # the studio's own addition to the written policy
        assert (s.panic_mode, s.pilot_mode) == (False, False)

    def test_studio_settings_is_a_singleton(self) -> None:
        with pytest.raises(IntegrityError, match="studio_settings_singleton"), transaction.atomic():
            StudioSettings.objects.create(pk=2)
        assert StudioSettings.load().pk == 1


@pytest.mark.django_db
class TestStudioRules:
    @pytest.mark.parametrize(
        ("area", "category"),
        [(0, "small"), (49.9, "small"), (50, "medium"), (149, "medium"), (150, "large"), (299, "large"), (300, "xl")],
    )
    def test_size_categories_follow_the_area_thresholds(self, area: float, category: str) -> None:
        assert StudioSettings().size_category_for(area) == category

    @pytest.mark.parametrize(
        ("amount", "currency", "region", "meets"),
        [
            (40000, "gbp", "uk", True),
            (39999, "gbp", "uk", False),
            (40000, "gbp", "europe", False),
            (60000, "GBP", "row", True),
            (59999, "gbp", "", False),  # unknown region: the strictest minimum
            (None, "gbp", "uk", False),
            (90000, "eur", "uk", False),
        ],
    )
    def test_budget_against_the_region_minimum(self, amount, currency, region, meets) -> None:
        assert StudioSettings().budget_meets_minimum(amount=amount, currency=currency, region=region) is meets

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("working_hours", {"mon": ["18:00", "10:00"]}),
            ("working_hours", {"monday": ["10:00", "18:00"]}),
            ("working_hours", {"mon": ["10:00"]}),
            ("working_hours", ["10:00"]),
            ("timezone", "Mars/Olympus"),
            ("currency", "pounds"),
            ("home_country", "gbr"),
            ("pilot_allow_list", "+447700900123, not-a-number"),
            ("checkout_expiry_hours", 25),
        ],
    )
    def test_bad_settings_are_refused_by_validation(self, field, value) -> None:
        settings = StudioSettings(**{field: value})
        with pytest.raises(ValidationError):
            settings.full_clean()

    def test_size_thresholds_must_grow(self) -> None:
        with pytest.raises(ValidationError):
            StudioSettings(size_small_below_cm2=200).full_clean()

    def test_pilot_allow_list_is_normalised_to_e164(self) -> None:
        s = StudioSettings(pilot_allow_list="447700900123,\n +49 151 23456789")
        assert s.pilot_numbers == {"+447700900123", "+4915123456789"}


@pytest.mark.django_db
def test_questions_ask_in_the_customer_s_language_where_written_else_english() -> None:
    from django.core.exceptions import ValidationError

    from leads.models.questions import validate_question_translations

    placement = Question.objects.get(key="placement")
    assert placement.text_in("es") == ("¿En qué parte del cuerpo iría?", "p. ej. antebrazo izquierdo, parte exterior")
    assert placement.text_in("en") == (placement.prompt, placement.example)
    assert set(placement.translations) == {"es", "fr", "de", "pt", "it"}
    placement.translations = {"es": {"prompt": "¿Dónde?"}}
    assert placement.text_in("es") == ("¿Dónde?", placement.example)  # no example written: the English one
    bads: list[object] = [{"en": {"prompt": "x"}}, {"xx": {"prompt": "x"}}, {"es": {"example": "x"}}, {"es": "x"}, []]
    for bad in bads:
        with pytest.raises(ValidationError):
            validate_question_translations(bad)


def test_the_question_translations_are_seeded_for_the_english_prompts_as_seeded() -> None:
    """Migration 0026 translates only untouched seeds: its English prompts must be the seeded ones."""
    import importlib

    first = importlib.import_module("leads.migrations.0002_seed_defaults")
    front_desk = importlib.import_module("leads.migrations.0009_seed_front_desk")
    translations = importlib.import_module("leads.migrations.0026_question_translations")
    seeded = {key: prompt for key, _kind, prompt, *_ in first.QUESTIONS} | {"travel": front_desk.TRAVEL["prompt"]}
    assert seeded == translations.ENGLISH
    assert set(translations.TEXTS) == set(seeded)

"""Artists: the first one from the studio settings, every old lead given to it by the upgrade, one
artist's appointments never overlapping (two artists' may), and an artist's rules over the studio's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from leads.models import Appointment, Artist, Lead, StudioSettings
from leads.models.artist import booking_policy_for, deposit_for, min_budget_for, working_hours_for
from leads.models.lead import ALL_STATUSES
from leads.models.policy import validate_policy_overrides
from leads.services import lead_create

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
BEFORE = [("leads", "0014_customer_marketing_held")]
AFTER = [("leads", "0017_appointment_artist_no_overlap")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_upgrade_gives_every_lead_and_appointment_to_a_first_artist_named_after_the_studio() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("leads", "StudioSettings").objects.filter(pk=1).update(
        artist_name="Mia Blackwork", artist_last_inbound_at=T0
    )
    customer_model, lead_model = old.get_model("leads", "Customer"), old.get_model("leads", "Lead")
    for n, status in enumerate(ALL_STATUSES):
        customer = customer_model.objects.create(wa_id=f"+44770090{n:04d}", phone_hash=f"hash-{n}")
        lead_model.objects.create(customer=customer, status=status)
    booked = lead_model.objects.get(status="booked")
    old.get_model("leads", "Appointment").objects.create(lead=booked, start=T0, end=T0 + timedelta(hours=2))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # and on to the newest

    [artist] = Artist.objects.all()
    assert (artist.name, artist.active, artist.whatsapp_number, artist.last_inbound_at) == (
        "Mia Blackwork",
        True,
        "",
        T0,
    )
    assert Lead.objects.count() == len(ALL_STATUSES)
    assert set(Lead.objects.values_list("artist", flat=True)) == {artist.pk}
    assert set(Lead.objects.values_list("status", flat=True)) == set(ALL_STATUSES)  # nothing else moved
    assert Appointment.objects.get().artist == artist


@pytest.mark.django_db
class TestOverlaps:
    @pytest.fixture
    def kai(self) -> Artist:
        return Artist.objects.create(name="Kai", position=1)

    def _appointment(self, lead: Lead, artist: Artist | None, start: datetime, hours: int = 3) -> Appointment:
        appointment = Appointment(lead=lead, start=start, end=start + timedelta(hours=hours))
        if artist is not None:
            appointment.artist = artist
        appointment.save()
        return appointment

    def test_two_artists_may_book_the_same_hours(self, make_lead, kai: Artist) -> None:
        first = Artist.objects.get(position=0)
        self._appointment(make_lead(), first, T0)
        self._appointment(make_lead(), kai, T0 + timedelta(hours=1))
        assert Appointment.objects.filter(start__lt=T0 + timedelta(hours=3)).count() == 2

    def test_one_artist_never_overlaps_itself_in_the_database(self, make_lead, kai: Artist) -> None:
        self._appointment(make_lead(), kai, T0)
        with pytest.raises(IntegrityError, match="appointment_no_overlap"), transaction.atomic():
            self._appointment(make_lead(), kai, T0 + timedelta(hours=2))

    def test_an_appointment_is_its_lead_s_artist_s_by_default(self, make_lead, kai: Artist) -> None:
        lead = make_lead()
        Lead.objects.filter(pk=lead.pk).update(artist=kai)
        lead.refresh_from_db()
        assert self._appointment(lead, None, T0).artist == kai

    def test_a_lead_with_no_artist_cannot_be_booked(self, make_lead, kai: Artist) -> None:
        lead = make_lead()
        Lead.objects.filter(pk=lead.pk).update(artist=None)
        lead.refresh_from_db()
        with pytest.raises(IntegrityError), transaction.atomic():
            self._appointment(lead, None, T0)


@pytest.mark.django_db
class TestNewLeads:
    def test_with_one_active_artist_every_new_lead_is_its(self, make_customer) -> None:
        [only] = Artist.objects.all()
        Artist.objects.create(name="Retired", active=False)
        assert lead_create(customer=make_customer()).artist == only

    def test_with_two_active_artists_a_new_lead_waits_for_the_customer_s_choice(self, make_customer) -> None:
        Artist.objects.create(name="Kai", position=1)
        assert lead_create(customer=make_customer()).artist is None


@pytest.mark.django_db
class TestRules:
    def test_an_artist_s_overrides_win_and_the_rest_is_the_studio_s(self) -> None:
        studio = StudioSettings.load()
        kai = Artist.objects.create(
            name="Kai",
            deposit_overrides={"small": 5000},
            min_budget_overrides={"uk": 20000},
            working_hours={"tue": ["12:00", "20:00"]},
        )
        assert deposit_for(studio, kai, "small") == 5000
        assert deposit_for(studio, kai, "large") == studio.deposit_large
        assert min_budget_for(studio, kai, "uk") == 20000
        assert min_budget_for(studio, kai, "europe") == studio.min_budget_europe
        assert working_hours_for(studio, kai) == {"tue": ["12:00", "20:00"]}
        plain = Artist.objects.exclude(pk=kai.pk).get()
        assert working_hours_for(studio, plain) == studio.working_hours
        assert deposit_for(studio, None, "xl") == studio.deposit_xl

    def test_the_number_falls_back_to_the_studio_s(self, settings) -> None:
        settings.ARTIST_WHATSAPP_NUMBER = "+447700900999"
        assert Artist(name="A").notify_number == "+447700900999"
        assert Artist(name="B", whatsapp_number="+447700900111").notify_number == "+447700900111"

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("whatsapp_number", "+44 7700 900111", "E.164"),
            ("whatsapp_number", "not a number", "not a phone number"),
            ("working_hours", {"mon": ["18:00", "10:00"]}, "end after it starts"),
            ("working_hours", {"funday": ["10:00", "18:00"]}, "Unknown weekday"),
            ("deposit_overrides", {"huge": 100}, "Unknown key"),
            ("deposit_overrides", {"small": -1}, "whole amount"),
            ("min_budget_overrides", {"uk": "lots"}, "whole amount"),
            ("styles", "fine line", "list of names"),
        ],
    )
    def test_bad_values_are_refused_with_the_reason(self, field: str, value: object, message: str) -> None:
        artist = Artist(name="Kai", **{field: value})
        with pytest.raises(ValidationError) as caught:
            artist.full_clean()
        assert message in str(caught.value.message_dict[field])

    def test_names_are_unique_whatever_the_case(self) -> None:
        with pytest.raises(IntegrityError, match="artist_unique_name"), transaction.atomic():
            Artist.objects.create(name=Artist.objects.get().name.upper())


@pytest.mark.parametrize(
    ("overrides", "ok"),
    [
        ({}, True),
        ({"reschedule_notice_hours": 48, "free_reschedules": 0}, True),
        ({"late_change_rule": "artist", "refund_notice_days": 14}, True),
        ({"late_change_rule": "maybe"}, False),
        ({"free_reschedules": -1}, False),
        ({"free_reschedules": True}, False),
        ({"notice": 3}, False),
        (["reschedule_notice_hours"], False),
    ],
)
@pytest.mark.django_db
def test_an_artist_s_booking_policy_overrides_are_checked_and_apply(overrides: object, ok: bool) -> None:
    if not ok:
        with pytest.raises(ValidationError):
            validate_policy_overrides(overrides)
        return
    validate_policy_overrides(overrides)
    studio = StudioSettings.load()
    artist = Artist(name="Kai", policy_overrides=overrides)
    policy = booking_policy_for(studio, artist)
    assert isinstance(overrides, dict)
    assert policy.reschedule_notice_hours == overrides.get("reschedule_notice_hours", 72)
    assert policy.late_change_rule == overrides.get("late_change_rule", "forfeit")
    assert booking_policy_for(studio, None) == studio.booking_policy()

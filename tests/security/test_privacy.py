"""No secret or phone number in the logs; erasure leaves none of the customer's words in any table or the sheet."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone

from leads.booking.consent_timers import consent_answers_purge
from leads.models import ConsentForm, Lead, StudioSettings
from leads.sheet_mirror import sheet_flush
from tests.conftest import answer_all_questions, clear_cache_namespace
from tests.conversations.chat import ARTIST, SECRET, Customer
from tests.fakes.google_sheets import FakeSheets
from tests.payments.conftest import event_for, post_event, session_of

pytestmark = pytest.mark.django_db

PHONE = "+447700900456"
NAME = "Zelda Quartermaine"
WORDS = [
    "a xylophone-playing axolotl",  # idea
    "left ankle inside",  # placement
    "Zanzibar-blue ink please",  # style
    "my friend quokka-jones",  # a free message
]


@pytest.fixture
def live_settings(settings: Any) -> None:
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.ARTIST_WHATSAPP_NUMBER = ARTIST
    settings.PUBLIC_BASE_URL = "https://studio.test"
    clear_cache_namespace()


def a_whole_conversation(client: Client) -> Customer:
    zelda = Customer(client, phone=PHONE, name=NAME)
    zelda.says("Hello!")
    zelda.says(WORDS[0])
    zelda.says(WORDS[1])
    zelda.says("8x10cm")
    zelda.says(WORDS[2])
    zelda.says(WORDS[3])
    return zelda


def test_no_secret_or_phone_number_in_the_logs(
    client: Client, live_settings: None, caplog: pytest.LogCaptureFixture, settings: Any, approved: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    a_whole_conversation(client)
    lead, deposit = approved()
    post_event(client, event_for("checkout.session.completed", session_of(deposit)))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert len(text) > 1000  # the run logged plenty
    for secret in (SECRET, settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET, settings.SECRET_KEY):
        assert secret not in text
    for phone in (PHONE, PHONE.lstrip("+"), PHONE[-9:], ARTIST.lstrip("+"), str(lead.customer.wa_id).lstrip("+")):
        assert phone not in text, phone
    for words in (*WORDS, NAME):
        assert words not in text, words


@pytest.fixture
def sheets(fake_sheets: FakeSheets) -> FakeSheets:
    return fake_sheets


def every_stored_string() -> Iterator[tuple[str, str]]:
    """(table.column, value) for every text-like value in every table."""
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row, strict=True):
                if value:
                    yield f"{model._meta.db_table}.{field.attname}", str(value)


def test_erasure_leaves_nothing_of_the_customer(
    client: Client, live_settings: None, sheets: FakeSheets, django_capture_on_commit_callbacks: Any
) -> None:
    zelda = a_whole_conversation(client)
    lead = Lead.objects.get(customer__phone_hash__isnull=False, customer__profile_name=NAME)
    answer_all_questions(lead)
    form = ConsentForm.objects.create(
        lead=lead,
        signed_at=timezone.now(),
        typed_name=f"{NAME} signing",
        answers=[{"question": "Any allergies?", "answer": f"{WORDS[0]} allergy"}],
        ip="203.0.113.77",
        user_agent="Phone",
    )
    sheet_flush()
    assert any(WORDS[0] in " ".join(row) for row in sheets.rows())
    found = [where for where, value in every_stored_string() if WORDS[0] in value or NAME in value]
    assert found  # the check can see them before
    with django_capture_on_commit_callbacks(execute=True):
        zelda.says("DELETE MY DATA")  # the confirmation is sent, then its row forgets the number
    sheet_flush()
    needles = [*WORDS, NAME, "Zelda", PHONE, PHONE.lstrip("+"), PHONE[-9:]]
    left = [(where, needle) for where, value in every_stored_string() for needle in needles if needle in value]
    assert left == [], left
    assert not any(needle in " ".join(row) for row in sheets.rows() for needle in needles)
    form.refresh_from_db()
    assert (form.ip, form.answers, form.typed_name) == (None, [], "")  # the health answers and who signed
    assert form.signed_at is not None  # that it was signed, and when, stays


def test_consent_answers_the_law_keeps_go_when_the_keeping_time_is_up(
    client: Client, live_settings: None, sheets: FakeSheets, django_capture_on_commit_callbacks: Any
) -> None:

    StudioSettings.objects.filter(pk=1).update(consent_retention_days=365)
    zelda = a_whole_conversation(client)
    lead = Lead.objects.get(customer__profile_name=NAME)
    signed = timezone.now() - timedelta(days=10)
    kept = ConsentForm.objects.create(
        lead=lead, signed_at=signed, typed_name=NAME, answers=[{"a": "b"}], ip="203.0.113.9"
    )
    old = ConsentForm.objects.create(
        lead=lead, signed_at=signed - timedelta(days=400), typed_name=NAME, answers=[{"a": "b"}]
    )
    with django_capture_on_commit_callbacks(execute=True):
        zelda.says("DELETE MY DATA")
    kept.refresh_from_db()
    old.refresh_from_db()
    assert (old.answers, old.typed_name) == ([], "")  # past the keeping time: gone at once
    assert (kept.answers, kept.typed_name) == ([{"a": "b"}], NAME)  # the law keeps it for now
    assert kept.erase_after == signed + timedelta(days=365)
    assert consent_answers_purge(now=signed + timedelta(days=364)) == 0
    assert consent_answers_purge(now=signed + timedelta(days=365)) == 1
    kept.refresh_from_db()
    assert (kept.answers, kept.typed_name) == ([], "")
    assert kept.ip is None
    assert kept.erase_after is None

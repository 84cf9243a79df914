"""Shared fixtures: real PostgreSQL (pytest-django) and Redis; the network is closed except loopback."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from leads.models import Answer, Customer, Lead, Question
from leads.services import customer_get_or_create, lead_create
from tattoobot.foundations.process_cache import ProcessCache
from tests.fakes.stripe import FakeStripe


def clear_cache_namespace() -> None:
    """Delete this test process's cache keys only (``cache.clear()`` would flush the shared Redis)."""
    from django.conf import settings
    from django.core.cache import cache

    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def force_status(lead: Lead, status: str) -> Lead:
    """Put a lead in a status for a test (bypassing the FSM on purpose, as old data would)."""
    Lead.objects.filter(pk=lead.pk).update(status=status)
    lead.refresh_from_db()
    return lead


def answer_all_questions(lead: Lead) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for question in Question.objects.filter(active=True, required=True):
        Answer.objects.update_or_create(
            lead=lead,
            question_key=question.key,
            defaults={"question": question, "raw_text": "x", "parsed_value": "x", "answered_at": now},
        )


@pytest.fixture(autouse=True)
def _seeded_defaults(request: pytest.FixtureRequest) -> None:
    """The migration-seeded question set, FAQ entries and studio settings, back after a transactional test's flush.

    Transactional tests (real threads) end with every table truncated; the tests that
    follow them in the same process must still see what a migrated database holds.
    """
    if not ({"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    if not Question.objects.exists():
        from django.apps import apps
        from django.contrib.auth.management import create_permissions
        from django.contrib.contenttypes.management import create_contenttypes
        from django.contrib.contenttypes.models import ContentType

        importlib.import_module("leads.migrations.0002_seed_defaults").seed(apps, None)
        importlib.import_module("leads.migrations.0009_seed_front_desk").seed(apps, None)
        importlib.import_module("leads.migrations.0016_seed_first_artist").seed(apps, None)
        importlib.import_module("leads.migrations.0022_consent_forms").seed(apps, None)
        importlib.import_module("leads.migrations.0025_seed_faq_languages").seed(apps, None)
        importlib.import_module("leads.migrations.0026_question_translations").seed(apps, None)
        importlib.import_module("leads.migrations.0027_consent_question_translations").seed(apps, None)
        ContentType.objects.clear_cache()
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)


@pytest.fixture(autouse=True)
def _forget_process_caches() -> Iterator[None]:
    """Each test starts with the process caches empty (the artists' numbers, copy overrides): a
    rolled-back test leaves no signal behind that would have emptied them."""
    ProcessCache.forget_all()
    yield
    ProcessCache.forget_all()


@pytest.fixture(scope="session")
def _fake_stripe_server() -> Iterator[FakeStripe]:
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fake_stripe(_fake_stripe_server: FakeStripe, settings: Any) -> FakeStripe:
    """Every test's Stripe: the fake on 127.0.0.1, its records cleared."""
    settings.STRIPE_API_BASE = _fake_stripe_server.url
    _fake_stripe_server.reset()
    return _fake_stripe_server


@pytest.fixture
def fake_sheets(settings: Any, tmp_path: Any) -> Iterator[Any]:
    """A fake Google Sheets API, with the sheet mirror switched on and pointed at it."""
    from tests.fakes.google_sheets import FakeSheets

    fake = FakeSheets().start()
    settings.GOOGLE_SHEETS_SPREADSHEET_ID = fake.spreadsheet_id
    settings.GOOGLE_SERVICE_ACCOUNT_FILE = str(fake.service_account_file(tmp_path))
    settings.GOOGLE_API_BASE = fake.url
    clear_cache_namespace()
    yield fake
    fake.stop()


@pytest.fixture
def make_customer(db: None) -> Callable[..., Customer]:
    counter = iter(range(100, 10_000))

    def make(wa_id: str | None = None, profile_name: str = "Test Customer") -> Customer:
        return customer_get_or_create(wa_id=wa_id or f"+4477009{next(counter):05d}", profile_name=profile_name)

    return make


@pytest.fixture
def make_lead(make_customer: Callable[..., Customer]) -> Callable[..., Lead]:
    def make(status: str | None = None, customer: Customer | None = None, **fields: Any) -> Lead:
        lead = lead_create(customer=customer or make_customer())
        if fields:
            Lead.objects.filter(pk=lead.pk).update(**fields)
            lead.refresh_from_db()
        if status:
            force_status(lead, status)
        return lead

    return make


@pytest.fixture
def staff_user(db: None) -> User:
    return User.objects.create_user("staff", password="pw-staff-123", is_staff=True)


@pytest.fixture
def staff_client(staff_user: User) -> APIClient:
    client = APIClient()
    client.force_login(staff_user)
    return client

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from tests.conftest import clear_cache_namespace
from tests.conversations.chat import ARTIST, SECRET, Customer
from tests.fakes.meta import FakeMeta


@pytest.fixture(autouse=True)
def whatsapp_settings(settings, db):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.ARTIST_WHATSAPP_NUMBER = ARTIST
    settings.PUBLIC_BASE_URL = "https://studio.test"
    clear_cache_namespace()


@pytest.fixture
def ana(client: Client) -> Customer:
    return Customer(client)


@pytest.fixture
def cloud_meta(settings) -> Iterator[FakeMeta]:
    """The cloud backend against a fake Graph API on 127.0.0.1."""
    fake = FakeMeta().start()
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_BASE_URL = fake.base_url
    settings.WHATSAPP_ACCESS_TOKEN = "t"
    settings.WHATSAPP_PHONE_NUMBER_ID = "123"
    yield fake
    fake.stop()

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import clear_cache_namespace
from tests.conversations.chat import ARTIST, SECRET, Customer


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

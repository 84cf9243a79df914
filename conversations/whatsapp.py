"""The configured WhatsApp backend (SPEC §2 ``WHATSAPP_BACKEND``)."""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from django.conf import settings

from integrations.whatsapp.cloud import CloudBackend
from integrations.whatsapp.console import ConsoleBackend


class WhatsAppBackend(Protocol):
    def send(self, body: dict[str, Any]) -> str:
        """Send one message body; return Meta's message id (wamid)."""
        ...


@cache
def console_backend() -> ConsoleBackend:
    return ConsoleBackend()


def cloud_backend() -> CloudBackend:
    return CloudBackend(
        base_url=settings.WHATSAPP_API_BASE_URL,
        phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
        token=settings.WHATSAPP_ACCESS_TOKEN,
    )


def get_backend() -> WhatsAppBackend:
    if settings.WHATSAPP_BACKEND == "console":
        return console_backend()
    return cloud_backend()

"""The configured WhatsApp backend (SPEC §2 ``WHATSAPP_BACKEND``)."""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from django.conf import settings

from integrations.whatsapp.console import ConsoleBackend


class WhatsAppBackend(Protocol):
    def send(self, body: dict[str, Any]) -> str:
        """Send one message body; return Meta's message id (wamid)."""
        ...


@cache
def console_backend() -> ConsoleBackend:
    return ConsoleBackend()


def get_backend() -> WhatsAppBackend:
    if settings.WHATSAPP_BACKEND == "console":
        return console_backend()
    # The Cloud API client is built with the sending issue (SPEC §6). Until then
    # a cloud deployment keeps its messages queued: nothing is lost.
    raise NotImplementedError("WHATSAPP_BACKEND=cloud is not available yet; messages stay queued")

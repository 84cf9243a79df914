"""The configured WhatsApp backend (README.md ``WHATSAPP_BACKEND``)."""

from __future__ import annotations

import os
import threading
from functools import cache
from typing import Any, Protocol

from django.conf import settings

from integrations.whatsapp.cloud import CloudBackend
from integrations.whatsapp.console import ConsoleBackend


class WhatsAppBackend(Protocol):
    def send(self, body: dict[str, Any]) -> str:
        """Send one message body; return Meta's message id (wamid)."""
        ...

    def mark_read(self, message_id: str) -> None:
        """Mark one inbound message (and the earlier ones of its chat) read: the blue ticks."""
        ...


@cache
def console_backend() -> ConsoleBackend:
    return ConsoleBackend()


_local = threading.local()


def cloud_backend() -> CloudBackend:
    """One backend per thread and process, so its HTTP session keeps its connections to Meta
    alive between messages (no TCP and TLS handshake per send). A settings change, or a forked
    child, gets a new one."""
    key = (
        os.getpid(),
        settings.WHATSAPP_API_BASE_URL,
        settings.WHATSAPP_PHONE_NUMBER_ID,
        settings.WHATSAPP_ACCESS_TOKEN,
    )
    if getattr(_local, "key", None) != key:
        _local.backend = CloudBackend(base_url=key[1], phone_number_id=key[2], token=key[3])
        _local.key = key
    backend: CloudBackend = _local.backend
    return backend


def get_backend() -> WhatsAppBackend:
    if settings.WHATSAPP_BACKEND == "console":
        return console_backend()
    return cloud_backend()

"""The console backend: records and logs each message, never calls out (the embedded default)."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from typing import Any

logger = logging.getLogger("integrations.whatsapp.console")


class ConsoleBackend:
    """Keeps the last messages in memory (for the ``chat`` command and tests) and logs them."""

    def __init__(self, keep: int = 1000) -> None:
        self.keep = keep
        self.sent: list[dict[str, Any]] = []
        self.read: list[str] = []  # message ids marked read
        self._lock = threading.Lock()

    def send(self, body: dict[str, Any]) -> str:
        wamid = f"wamid.console.{uuid.uuid4().hex}"
        with self._lock:
            self.sent.append({"wamid": wamid, **body})
            del self.sent[: -self.keep]
        logger.info(
            "whatsapp console → %s: %s",
            body.get("to") or body.get("recipient"),
            json.dumps(body, ensure_ascii=False)[:2000],
        )
        return wamid

    def mark_read(self, message_id: str) -> None:
        with self._lock:
            self.read.append(message_id)
            del self.read[: -self.keep]
        logger.debug("whatsapp console: %s marked read", message_id)

"""Send every due outbound message now (what the beat sweeper does once a minute).

``--until-empty`` keeps sweeping until nothing is queued (or ``--timeout``
seconds pass): for ops after an outage, for benchmarks, and for tests that
run several drainers side by side.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, InterfaceError, connection

from conversations.messaging.claiming import PENDING
from conversations.messaging.sending import outbox_sweep
from conversations.models import OutboundMessage

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the due outbound messages (once, or until none are queued)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until-empty", action="store_true")
        parser.add_argument("--timeout", type=float, default=600.0)

    def handle(self, *args: Any, until_empty: bool, timeout: float, **options: Any) -> None:
        deadline = time.monotonic() + timeout
        total = _sweep()
        # Until nothing is queued or in flight: rows waiting for a retry or held by another
        # worker are waited for, up to the timeout.
        while until_empty and time.monotonic() < deadline:
            try:
                if not OutboundMessage.objects.filter(state__in=PENDING).exists():
                    break
            except (DatabaseError, InterfaceError) as exc:
                _reconnect(exc)
                continue
            sent = _sweep()
            total += sent
            if not sent:
                time.sleep(0.05)
        self.stdout.write(f"sent {total}")


def _sweep() -> int:
    """One sweep; a dropped database connection is logged and the next sweep reconnects.

    What the dropped transaction held is rolled back: a claimed row is claimed again
    once its claim is stale, a row Meta accepted but we could not mark sent is the
    one window where a message can go twice (docs/reliability.md)."""
    try:
        return outbox_sweep()
    except (DatabaseError, InterfaceError) as exc:
        _reconnect(exc)
        return 0


def _reconnect(exc: Exception) -> None:
    logger.warning("database connection lost (%s); reconnecting", str(exc).splitlines()[0] if str(exc) else exc)
    connection.close()
    time.sleep(0.2)

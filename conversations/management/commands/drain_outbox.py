"""Send every due outbound message now (what the beat sweeper does once a minute).

``--until-empty`` keeps sweeping until nothing is queued (or ``--timeout``
seconds pass): for ops after an outage, for benchmarks, and for tests that
run several drainers side by side.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from conversations.models import OutboundMessage
from conversations.sending import PENDING, outbox_sweep


class Command(BaseCommand):
    help = "Send the due outbound messages (once, or until none are queued)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until-empty", action="store_true")
        parser.add_argument("--timeout", type=float, default=600.0)

    def handle(self, *args: Any, until_empty: bool, timeout: float, **options: Any) -> None:
        deadline = time.monotonic() + timeout
        total = outbox_sweep()
        # Until nothing is queued or in flight: rows waiting for a retry or held by another
        # worker are waited for, up to the timeout.
        while until_empty and time.monotonic() < deadline:
            if not OutboundMessage.objects.filter(state__in=PENDING).exists():
                break
            sent = outbox_sweep()
            total += sent
            if not sent:
                time.sleep(0.05)
        self.stdout.write(f"sent {total}")

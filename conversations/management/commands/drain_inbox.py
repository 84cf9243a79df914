"""Process every pending inbound message now (what the workers and the inbox sweeper do).

``--until-empty`` keeps going until nothing is pending (or ``--timeout``
seconds pass): for ops after an outage, for benchmarks, and for tests that
run several drainers side by side. Each customer's messages are processed in
order under the customer's claim, so drainers and workers can run together.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, InterfaceError, connection
from django.utils import timezone

from conversations.engine.inbox import inbox_process
from conversations.models import InboxState, ProcessedMessage

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Process the pending inbound messages (once, or until none are pending)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until-empty", action="store_true")
        parser.add_argument("--timeout", type=float, default=600.0)

    def handle(self, *args: Any, until_empty: bool, timeout: float, **options: Any) -> None:
        deadline = time.monotonic() + timeout
        total = 0
        while True:
            try:
                due = ProcessedMessage.objects.filter(state=InboxState.PENDING).exclude(
                    next_attempt_at__gt=timezone.now()
                )
                keys = list(dict.fromkeys(due.order_by("id").values_list("customer_key", flat=True)[:500]))
                done = sum(inbox_process(key) for key in keys)
            except (DatabaseError, InterfaceError) as exc:
                logger.warning("database error while draining the inbox (%s); reconnecting", exc)
                connection.close()
                continue
            total += done
            if not until_empty or time.monotonic() >= deadline:
                break
            if not done:
                if not ProcessedMessage.objects.filter(state=InboxState.PENDING).exists():
                    break
                time.sleep(0.05)  # held by another drainer, or waiting for a retry
        self.stdout.write(f"processed {total}")

"""Read receipts (docs/sending.md "Read receipts"): the customer's blue ticks.

Once a message's turn is committed and its replies are sent, the inbox marks the message read at
Meta: one call, best effort. Nothing waits on it and nothing retries it (a lost receipt costs two
grey ticks, and the next message's receipt marks the earlier ones read too, as Meta documents);
a failure is logged and counted, never raised.
"""

from __future__ import annotations

import logging

from django.conf import settings

from conversations.messaging.backend import get_backend
from tattoobot.foundations import counters

logger = logging.getLogger(__name__)


def read_receipt_send(message_id: str) -> bool:
    """Mark one inbound message read at Meta; whether Meta took it. Never raises."""
    if not message_id or not settings.WHATSAPP_READ_RECEIPTS:
        return False
    try:
        get_backend().mark_read(message_id)
    except Exception as exc:
        counters.count("read_receipts", "failed")
        logger.warning("read receipt for %s not sent: %s", message_id, exc)
        return False
    counters.count("read_receipts", "sent")
    return True

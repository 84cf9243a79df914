"""System events for ops (docs/operations.md): one call records level, type, lead, payload and the correlation id."""

from __future__ import annotations

import logging
from typing import Any

from leads.models import Lead, SystemEvent
from tattoobot.foundations.logging import get_correlation_id

logger = logging.getLogger("tattoobot.events")
_LOG_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def system_event_record(
    *,
    type: str,  # the column is called "type" in the admin and the API
    level: str = SystemEvent.Level.WARNING,
    message: str = "",
    lead: Lead | None = None,
    payload: dict[str, Any] | None = None,
) -> SystemEvent:
    """Store the event and log it; the current correlation id is attached."""
    correlation_id = get_correlation_id()
    event = SystemEvent.objects.create(
        type=type,
        level=level,
        message=message[:500],
        lead=lead,
        payload=payload or {},
        correlation_id="" if correlation_id == "-" else correlation_id,
    )
    logger.log(_LOG_LEVELS.get(level, logging.WARNING), "system event %s: %s", type, message, extra={"lead": lead})
    return event

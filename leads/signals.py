"""Status history, written from django-fsm's ``post_transition`` (connected in ``LeadsConfig.ready``)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone

from leads.models import Lead, StatusChange

logger = logging.getLogger("leads.lifecycle")


def record_status_change(
    sender: type[Lead],
    instance: Lead,
    name: str,
    source: str,
    target: str,
    method_kwargs: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    if kwargs.get("exception") is not None:
        return
    method_kwargs = method_kwargs or {}
    instance.status_changed_at = timezone.now()
    StatusChange.objects.create(
        lead=instance,
        from_status=source,
        to_status=target,
        transition=name,
        reason=str(method_kwargs.get("reason", ""))[:200],
        actor=str(method_kwargs.get("actor", ""))[:100],
    )
    logger.info("lead %s: %s -> %s (%s)", instance.pk, source, target, name)

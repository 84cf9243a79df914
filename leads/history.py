"""Status history, written from django-fsm's ``post_transition`` (connected in ``LeadsConfig.ready``)."""

from __future__ import annotations

import inspect
import logging
from functools import cache
from typing import Any

from django.utils import timezone

from leads.models import Lead, StatusChange

logger = logging.getLogger("leads.lifecycle")


@cache
def _defaults(transition_name: str) -> dict[str, Any]:
    """The keyword defaults of a transition method (its default reason and actor)."""
    signature = inspect.signature(getattr(Lead, transition_name))
    return {
        name: param.default
        for name, param in signature.parameters.items()
        if param.default is not inspect.Parameter.empty
    }


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
    method_kwargs = {**_defaults(name), **(method_kwargs or {})}
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

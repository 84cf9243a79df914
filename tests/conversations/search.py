"""Search every text-like column of every table for strings (the erasure check)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


# Studio configuration written by the artist, not by customers (its examples may share words).
CONFIGURATION = frozenset({"Question", "StudioSettings", "TourStop", "FaqEntry", "CopyOverride"})


def find_strings(needles: list[str]) -> list[tuple[str, str, int]]:
    """(model, field, pk) for every value containing one of ``needles`` (case-insensitive)."""
    hits = []
    for model in apps.get_models():
        if model.__name__ in CONFIGURATION:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            for pk, value in model._default_manager.values_list("pk", field.attname):
                text = str(value).lower() if value is not None else ""
                for needle in needles:
                    if needle.lower() in text:
                        hits.append((model.__name__, field.name, pk))
    return hits

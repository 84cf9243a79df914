"""System checks that refuse start-up when a configured provider lacks credentials (README.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


def _missing(names: Sequence[str]) -> list[str]:
    return [name for name in names if not getattr(settings, name)]


@register()
def check_whatsapp(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.WHATSAPP_BACKEND != "cloud":
        return []
    errors: list[CheckMessage] = [
        Error(
            f"{name} is required when WHATSAPP_BACKEND=cloud",
            hint=f"Set {name} (or {name}_FILE) in the environment.",
            id="tattoobot.E001",
        )
        for name in _missing(
            ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN")
        )
    ]
    if not settings.ARTIST_WHATSAPP_NUMBER:
        errors.append(
            Warning(
                "ARTIST_WHATSAPP_NUMBER is not set: the artist gets no WhatsApp notifications",
                id="tattoobot.W001",
            )
        )
    return errors


@register()
def check_stripe(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    names = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
    missing = _missing(names)
    if len(missing) == len(names):
        return []  # payments not configured
    return [
        Error(
            f"{name} is required once Stripe is configured",
            hint="Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or neither.",
            id="tattoobot.E002",
        )
        for name in missing
    ]


def _service_account_problem(path_value: str) -> str | None:
    if not path_value:
        return "GOOGLE_SERVICE_ACCOUNT_FILE is not set"
    path = Path(path_value)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return f"GOOGLE_SERVICE_ACCOUNT_FILE cannot be read: {exc.strerror or exc}"
    except ValueError:
        return "GOOGLE_SERVICE_ACCOUNT_FILE is not JSON"
    if not isinstance(data, dict) or not data.get("client_email") or not data.get("private_key"):
        return "GOOGLE_SERVICE_ACCOUNT_FILE lacks client_email or private_key"
    return None


@register()
def check_google(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    features = []
    if settings.CALENDAR_BACKEND == "google":
        features.append("CALENDAR_BACKEND=google")
    if settings.GOOGLE_SHEETS_SPREADSHEET_ID:
        features.append("GOOGLE_SHEETS_SPREADSHEET_ID")
    if not features:
        return []
    errors: list[CheckMessage] = []
    problem = _service_account_problem(settings.GOOGLE_SERVICE_ACCOUNT_FILE)
    if problem:
        errors.append(Error(f"{problem} (needed by {' and '.join(features)})", id="tattoobot.E003"))
    if settings.CALENDAR_BACKEND == "google" and not settings.GOOGLE_CALENDAR_ID:
        errors.append(Error("GOOGLE_CALENDAR_ID is required when CALENDAR_BACKEND=google", id="tattoobot.E004"))
    return errors

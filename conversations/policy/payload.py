"""Reading Meta's JSON: the shape checks every part of the webhook reader shares.

Each reader returns the value or raises ``PayloadError`` naming where the body
is wrong (the view answers 400 and stores nothing).
"""

from __future__ import annotations

import re
from typing import Any

DIGITS = re.compile(r"^\d{1,20}$")
MAX_ID = 200
USER_ID = re.compile(r"^[A-Z]{2}(\.[A-Za-z0-9_-]{1,64}){1,3}$")  # US.1349…, US.ENT.1181…


class PayloadError(ValueError):
    """The body is JSON but not a WhatsApp Business Account change notification."""


def as_list(parent: dict[str, Any], key: str, where: str) -> list[Any]:
    value = parent.get(key, [])
    if not isinstance(value, list):
        raise PayloadError(f"{where}.{key} must be a list")
    return value


def as_dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{where} must be an object")
    return value


def as_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID:
        raise PayloadError(f"{where} must be a non-empty string")
    return value


def as_timestamp(value: Any, where: str) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) <= 12:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return value
    raise PayloadError(f"{where} must be Unix seconds")


def text_of(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key, "")
    return value if isinstance(value, str) else ""


def as_user_id(value: Any, where: str) -> str:
    """A business-scoped user id as Meta sends it (``US.1349…``), or "" when absent."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > 90 or not USER_ID.match(value):
        raise PayloadError(f"{where} must be a WhatsApp user id")
    return value

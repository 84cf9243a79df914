"""Phone numbers as WhatsApp gives them (``447700900123``) and as we store them (``+447700900123``)."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


class InvalidPhoneNumber(ValueError):
    pass


@lru_cache(maxsize=4096)  # a pure function, and a customer writes many messages: parsed once per process
def to_e164(raw: str) -> str:
    """E.164 with '+', from a WhatsApp ``wa_id`` or a typed number; raises ``InvalidPhoneNumber``."""
    digits = "".join(ch for ch in raw.strip() if ch.isdigit() or ch == "+")
    if not digits:
        raise InvalidPhoneNumber(raw)
    candidate = digits if digits.startswith("+") else f"+{digits}"
    try:
        parsed = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(raw) from exc
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidPhoneNumber(raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def country_of(e164: str) -> str:
    """The ISO 3166 country of an E.164 number ("GB"), "" when it has none (or is no number)."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None)) or ""
    except phonenumbers.NumberParseException:
        return ""

"""Handover reasons and statuses in words, for the artist's notifications."""

from __future__ import annotations

from leads.models.lead import LeadStatus

_FIXED = {
    "cover_up": "it's a cover-up or rework",
    "complexity_realism": "it's a realism piece",
    "refund": "they mentioned a refund",
    "artist_replied": "you replied to them",
}
_PREFIXES = {
    "keyword:": "they asked for a person",
    "phrase:": "they asked to talk to you",
    "price:": "they asked about the price",
}


def describe_reason(code: str) -> str:
    if code in _FIXED:
        return _FIXED[code]
    if code.startswith("parse_failure:"):
        return f"I couldn't read their {code.split(':', 1)[1]} twice"
    for prefix, words in _PREFIXES.items():
        if code.startswith(prefix):
            return words
    return code.replace("_", " ")


def describe_status(status: str) -> str:
    try:
        return str(LeadStatus(status).label).lower()
    except ValueError:
        return status.replace("_", " ")

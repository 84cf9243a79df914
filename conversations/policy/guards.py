"""Answer guards (docs/conversation.md): what a reply looks like before it is taken as an answer."""

from __future__ import annotations

import re

from conversations.policy.money import parse_money
from conversations.policy.numbers import words_to_digits
from conversations.policy.size import parse_size
from conversations.policy.text import normalize

_COVER_UP = re.compile(r"\b(cover\s*-?\s*up|coverup|covering up|rework(ed|ing)?)\b", re.IGNORECASE)
# Words that may surround a bare size or amount without making it an idea.
_FILLER = frozenset(
    {
        "about",
        "around",
        "roughly",
        "approx",
        "approximately",
        "maybe",
        "like",
        "cm",
        "mm",
        "in",
        "inch",
        "inches",
        "x",
        "by",
        "wide",
        "high",
        "tall",
        "and",
        "or",
        "to",
        "up",
        "max",
        "budget",
        "is",
        "my",
        "of",
        "ish",
        "k",
        "gbp",
        "eur",
        "usd",
        "pounds",
        "pound",
        "quid",
        "euros",
        "euro",
        "dollars",
        "dollar",
    }
)


def mentions_cover_up(text: str) -> bool:
    """Whether "cover up", "cover-up", "coverup" or "rework" appears: the artist must look (docs/conversation.md)."""
    return bool(_COVER_UP.search(text))


def has_size(text: str) -> bool:
    return parse_size(text).kind in {"dimensions", "too_big"}


def only_size_or_amount(text: str, currency: str) -> bool:
    """The message is nothing but a size or an amount (not an idea or a placement)."""
    if not (has_size(text) or parse_money(text, currency) is not None):
        return False
    # Read as the parsers read it: "six hundred pounds" is an amount, not words of an idea.
    words = normalize(words_to_digits(text)).split()
    leftover = [w for w in words if not any(ch.isdigit() for ch in w) and w not in _FILLER]
    return not leftover

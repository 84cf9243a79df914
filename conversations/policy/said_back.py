"""An answer the bot stored in English, said back in the customer's language (docs/conversation.md
"Languages").

Pure: no Django, no I/O. The parsers store a placement or style as the English word it means
("left forearm", "fine line") so the artist reads one language; the customer is shown it in their
own: "antebrazo izquierdo", "linker Unterarm", "trait fin". The words are the reverse tables of
``wordlists/body_words.py`` (``SAID_PLACEMENTS``, ``SAID_SIDES``, ``SAID_STYLES``). A value the tables
do not know (the customer's own words, the studio's extra placements) gives ``None``: shown as written.
"""

from __future__ import annotations

import re

from conversations.policy.wordlists.body_words import (
    SAID_PLACEMENTS,
    SAID_SIDES,
    SAID_STYLES,
    SIDE_FIRST,
    STYLE_SPELLINGS,
)

_SIDED = re.compile(r"^(?:(left|right)\s+)?(.+)$")


def _key(value: str) -> str:
    return " ".join(value.lower().replace("-", " ").split())


def placement_in(value: str, language: str) -> str | None:
    """ "left forearm" in ``language`` ("antebrazo izquierdo", "linker Unterarm"), or None."""
    words = SAID_PLACEMENTS.get(language)
    match = _SIDED.match(_key(value))
    if words is None or match is None:
        return None
    side, part = match.group(1), words.get(match.group(2))
    if part is None:
        return None
    gender, _, word = part.partition(":")
    if not side:
        return word.replace(" {}", "")
    adjective = SAID_SIDES[language][side].get(gender)
    if adjective is None:  # a plural, or a sleeve: no side said back
        return None
    if "{}" in word:
        return word.replace("{}", adjective)
    return f"{adjective} {word}" if language in SIDE_FIRST else f"{word} {adjective}"


def style_in(value: str, language: str) -> str | None:
    """ "fine line" in ``language`` ("línea fina", "trait fin", "Fineline"), or None."""
    words = SAID_STYLES.get(language)
    if words is None:
        return None
    key = " ".join(value.lower().split())
    return words.get(STYLE_SPELLINGS.get(key, _key(key)))

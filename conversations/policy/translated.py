"""Placements and styles written in es, fr, de, pt or it, read as the English words of ``vocabulary.py``
(docs/conversation.md "What each language's parsers read").

Pure: no Django, no I/O. ``placement`` finds a body part after a preposition
and an article ("en el tobillo izquierdo" → "left ankle", "am Unterarm" →
"forearm"), a sleeve anywhere ("media manga" → "half sleeve"), or a sentence
that is only a body part ("Unterarm", "la espalda"); ``styles`` finds every
style named ("línea fina y realismo" → "fine line", "realism").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from conversations.policy.wordlists import body_words as words


def _key(phrase: str) -> str:
    """A phrase as the tables are keyed: lower case, hyphens and runs of spaces as one space."""
    return re.sub(r"[\s-]+", " ", phrase.lower()).strip()


def _alternation(phrases: Iterable[str]) -> str:
    """Longest first; a space or hyphen in a phrase matches either ("avant-bras", "avant bras")."""
    keys = sorted({_key(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"[\s-]+") for k in keys)


def _keyed(tables: dict[str, dict[str, str]]) -> dict[str, str]:
    return {_key(word): canonical for table in tables.values() for word, canonical in table.items()}


_PARTS = _keyed(words.PLACEMENTS)
_SLEEVES = _keyed(words.SLEEVES)
_STYLES = _keyed(words.STYLES)
_SIDES = {**words.SIDES_BEFORE, **words.SIDES_AFTER}
_PART = _alternation(_PARTS)
_BEFORE = rf"(?:(?P<before>{_alternation(words.SIDES_BEFORE)})\s+)?"
_AFTER = rf"(?:\s+(?P<after>{_alternation(words.SIDES_AFTER)}))?"
# Each language's own preposition and article ("en el", "sur l'", "auf dem"), or its joined one ("am", "sulla").
_LEAD = "|".join(
    rf"(?:{words.PREPOSITIONS[lang]})\s+(?:{words.ARTICLES[lang]})|(?:{words.JOINED[lang]})" for lang in words.JOINED
)
_ARTICLE = "|".join(words.ARTICLES.values())
_CUED = re.compile(
    rf"(?<![\w'’])(?:{_LEAD})(?:\s+(?:{words.POSSESSIVES}))?\s*{_BEFORE}(?P<part>{_PART}){_AFTER}(?![\w-])", re.I
)
_WHOLE = re.compile(rf"^\s*(?P<article>(?:{_ARTICLE})\s*)?{_BEFORE}(?P<part>{_PART}){_AFTER}\s*[.!]*$", re.I)
_BEHIND = re.compile(r"\s*(?:detr[aá]s|derri[eè]re|hinter|atr[aá]s|dietro)\b", re.I)
_SLEEVE = re.compile(rf"(?<![\w-])(?P<part>{_alternation(_SLEEVES)})(?![\w-])", re.I)
_STYLE = re.compile(rf"(?<![\w-])(?:{_alternation(_STYLES)})(?![\w-])", re.I)


def placement(sentence: str) -> tuple[str, str] | None:
    """The English placement a sentence names in another language, and the words it was read from."""
    match = _CUED.search(sentence)
    if match is None:
        whole = _WHOLE.match(sentence)
        if whole is not None and (whole.group("article") or _key(whole.group("part")) not in words.NEEDS_ARTICLE):
            match = whole
    if match is not None:
        side = match.group("before") or match.group("after")
        sided = _SIDES.get(side.lower(), "") if side else ""
        part = _PARTS[_key(match.group("part"))]
        if _BEHIND.match(match.group(0)):
            part = f"behind the {part}"  # "detrás de la oreja", as "behind the ear"
        return f"{sided} {part}".strip(), match.group(0).strip(" .!")
    sleeve = _SLEEVE.search(sentence)
    return (_SLEEVES[_key(sleeve.group("part"))], sleeve.group(0)) if sleeve else None


def styles(sentence: str) -> list[str]:
    """The English names of the styles a sentence names in another language, in order, once each."""
    names: list[str] = []
    for match in _STYLE.finditer(sentence):
        name = _STYLES[_key(match.group(0))]
        if name not in names:
            names.append(name)
    return names

"""Which offered slot a reply picks (docs/conversation.md, ``booking_pending``).

Accepted: a list reply (``slot:2``), ``2``, ``option 2``, ``#2``, ``number 2``,
``the second one`` — ordinals and spelled numbers up to ten in every spoken language ("the
seventh", "la décima", "number eight", "neun"); a weekday with ``morning`` / ``afternoon`` / ``evening``;
a time (``2pm``, ``14:00``, ``2.30pm``) — each only when it matches exactly one
offered slot, and combinations narrow each other ("Tuesday 2pm"). Two numbers
("1 or 2"), a number out of range, or words matching several slots → ambiguous.
Slots are given as wall-clock datetimes in the studio's time zone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from conversations.policy.keywords import keyword_text
from conversations.policy.wordlists import pick_words

_DAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
}  # fmt: skip
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    **pick_words.NUMBER_WORDS,
}  # fmt: skip
_DAYS.update(pick_words.DAYS)
_ORDINALS.update(pick_words.ORDINALS)
_PARTS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}
MONTHS = {  # month names and short forms → 1–12 (also read by policy/windows.py)
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_TIME = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|\b(\d{1,2})[:.](\d{2})\b"
    r"|\b(\d{1,2})\s*(?:h|uhr)\s*(\d{2})?\b"  # 15h, 15h30, 15 Uhr
)
_LEADS = r"(?:option|opt|number|no|num|slot|choice|#)"
_NUMBER = re.compile(rf"(?<=\s){_LEADS}?\s*(\d{{1,2}})(?:st|nd|rd|th|º|ª|er|re|e)?(?=\s)")
_SPELLED_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SPELLED_LEADS = "|".join(("option", "number", "no", "slot", "choice", *pick_words.LEADS))
_SPELLED = re.compile(
    rf"^(?:(?:{_SPELLED_LEADS}) )*({_SPELLED_WORDS})"
    r"(?: (?:please|pls|thanks|thank you|por favor|gracias|merci|svp|bitte|danke|obrigad[oa]|grazie|per favore))?$"
)
_LIST_ID = re.compile(r"^slot:(\d{1,2})$")


@dataclass(frozen=True)
class Pick:
    index: int | None  # 0-based index into the offered slots
    ambiguous: bool = False


NOTHING = Pick(None)
AMBIGUOUS = Pick(None, ambiguous=True)


def parse_pick(text: str, slots: Sequence[datetime], reply_id: str = "") -> Pick:
    listed = _LIST_ID.match(reply_id or "")
    if listed:
        n = int(listed.group(1))
        return Pick(n - 1) if 1 <= n <= len(slots) else AMBIGUOUS
    raw = (text or "").lower()
    normal = keyword_text(text or "")
    candidates = set(range(len(slots)))
    narrowed = False

    times = _times(raw)
    text_without_times = _TIME.sub(" ", raw)
    numbers = _numbers(text_without_times, normal)
    words = set(normal.split())
    spelled = _SPELLED.match(normal)
    months = {MONTHS[w] for w in words if w in MONTHS and not (spelled and w == spelled.group(1))}
    if len(numbers) > 1 or len(months) > 1:
        return AMBIGUOUS
    if months:  # "3 Dec", "December 3rd": a date, not an option number
        month = months.pop()
        candidates &= {i for i, s in enumerate(slots) if s.month == month and (not numbers or s.day == numbers[0])}
        narrowed = True
    elif numbers:
        n = numbers[0]
        if not 1 <= n <= len(slots):
            return AMBIGUOUS
        candidates &= {n - 1}
        narrowed = True

    in_order = normal.split()
    days = {_DAYS[w] for i, w in enumerate(in_order) if w in _DAYS and not _ordinal_in_context(in_order, i)}
    feira = re.search(r"\b(segunda|terça|terca|quarta|quinta|sexta) feira\b", normal)
    if feira:  # Portuguese weekdays: "segunda-feira" is Monday, bare "segunda" the second one
        days.add(pick_words.PT_FEIRA[feira.group(1)])
    if len(days) > 1:
        return AMBIGUOUS
    if days:
        day = days.pop()
        candidates &= {i for i, s in enumerate(slots) if s.weekday() == day}
        narrowed = True
    spaced = f" {normal} "
    parts = [
        span
        for word, phrases, span in (
            ("morning", pick_words.MORNING, _PARTS["morning"]),
            ("afternoon", pick_words.AFTERNOON, _PARTS["afternoon"]),
            ("evening", pick_words.EVENING, _PARTS["evening"]),
        )
        if word in words or any(f" {phrase} " in spaced for phrase in phrases)
    ]
    if len(parts) > 1:
        return AMBIGUOUS
    if parts:
        low, high = parts[0]
        candidates &= {i for i, s in enumerate(slots) if low <= s.hour < high}
        narrowed = True
    if len(times) > 1:
        return AMBIGUOUS
    if times:
        hour, minute = times[0]
        candidates &= {i for i, s in enumerate(slots) if (s.hour, s.minute) == (hour, minute)}
        narrowed = True

    if not narrowed:
        return NOTHING
    if len(candidates) == 1:
        return Pick(candidates.pop())
    return AMBIGUOUS


def _numbers(raw: str, normal: str) -> list[int]:
    spaced = " " + re.sub(r"[^\w#]+", " ", raw).replace("#", " # ") + " "
    found = [int(m.group(1)) for m in _NUMBER.finditer(spaced)]
    words = normal.split()
    weekday = {i for i, w in enumerate(words) if i + 1 < len(words) and words[i + 1] == "feira"}
    found += [_ORDINALS[w] for i, w in enumerate(words) if w in _ORDINALS and i not in weekday]
    found += [pick_words.ORDINAL_AFTER_ARTICLE[w] for i, w in enumerate(words) if _ordinal_in_context(words, i)]
    spelled = _SPELLED.match(normal)
    if spelled:  # "two", "option two": a spelled number only as the whole answer ("the second one" has none)
        found.append(_NUMBER_WORDS[spelled.group(1)])
    return sorted(set(found))


def _ordinal_in_context(words: list[str], i: int) -> bool:
    """Spanish "la sexta", "sexta opción": the sixth; "sexta" alone is the Portuguese Friday."""
    if words[i] not in pick_words.ORDINAL_AFTER_ARTICLE:
        return False
    before = i > 0 and words[i - 1] in pick_words.ARTICLES_BEFORE
    return before or (i + 1 < len(words) and words[i + 1] in pick_words.OPTION_WORDS)


def _times(raw: str) -> list[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for match in _TIME.finditer(raw):
        if match.group(6):
            hour, minute = int(match.group(6)), int(match.group(7) or 0)
            if hour > 23 or minute > 59:
                continue
        elif match.group(3):
            hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
            if not 1 <= hour <= 12 or minute > 59:
                continue
            hour = hour % 12 + (12 if half == "pm" else 0)
        else:
            hour, minute = int(match.group(4)), int(match.group(5))
            if hour > 23 or minute > 59:
                continue
        found.add((hour, minute))
    return sorted(found)

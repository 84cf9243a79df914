"""English number words as digits, for the money and size parsers: "six hundred" → "600",
"fifteen hundred" → "1500", "twenty five" → "25", "two and a half thousand" → "2500",
"a couple of hundred" → "200", "ten by fifteen" → "10 by 15".

Only runs of number words are rewritten; every other word is kept as it is.
A lone "a" or "one" stays a word ("a small rose", "one rose"), and "a grand",
"a thousand" and "half a grand" are left to the money parser, which reads them
itself. The parsers use the rewritten text only when it reads as an answer, so
"three roses" in a size answer is still a description.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "grand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "couple", "and", "half", "a", "of"], key=len, reverse=True))
_RUN = re.compile(rf"(?<![a-z0-9])(?:{_WORD})(?:[ -](?:{_WORD}))*(?![a-z0-9])", re.IGNORECASE)
_COUPLE = re.compile(r"^a couple(?: of)?(?= hundred| thousand)", re.IGNORECASE)


def words_to_digits(text: str) -> str:
    """``text`` with each run of English number words replaced by its value in digits."""
    return _RUN.sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    run = match.group(0)
    words = run.lower().replace("-", " ").split()
    rewritten = " ".join(_segment(segment) for segment in _segments(words))
    return run if rewritten == " ".join(words) else rewritten  # nothing read: the words as written


def _segments(words: list[str]) -> list[list[str]]:
    """A run split where "and" joins two numbers ("four and six hundred") rather than parts of one
    ("three hundred and fifty", "two and a half thousand")."""
    segments: list[list[str]] = [[]]
    for position, word in enumerate(words):
        joins_parts = position > 0 and (
            words[position - 1] in _SCALES or words[position + 1 : position + 3] == ["a", "half"]
        )
        if word == "and" and not joins_parts:
            segments.append(["and"])
            segments.append([])
        else:
            segments[-1].append(word)
    return [segment for segment in segments if segment]


def _segment(words: list[str]) -> str:
    # Leading and trailing glue ("a", "and", "of") belongs to the sentence, not the number.
    start, end = 0, len(words)
    while start < end and words[start] in {"and", "of", "a"} and not _COUPLE.match(" ".join(words[start:])):
        start += 1
    while end > start and words[end - 1] in {"and", "of", "a", "half", "couple"}:
        end -= 1
    value = _value(words[start:end])
    if value is None:
        return " ".join(words)
    return " ".join(part for part in (" ".join(words[:start]), value, " ".join(words[end:])) if part)


def _value(words: list[str]) -> str | None:
    """The number a run of words names, as digits; None when it is not one number."""
    if not words or words == ["one"] or all(w in {"a", "and", "of", "half", "couple"} for w in words):
        return None
    if (words[0] == "a" and len(words) >= 2 and words[1] in _SCALES) or words[:2] == ["half", "a"]:
        return None  # "a grand", "a thousand", "half a grand": the money parser reads these
    if words[:2] == ["a", "couple"]:
        words = ["two", *[w for w in words[2:] if w != "of"]]
    total, current, half = 0, 0, False
    seen_digit = False
    for position, word in enumerate(words):
        if word in _UNITS:
            current += _UNITS[word]
            seen_digit = True
        elif word in _TENS:
            current += _TENS[word]
            seen_digit = True
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in {"thousand", "grand"}:
            total += (current or 1) * 1000 + (500 if half else 0)
            current, half = 0, False
        elif word == "and" and position + 2 < len(words) and words[position + 1 : position + 3] == ["a", "half"]:
            half = True
        elif word in {"and", "a", "half", "of"}:
            continue
        else:
            return None
    if not seen_digit:
        return None
    return str(total + current)

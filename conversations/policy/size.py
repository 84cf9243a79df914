"""The ``size`` answer (docs/conversation.md): width by height in centimetres, or a size word.

Rules of ``parse_size``:

* Two numbers joined by ``x``, ``X``, the multiplication sign, ``*`` or ``by``
  are width then height: ``10x15``, ``10 x 15 cm``, ``10 by 15``, ``10cm x 15cm``,
  ``7.5x10``, ``7,5 x 10`` (decimal comma), ``about 10x15, thanks``.  Labelled
  forms work too: ``10 wide 15 high``, ``10cm wide and 15cm tall``,
  ``15 tall, 10 wide`` (read as 10 wide, 15 tall), ``w10 h15``.
* Units: cm (the default when none is given), mm, inches (``in``, ``inch``,
  ``"``), m, ft.  A unit written on one side only applies to both
  (``10x15cm``, ``4x6 in``); mixed units convert separately (``4in x 10cm``).
  Values are rounded to 0.1 cm, half up.
* A side over 100 cm gives ``too_big`` (the rounded sizes are kept); a side of
  zero or below, a range (``10-15 x 20``), three sides (``10x15x20``), a single
  number (``10cm``) or a number of ten digits or more gives ``invalid``.
* With no digits at all, a recognised size word gives ``descriptive`` with a
  category hint (the largest mentioned wins; "not too big" reads as medium):
  ``tiny``/``small`` -> small, ``palm sized``/``hand``/``fist`` -> medium,
  ``half sleeve``/``thigh``/``calf`` -> large, ``full sleeve``/``back piece`` -> xl.
* Languages (``languages/size_words.py``): "10 por 15 cm", "10 sur 15",
  "10 auf 15", "10 mal 15", "10 per 15"; centimetres and inches written out
  ("15 x 20 centímetros", "Zentimeter", "pollici"); the size words of each
  language ("pequeño", "petit", "handflächengroß", "mezza manica") and their
  negation ("pas trop grand" is medium).  A single number is ``invalid`` in
  every language, as in English ("unos 10 cm", "about 10cm").
* Anything else is ``invalid``.  ``parse_size`` never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from conversations.policy.numbers import words_to_digits
from conversations.policy.text import nfkc, normalize
from conversations.policy.wordlists import joined, size_words

SizeKind = Literal["dimensions", "descriptive", "too_big", "invalid"]
MAX_SIDE_CM = Decimal(100)
CATEGORIES = ("small", "medium", "large", "xl")

_TENTH = Decimal("0.1")
_FACTORS = {"cm": Decimal(1), "mm": Decimal("0.1"), "in": Decimal("2.54"), "m": Decimal(100), "ft": Decimal("30.48")}
_HEIGHT_LABELS = frozenset({"tall", "high", "height", "h", "long", "length", "down"})
_WIDTH_LABELS = frozenset({"wide", "width", "w", "across"})

# "in" is an inch only when no ordinary word follows it ("10x15 in black" is not inches).
_IN_WORDS = r"the|a|an|my|your|black|colou?rs?|grey|gray|red|blue|green|white|total|size|cm|mm|length|width|height|fine"
_UNIT = (
    r"(?P<{g}_unit>"
    + joined(size_words.UNITS)
    + rf"|ins?(?! ?(?:{_IN_WORDS})(?![a-z]))|\"|”|“|′′|''|met(?:er|re)s?|m|ft|feet|foot)(?![a-z])"
)
_LABEL = r"(?P<{g}_label>wide|width|w|across|tall|high|height|h|long|length|down)(?![a-z])"
_NUMBER = r"(?P<{g}_neg>-)?(?P<{g}>\d{{1,9}}(?:\.\d+)?)(?!\d)"
_SIDE = _NUMBER + r" ?(?:" + _UNIT + r")?(?: ?" + _LABEL + r")?"
_TIMES = rf"(?:{joined(size_words.TIMES)})"

# 10x15, 10 cm x 15 cm, 10 wide by 15 tall
_MULTIPLIED = re.compile(r"(?<![\d.])" + _SIDE.format(g="a") + rf" ?{_TIMES} ?" + _SIDE.format(g="b"))
# 10 wide 15 high, 10cm wide and 15cm tall (both labels required)
_LABELLED = re.compile(
    r"(?<![\d.])"
    + (_NUMBER + r" ?(?:" + _UNIT + r")? ?" + _LABEL).format(g="a")
    + r",? ?(?:(?:and|&|by|x) ?)?"
    + (_NUMBER + r" ?(?:" + _UNIT + r")? ?" + _LABEL).format(g="b")
)
# width 10 height 15, w: 10cm h: 15cm
_PREFIXED = re.compile(
    r"(?<![a-z])(?P<a_label>width|w) ?[:=]? ?(?P<a_neg>-)?(?P<a>\d{1,9}(?:\.\d+)?)(?!\d) ?(?:"
    + _UNIT.format(g="a")
    + r")?,? ?(?:(?:and|&|by|x) ?)?(?P<b_label>height|h) ?[:=]? ?(?P<b_neg>-)?(?P<b>\d{1,9}(?:\.\d+)?)(?!\d) ?(?:"
    + _UNIT.format(g="b")
    + r")?"
)
_RANGE_BEFORE = re.compile(r"(?:-|\d ?(?:-|to) ?)$")
_EXTRA_AFTER = re.compile(rf"^(?: ?{_TIMES} ?-?\d|-\d| ?to ?\d)")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))

_HINT_PHRASES: tuple[tuple[str, str], ...] = (
    ("xl", r"full sleeve|leg sleeve|back ?piece|full back|whole back|chest ?piece|full chest|body ?suit|full body"),
    ("xl", r"full leg|extra large|x+l|huge|massive|enormous|giant|gigantic|sleeve"),
    ("large", r"half sleeve|quarter sleeve|thigh|calf|shin|forearm|upper arm|shoulder|rib ?cage|ribs?|side piece"),
    ("large", r"large|big|biggish|bigger|largish"),
    ("medium", r"medium|mid ?sized?|moderate|average|palm|hand|fist|phone|postcard|regular"),
    ("small", r"tiny|teeny|small|smallish|little|mini|micro|dainty|petite|finger|coin|stamp|xs"),
)
_HINT_PHRASES += tuple((category, "|".join(by_language.values())) for category, by_language in size_words.HINTS.items())
_HINT_BY_PHRASE = [(category, re.compile(rf"^(?:{phrases})$")) for category, phrases in _HINT_PHRASES]
_HINT = re.compile(
    rf"(?<![a-z0-9])(?P<neg>{joined(size_words.NOT_TOO)})?(?P<phrase>"
    + "|".join(phrases for _, phrases in _HINT_PHRASES)
    + r")(?![a-z0-9])"
)


@dataclass(frozen=True)
class SizeResult:
    kind: SizeKind
    width_cm: Decimal | None
    height_cm: Decimal | None
    category_hint: str | None
    text: str


def area_cm2(result: SizeResult) -> Decimal | None:
    """Width times height in cm2 when both are known (dimensions, or too_big), else None."""
    if result.width_cm is None or result.height_cm is None:
        return None
    return result.width_cm * result.height_cm


def parse_size(text: str) -> SizeResult:
    """Read a size answer; see the module docstring for the rules."""
    original = text.strip()
    prepared = _prepare(text)
    match = _first_match(prepared)
    if match is None:  # "ten by fifteen cm": the number words as digits, when that reads as a size
        spelled = _prepare(words_to_digits(text))
        if (found := _first_match(spelled)) is not None:
            prepared, match = spelled, found
    if match is not None:
        return _from_match(match, prepared, original)
    if any(ch.isdigit() for ch in prepared):
        return SizeResult("invalid", None, None, None, original)
    hint = _category_hint(normalize(text))
    if hint is None:
        return SizeResult("invalid", None, None, None, original)
    return SizeResult("descriptive", None, None, hint, original)


def _prepare(text: str) -> str:
    folded = nfkc(text).casefold().translate(_DASHES)
    ascii_digits = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in folded)
    single_spaced = _SPACES.sub(" ", ascii_digits).strip()
    return _DECIMAL_COMMA.sub(".", _THOUSANDS_COMMA.sub("", single_spaced))


def _first_match(prepared: str) -> re.Match[str] | None:
    found = [m for m in (p.search(prepared) for p in (_MULTIPLIED, _LABELLED, _PREFIXED)) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def _from_match(match: re.Match[str], prepared: str, original: str) -> SizeResult:
    invalid = SizeResult("invalid", None, None, None, original)
    if match.group("a_neg") or match.group("b_neg"):
        return invalid
    if _RANGE_BEFORE.search(prepared[: match.start()]) or _EXTRA_AFTER.search(prepared[match.end() :]):
        return invalid
    a_unit, b_unit = _unit(match.group("a_unit")), _unit(match.group("b_unit"))
    a_unit, b_unit = a_unit or b_unit or "cm", b_unit or a_unit or "cm"
    first = _to_cm(match.group("a"), a_unit)
    second = _to_cm(match.group("b"), b_unit)
    if match.group("a_label") in _HEIGHT_LABELS or match.group("b_label") in _WIDTH_LABELS:
        first, second = second, first
    if first <= 0 or second <= 0:
        return invalid
    kind: SizeKind = "too_big" if first > MAX_SIDE_CM or second > MAX_SIDE_CM else "dimensions"
    return SizeResult(kind, first, second, None, original)


def _unit(raw: str | None) -> str | None:
    if raw is None:
        return None
    if raw.startswith(("mm", "mil")):
        return "mm"
    if raw.startswith(("cm", "cent", "zent")):
        return "cm"
    if raw.startswith(("in", '"', "”", "“", "′", "'", "pulg", "pouc", "zoll", "poleg", "poll")):
        return "in"
    if raw.startswith(("ft", "fe", "fo")):
        return "ft"
    return "m"


def _to_cm(number: str, unit: str) -> Decimal:
    return (Decimal(number) * _FACTORS[unit]).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _category_hint(normalized: str) -> str | None:
    """The largest size category named in the text; a negated one ("not too big") reads as medium."""
    best: int | None = None
    for match in _HINT.finditer(normalized):
        category = "medium" if match.group("neg") else _phrase_category(match.group("phrase"))
        rank = CATEGORIES.index(category)
        best = rank if best is None else max(best, rank)
    return None if best is None else CATEGORIES[best]


def _phrase_category(phrase: str) -> str:
    for category, pattern in _HINT_BY_PHRASE:
        if pattern.match(phrase):
            return category
    return "medium"  # unreachable: every phrase comes from the table

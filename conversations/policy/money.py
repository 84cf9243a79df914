"""The ``budget`` answer (docs/conversation.md): an amount or a range, in minor units of a currency.

Rules of ``parse_money``:

* Currency: the first mark in the text wins.  ``£`` gbp, ``€`` eur, ``¥`` jpy,
  ``₹`` inr; ``US$``/``A$``/``C$``/``NZ$``/``S$``/``HK$``; ISO codes (``GBP``,
  ``eur``, ``500usd``) before or after the number; words (pounds, quid,
  sterling -> gbp; euro(s) -> eur; yen -> jpy).  A bare ``$``, "dollars" or
  "bucks" is the default currency when that is a dollar currency, else usd.
  No mark: the default currency.
* Numbers: ``1,200``, ``1.200`` and ``1 200`` are thousands (a single
  separator followed by exactly three digits), ``1.200,00`` and ``1,200.50``
  read the last separator as the decimal point, ``450.50``/``450,50`` are
  decimals; ``1 200,50`` (French spacing, any space NFKC makes a space) too.
  A single point before exactly three digits groups thousands in every
  language, ``1.5k`` keeps its decimal point (docs/decisions.md "1.200").
  Suffixes ``k``/``thousand``/``grand`` (x1000), ``hundred``,
  ``m``/``million``; ``a grand`` is 1000, ``half a grand`` 500.
* Not money: a number attached to a size (``10x15``, ``10cm``, ``4 in``,
  ``100mm``), a time (``2pm``, ``2:30``), a date, a percentage, an ordinal or
  a count (``3 sessions``, ``25 años``), a clock time after "a las", "alle",
  "às", "um", "vers".
* Languages: the bound, range, approximation and count words of es, fr, de,
  pt and it are read beside the English ones (``languages/money_words.py``):
  "unos 500 euros", "entre 300 y 500", "jusqu'à 800 €", "höchstens 700".
* Number words: "six hundred", "fifteen hundred", "twenty five", "a couple of
  hundred" are read as their digits first (``conversations.policy.numbers``).
* Shorthand: "4-500" is 400-500 (one digit, then a round amount whose leading
  digit is bigger: the first amount's zeros were left off).
* Ranges: the first two amounts joined by ``-``, ``to``, ``/``, ``or``, ``~``,
  ``between .. and ..``, or bounded on both sides (``min 400 max 600``).  The
  smaller is the minimum.  A multiplier on the second applies to the first
  when the first is not bigger (``2-3k`` is 2000-3000, ``500-2k`` 500-2000).
* Bounds: ``up to``/``max``/``no more than``/``under``/``600 max``/``or less``
  give only a maximum; ``at least``/``from``/``over``/``500+``/``or more``
  give only a minimum.  Otherwise one amount: minimum = maximum = it.
* ``approximate`` when the text says around, about, roughly, approx, circa,
  ``~``, ``ish``, "or so", "give or take", "ballpark".
* ``None``: no amount, zero, or any amount above 1,000,000 major units.  A
  zero lower bound leaves only the maximum (``0-500`` is up to 500).
  Never negative (a minus sign is read as a dash); never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from conversations.policy.numbers import words_to_digits
from conversations.policy.text import nfkc
from conversations.policy.wordlists import joined, size_words
from conversations.policy.wordlists import money_words as words

MAX_MAJOR = Decimal(1_000_000)
DOLLAR_CURRENCIES = frozenset({"usd", "aud", "cad", "nzd", "sgd", "hkd"})
ZERO_DECIMAL = frozenset({"jpy", "krw", "vnd", "clp", "isk", "huf"})  # same set as conversations.messaging.formatting

Bound = Literal["lower", "upper"] | None

_CODES = "gbp|eur|usd|aud|cad|nzd|chf|sek|nok|dkk|pln|czk|huf|jpy|sgd|hkd|zar|inr|mxn|brl|aed|isk|krw"
_CURRENCY = re.compile(
    r"(?P<prefixed>(?<![a-z])(?:us|au|a|ca|c|nz|s|hk)\$)"
    r"|(?P<symbol>[£€$¥₹])"
    rf"|(?<![a-z])(?P<code>{_CODES})(?![a-z])"
    r"|(?<![a-z])(?P<word>pounds?|quid|sterling|euros?|dollars?|bucks|yen)(?![a-z])"
)
_PREFIXED = {
    "us$": "usd",
    "au$": "aud",
    "a$": "aud",
    "ca$": "cad",
    "c$": "cad",
    "nz$": "nzd",
    "s$": "sgd",
    "hk$": "hkd",
}
_SYMBOLS = {"£": "gbp", "€": "eur", "¥": "jpy", "₹": "inr"}

_N = r"\d+(?:[.,]\d+)?"
_UNIT = rf"(?:{joined(size_words.UNITS)}|ins?(?! ?[a-z])|\"|”|′′|''|ft|feet|foot)"
_TIMES = joined(size_words.TIMES)
_COUNT = joined(words.COUNTS)
_CLOCK = joined(words.CLOCK_BEFORE)
_NOT_MONEY = re.compile(
    r"(?<![£€$¥₹\d.,])(?:"
    rf"{_N} ?{_UNIT}? ?(?:{_TIMES}) ?{_N}(?: ?{_UNIT})?(?![a-z])"  # 10x15, 10 cm by 15 cm
    rf"|{_N} ?(?:{_UNIT}|x|{_COUNT})(?![a-z])"  # 10cm, 10x, 2pm, 3 sessions, 50%
    r"|\d{1,2}:\d{2}"  # 2:30
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # 12/05/2026
    rf"|(?<![a-z])(?:{_CLOCK}) \d{{1,2}}(?:[:h.]\d{{2}})?(?![\d.,])"  # a las 10, alle 10:30, um 9
    r")"
)
_AMOUNT = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,2}(?: \d{3})+(?:,\d{1,2})?(?![\d.,])"  # 1 200, 1 200,50 (French spacing)
    r"|\d{3}(?: 000)+(?!\d)|\d{1,3}(?:'\d{3})+(?!\d)|\d+(?:[.,]\d+)*"
    r"|(?<![a-z])half a(?= )|(?<![a-z])a(?= (?:grand|thousand|hundred)))"
    r"(?: ?(?P<mult>k|thousand|grand|hundred|m|mil|million)(?![a-z]))?"
)
_MULTIPLIERS = {"k": 1000, "thousand": 1000, "grand": 1000, "hundred": 100, "m": 10**6, "mil": 10**6}
_APPROX = re.compile(rf"(?<![a-z])(?:{joined(words.APPROX)})(?![a-z])|~|≈")
_FILLER = rf"(?: (?:{joined(words.FILLER)}))*"
_UPPER_BEFORE = re.compile(rf"(?<![a-z])(?:{joined(words.UPPER_BEFORE)}){_FILLER} ?[:=]? ?$")
_LOWER_BEFORE = re.compile(rf"(?<![a-z])(?:{joined(words.LOWER_BEFORE)}){_FILLER} ?[:=]? ?$")
_UPPER_AFTER = re.compile(rf"^ ?(?:{joined(words.UPPER_AFTER)})(?![a-z])")
_LOWER_AFTER = re.compile(rf"^ ?(?:\+(?! ?\d)|(?:{joined(words.LOWER_AFTER)})(?![a-z]))")
_BETWEEN = re.compile(rf"(?<![a-z])(?:{joined(words.BETWEEN)})(?![a-z])")
_RANGE_GAP = re.compile(rf"[ ~]*(?:{joined(words.RANGE_GAP)})[ ~]*")
_AND_GAP = re.compile(rf" ?(?:{joined(words.AND)}) ?")
_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


@dataclass(frozen=True)
class Money:
    min_minor: int | None
    max_minor: int | None
    currency: str
    approximate: bool = False


@dataclass(frozen=True)
class _Amount:
    major: Decimal
    multiplier: int
    start: int
    end: int


def parse_money(text: str, default_currency: str = "gbp") -> Money | None:
    """Read a budget answer; see the module docstring for the rules."""
    prepared = _prepare(words_to_digits(text))
    currency = _currency(prepared, default_currency.strip().lower() or "gbp")
    masked = _NOT_MONEY.sub(" | ", prepared)
    amounts = [_amount(m) for m in _AMOUNT.finditer(masked)]
    if not amounts:
        return None
    low, high = _bounds(masked, amounts)
    if any(v is not None and v > MAX_MAJOR for v in (low, high)):
        return None
    factor = 1 if currency in ZERO_DECIMAL else 100
    min_minor, max_minor = _minor(low, factor) or None, _minor(high, factor) or None  # zero is no bound
    if min_minor is None and max_minor is None:
        return None
    return Money(min_minor, max_minor, currency, approximate=bool(_APPROX.search(prepared)))


def _prepare(text: str) -> str:
    folded = nfkc(text).casefold().translate(_DASHES)
    ascii_digits = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in folded)
    return _SPACES.sub(" ", ascii_digits).strip()


def _currency(prepared: str, default: str) -> str:
    dollar = default if default in DOLLAR_CURRENCIES else "usd"
    match = _CURRENCY.search(prepared)
    if match is None:
        return default
    if match.group("prefixed"):
        return _PREFIXED[match.group("prefixed")]
    if match.group("symbol"):
        return _SYMBOLS.get(match.group("symbol"), dollar)
    if match.group("code"):
        return match.group("code")
    word = match.group("word")
    if word.startswith(("pound", "quid", "sterling")):
        return "gbp"
    if word.startswith("euro"):
        return "eur"
    return "jpy" if word == "yen" else dollar


def _amount(match: re.Match[str]) -> _Amount:
    mult = match.group("mult")
    multiplier = _MULTIPLIERS.get(mult[:3] if mult == "million" else mult, 1) if mult else 1
    return _Amount(_number(match.group("num"), has_multiplier=mult is not None), multiplier, *match.span())


def _number(raw: str, *, has_multiplier: bool) -> Decimal:
    """Digits with separators: the last of two kinds is the decimal point; one kind before three digits groups."""
    if raw in {"a", "half a"}:
        return Decimal(1) if raw == "a" else Decimal("0.5")
    raw = raw.replace(" ", "").replace("'", "")
    if "," in raw and "." in raw:
        point = "," if raw.rfind(",") > raw.rfind(".") else "."
        whole, _, fraction = raw.rpartition(point)
        return Decimal(f"{whole.replace(',', '').replace('.', '')}.{fraction}")
    separator = "," if "," in raw else "." if "." in raw else ""
    if not separator:
        return Decimal(raw)
    parts = raw.split(separator)
    if len(parts) > 2 or (len(parts[1]) == 3 and not has_multiplier):
        return Decimal("".join(parts))
    return Decimal(f"{parts[0]}.{parts[1]}")


def _bounds(masked: str, amounts: list[_Amount]) -> tuple[Decimal | None, Decimal | None]:
    """The minimum and maximum in major units, before the zero and limit checks."""
    first = amounts[0]
    before = _clean(masked[max(0, first.start - 40) : first.start])
    after_first = masked[first.end : amounts[1].start] if len(amounts) > 1 else masked[first.end :]
    first_bound = _bound(before, _clean(after_first))
    if len(amounts) > 1:
        second = amounts[1]
        gap = _CURRENCY.sub("", after_first)
        gap = _APPROX.sub(lambda m: m.group() if m.group() == "~" else "", gap)
        second_bound = _bound(_clean(after_first), _clean(masked[second.end : second.end + 40]))
        is_range = bool(_RANGE_GAP.fullmatch(gap)) or bool(_AND_GAP.fullmatch(gap) and _BETWEEN.search(before))
        if is_range or {first_bound, second_bound} == {"lower", "upper"}:
            # "£1 - £900" writes both amounts out: no zeros were left off the first.
            low, high = _scaled_pair(first, second, shorthand=not _CURRENCY.search(after_first))
            return min(low, high), max(low, high)
    value = _value(first)
    if first_bound == "upper":
        return None, value
    if first_bound == "lower":
        return value, None
    return value, value


def _scaled_pair(first: _Amount, second: _Amount, *, shorthand: bool = True) -> tuple[Decimal, Decimal]:
    low, high = _value(first), _value(second)
    if first.multiplier == 1 and second.multiplier > 1 and first.major <= second.major:
        low = _value(_Amount(first.major, second.multiplier, first.start, first.end))
    elif shorthand and first.multiplier == second.multiplier == 1 and _is_digit_shorthand(first.major, second.major):
        low = first.major * 10 ** (len(str(int(second.major))) - 1)  # "4-500" is 400-500
    return low, high


def _is_digit_shorthand(first: Decimal, second: Decimal) -> bool:
    """ "4-500", "6-700", "2-3000": one digit, then a round amount of at least a hundred whose
    leading digit is bigger — people leave the zeros off the first."""
    if first != first.to_integral() or not 1 <= first <= 9 or second != second.to_integral() or second < 100:
        return False
    scale = 10 ** (len(str(int(second))) - 1)
    return int(second) % scale == 0 and bool(first * scale < second)


def _value(amount: _Amount) -> Decimal:
    """The amount in major units; anything beyond the limit is kept away from huge arithmetic."""
    if amount.major > MAX_MAJOR:
        return MAX_MAJOR + 1
    return amount.major * amount.multiplier


def _bound(before: str, after: str) -> Bound:
    """What the words around an amount say it is; words after it win."""
    if _UPPER_AFTER.search(after):
        return "upper"
    if _LOWER_AFTER.search(after):
        return "lower"
    if _UPPER_BEFORE.search(before):
        return "upper"
    if _LOWER_BEFORE.search(before):
        return "lower"
    return None


def _clean(fragment: str) -> str:
    """Surrounding text without currency marks or approximation words, single-spaced."""
    return _SPACES.sub(" ", _APPROX.sub(" ", _CURRENCY.sub(" ", fragment)))


def _minor(major: Decimal | None, factor: int) -> int | None:
    if major is None:
        return None
    return int((major * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))

"""Money and times shown to people: minor units in, "£500" / "€450.50" / "£400–600" out; an
instant in, "Thu 26 Nov at 10:00" in the studio's time zone out.

Times are words of a language: "jue 26 nov a las 10:00", "Do, 26. Nov um 10:00". The labels
are lazy — written when a message is rendered, in the language active then — so one label
serves the customer's message (rendered in the customer's language) and the artist's (in the
studio's), and nothing needs to know which language a caller will render in.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from django.utils import dateformat
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext

SYMBOLS = {"gbp": "£", "eur": "€", "usd": "$", "aud": "A$", "cad": "C$", "nzd": "NZ$", "jpy": "¥"}
ZERO_DECIMAL = frozenset({"jpy", "krw", "vnd", "clp", "isk", "huf"})


def _major(minor: int, currency: str) -> str:
    if currency in ZERO_DECIMAL:
        return f"{minor:,}"
    whole, cents = divmod(minor, 100)
    return f"{whole:,}" if cents == 0 else f"{whole:,}.{cents:02d}"


def format_money(minor: int | None, currency: str) -> str:
    if minor is None:
        return ""
    code = (currency or "").lower()
    symbol = SYMBOLS.get(code)
    amount = _major(minor, code)
    return f"{symbol}{amount}" if symbol else f"{amount} {code.upper()}".strip()


def _up_to_text(amount: str) -> str:
    return pgettext("a budget's most", "up to %(amount)s") % {"amount": amount}


_lazy_up_to = lazy(_up_to_text, str)


def format_range(low: int | None, high: int | None, currency: str) -> str:
    """A range as people write it: "£500", "£400–600", "up to £600" ("hasta £600": lazy, in the
    language of the message it is shown in), "£500+"."""
    if low is not None and high is not None and low != high:
        high_text = _major(high, currency.lower()) if currency.lower() in SYMBOLS else format_money(high, currency)
        return f"{format_money(low, currency)}–{high_text}"
    if low is not None and high is None:
        return f"{format_money(low, currency)}+"
    if low is None and high is not None:
        return _lazy_up_to(format_money(high, currency))
    return format_money(low, currency)


# The short day as each language writes it (Django's own translated day and month names):
# "Thu 26 Nov", "jue 26 nov", "jeu 26 nov.", "Do, 26. Nov", "Qui, 26 nov", "Gio 26 nov".
DAY_FORMATS = {"en": "D j M", "es": "D j b", "fr": "D j N", "de": "D, j. M", "pt": "D, j b", "it": "D j b"}


# A date without its weekday ("1 Mar", "1 mar", "1. Mär"), as a tour stop's first and last day.
DATE_FORMATS = {"en": "j M", "es": "j b", "fr": "j N", "de": "j. M", "pt": "j b", "it": "j b"}
# Django's Portuguese and Italian weekday abbreviations are capitalised; mid-sentence they are not.
LOWER_CASE_DAYS = frozenset({"pt", "it"})


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def day_text(at: datetime, tz: tzinfo) -> str:
    """The short day of ``at`` in ``tz``, in the active language (English for one without a format)."""
    language = _language()
    text = str(dateformat.format(at.astimezone(tz), DAY_FORMATS.get(language, DAY_FORMATS["en"])))
    return text.lower() if language in LOWER_CASE_DAYS else text


def _date_text(day: date, with_year: bool) -> str:
    pattern = DATE_FORMATS.get(_language(), DATE_FORMATS["en"]) + (" Y" if with_year else "")
    return str(dateformat.format(day, pattern))


def _local_time_text(at: datetime, tz: tzinfo) -> str:
    return pgettext("a day and a time", "%(day)s at %(time)s") % {
        "day": day_text(at, tz),
        "time": f"{at.astimezone(tz):%H:%M}",
    }


def _slot_text(start: datetime, end: datetime, tz: tzinfo) -> str:
    return pgettext("a day and a time range", "%(day)s, %(start)s–%(end)s") % {
        "day": day_text(start, tz),
        "start": f"{start.astimezone(tz):%H:%M}",
        "end": f"{end.astimezone(tz):%H:%M}",
    }


_lazy_local_time = lazy(_local_time_text, str)
_lazy_slot = lazy(_slot_text, str)
_lazy_day = lazy(day_text, str)
_lazy_date = lazy(_date_text, str)


def format_local_time(at: datetime | None, tz: tzinfo) -> str:
    """``Thu 26 Nov at 10:00`` in the given (the studio's) time zone, in the language active when
    it is shown (lazy); "" for none."""
    return _lazy_local_time(at, tz) if at else ""


def format_slot(start: datetime, end: datetime, tz: tzinfo) -> str:
    """``Tue 1 Dec, 10:00–13:00`` in ``tz``, in the language active when it is shown (lazy)."""
    return _lazy_slot(start, end, tz)


def format_day(at: datetime, tz: tzinfo) -> str:
    """``Tue 1 Dec`` in ``tz``, in the language active when it is shown (lazy)."""
    return _lazy_day(at, tz)


def format_date(day: date, *, with_year: bool = False) -> str:
    """``1 Mar`` (``1 Mar 2027`` with the year), in the language active when it is shown (lazy)."""
    return _lazy_date(day, with_year)


def _list_text(parts: list[str]) -> str:
    return ", ".join(str(part) for part in parts)


_lazy_list = lazy(_list_text, str)


def format_list(parts: list[str]) -> str:
    """``parts`` joined by commas when shown, so a lazy part ("up to £600", a date) is written in the
    language of the message it ends up in, not the one active when the list was made."""
    return _lazy_list(list(parts))

"""Whether a slot fits a customer's preferred window (docs/booking.md, "Freed slots").

The window is the free text a customer in ``collecting_time_windows`` sent
("weekday mornings", "any Friday", "Sat afternoon", "evenings after 5",
"3 Dec", "the 5th", "next week"); the slot is a start and an end on the
studio's wall clock (naive datetimes). Read, in groups of days × times:

- days: weekday names, short or plural (``fri``, ``fridays``), ``weekdays``,
  ``weekends``, ``any day``; dates (``3 Dec``, ``Dec 3rd``, ``the 5th``);
  ``today``, ``tomorrow``, ``this``/``next`` week (or weekend, or weekday),
  counted from the day the customer wrote (``said``);
- times: ``morning`` (starts before 12:00), ``afternoon`` (12:00–17:00),
  ``evening`` / ``night`` (from 17:00), ``am``/``pm``, ``anytime``; bounds
  ``after 2pm`` / ``from 2`` (starts then or later), ``before 11`` /
  ``until 6`` (over by then), ``between 10 and 2``, ``10am-2pm``; a bare time
  (``Friday 2pm``) is that start. An hour without am/pm from 1 to 7 is
  afternoon ("after 5" is 17:00).

A day word after a time starts a new group ("weekday mornings or Sat
afternoon" is two), and so does a time after a day after a time; within a
group, weekdays, dates and weeks each narrow the others, times of day add up
and bounds narrow them. The text fits when one group does.

Conservative on purpose: a text with nothing readable fits nothing, and so
does one with a negation or work words ("not Mondays", "I work weekdays"),
whose meaning could be the opposite of its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from conversations.policy.picks import MONTHS
from conversations.policy.text import nfkc

_DAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_GROUPS = {"weekday": frozenset(range(5)), "weekend": frozenset({5, 6})}
_ALL_DAYS = frozenset(range(7))
_MINUTES_IN_DAY = 24 * 60
_PARTS = {
    "morning": (0, 12 * 60),
    "am": (0, 12 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, _MINUTES_IN_DAY),
    "night": (17 * 60, _MINUTES_IN_DAY),
    "tonight": (17 * 60, _MINUTES_IN_DAY),
    "pm": (12 * 60, _MINUTES_IN_DAY),
    "anytime": (0, _MINUTES_IN_DAY),
}
_AFTER = frozenset({"after", "from", "since", "past"})
_BEFORE = frozenset({"before", "until", "till", "til", "by"})
_TO = frozenset({"to", "and", "till", "until", "til"})
# Words that can turn a window around ("not Mondays", "I work weekdays"): such a text fits nothing.
_DOUBT = frozenset(
    {"not", "no", "except", "excluding", "exclude", "never", "cannot", "cant", "dont", "wont", "isnt", "but",
     "unavailable", "busy", "away", "working", "job", "shift", "shifts", "holiday", "without", "other", "apart",
     "besides", "unless"}
)  # fmt: skip
_DOUBT_PAIRS = frozenset({("i", "work"), ("we", "work"), ("im", "at")})  # "Fridays work" is fine, "I work Fridays" not
_ANY = {("any", "day"): "day", ("any", "time"): "time", ("every", "day"): "day", ("all", "week"): "day"}
_ANY_WORD = {"anyday": "day", "everyday": "day", "anytime": "time", "whenever": "time", "flexible": "time"}
# "fridays", "sats", "mornings" (not "thus")
_PLURALS = frozenset({*_DAYS, *_GROUPS, "morning", "afternoon", "evening", "night"} - {"thu"})
_DAY_WORDS = frozenset({*_DAYS, *_GROUPS, "today", "tomorrow"})

_TOKEN = re.compile(
    r"(?P<clock>\d{1,2})(?:[:.](?P<cmin>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)(?![a-z])"
    r"|(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?!\d)"
    r"|(?P<nth>\d{1,2})(?:st|nd|rd|th)(?![a-z])"
    r"|(?P<num>\d+)"
    r"|(?P<word>[a-z]+)"
)
_DASH = re.compile(r"(?<=[\dm.])\s*[-–—]\s*(?=\d)")


@dataclass(frozen=True)
class _Token:
    kind: str  # "time" (an explicit clock time), "nth" (5th), "num" (a bare number), "word"
    value: object


@dataclass
class _Group:
    weekdays: set[int] | None = None
    dates: set[tuple[int | None, int]] | None = None  # (month or None, day of month)
    spans: list[tuple[date, date]] = field(default_factory=list)  # inclusive; each narrows
    parts: list[tuple[int, int]] = field(default_factory=list)  # start minute ranges, any of them
    starts: set[int] = field(default_factory=set)  # exact start minutes, any of them
    earliest: int = 0  # the slot starts no earlier (minutes)
    latest_end: int = _MINUTES_IN_DAY  # ... and is over by then
    kinds: list[str] = field(default_factory=list)  # "day" / "time", in the order they came

    def fits(self, start: datetime, end: datetime) -> bool:
        if self.weekdays is not None and start.weekday() not in self.weekdays:
            return False
        if self.dates is not None and not any(
            day == start.day and month in (None, start.month) for month, day in self.dates
        ):
            return False
        if any(not low <= start.date() <= high for low, high in self.spans):
            return False
        begins = start.hour * 60 + start.minute
        ends = int((end - datetime.combine(start.date(), datetime.min.time())).total_seconds() // 60)
        if (self.parts or self.starts) and not (
            begins in self.starts or any(low <= begins < high for low, high in self.parts)
        ):
            return False
        return self.earliest <= begins and ends <= self.latest_end


def window_fits(text: str, start: datetime, end: datetime, *, said: date | None = None) -> bool:
    """Whether the slot [start, end) (studio wall clock) fits the window ``text`` the customer wrote on ``said``."""
    groups = _read(text, said)
    return any(group.fits(start, end) for group in groups)


def _read(text: str, said: date | None) -> list[_Group]:
    folded = _DASH.sub(" to ", nfkc(text or "").casefold().replace("\u2019", "'").replace("'", ""))
    tokens = [_token(match) for match in _TOKEN.finditer(folded)]
    words = [str(t.value) for t in tokens if t.kind == "word"]
    if _DOUBT.intersection(words) or _DOUBT_PAIRS.intersection(pairwise(words)):
        return []
    groups: list[_Group] = [_Group()]
    i = 0
    while i < len(tokens):
        used = _one(tokens, i, said, groups)
        if used < 0:  # something we cannot place (a relative day without the day it was said)
            return []
        i += max(used, 1)
    return [g for g in groups if g.kinds]


def _token(match: re.Match[str]) -> _Token:
    if match.group("clock"):
        hour, minute = int(match.group("clock")), int(match.group("cmin") or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return _Token("word", "")
        return _Token("time", (hour % 12 + (12 if match.group("half").startswith("p") else 0)) * 60 + minute)
    if match.group("hh"):
        hour, minute = int(match.group("hh")), int(match.group("mm"))
        return _Token("time", hour * 60 + minute) if hour <= 23 and minute <= 59 else _Token("word", "")
    if match.group("nth"):
        return _Token("nth", int(match.group("nth")))
    if match.group("num"):
        return _Token("num", int(match.group("num")))
    word = match.group("word")
    return _Token("word", word[:-1] if word.endswith("s") and word[:-1] in _PLURALS else word)


def _clock(token: _Token | None) -> int | None:
    """A time of day in minutes: ``2pm``, ``14:00``, or a bare hour (1–7 read as afternoon)."""
    if token is None:
        return None
    if token.kind == "time":
        return int(str(token.value))
    if token.kind == "num":
        hour = int(str(token.value))
        if 1 <= hour <= 7:
            return (hour + 12) * 60
        if 8 <= hour <= 23:
            return hour * 60
    if token.kind == "word" and token.value in ("noon", "midday"):
        return 12 * 60
    return None


def _at(tokens: list[_Token], i: int) -> _Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _word(tokens: list[_Token], i: int) -> str:
    token = _at(tokens, i)
    return str(token.value) if token is not None and token.kind == "word" else ""


def _group_for(groups: list[_Group], kind: str) -> _Group:
    """The group a day or time spec joins: a new one when this kind came, then the other, already."""
    current = groups[-1]
    if kind in current.kinds and current.kinds[-1] != kind:
        current = _Group()
        groups.append(current)
    if not current.kinds or current.kinds[-1] != kind:
        current.kinds.append(kind)
    return current


def _one(tokens: list[_Token], i: int, said: date | None, groups: list[_Group]) -> int:
    """Read the spec at ``tokens[i]`` into ``groups``; how many tokens it used (0: none; -1: unreadable)."""
    token, word, following = tokens[i], _word(tokens, i), _word(tokens, i + 1)
    anything = _ANY.get((word, following)) or _ANY_WORD.get(word)
    if anything == "day":
        _weekdays(_group_for(groups, "day"), _ALL_DAYS)
    elif anything == "time":
        _group_for(groups, "time").parts.append(_PARTS["anytime"])
    if anything:
        return 1 if word in _ANY_WORD else 2
    if word in ("this", "next") and following in ("week", "weekend", *_DAYS, *_GROUPS):
        if said is None:
            return -1
        monday = said - timedelta(days=said.weekday()) + timedelta(days=7 if word == "next" else 0)
        _group_for(groups, "day").spans.append((monday, monday + timedelta(days=6)))
        return 1 if following != "week" else 2  # the day word after "next" is read on its own
    if word in ("today", "tomorrow", "tonight"):
        if said is None:
            return -1
        day = said + timedelta(days=1 if word == "tomorrow" else 0)
        _group_for(groups, "day").spans.append((day, day))
        if word == "tonight":
            _group_for(groups, "time").parts.append(_PARTS["tonight"])
        return 1
    if word in _DAYS:
        _weekdays(_group_for(groups, "day"), frozenset({_DAYS[word]}))
        return 1
    if word in _GROUPS:
        _weekdays(_group_for(groups, "day"), _GROUPS[word])
        return 1
    if word in ("am", "pm") and _word(tokens, i - 1) not in _DAY_WORDS:
        return 1  # "I am free": only "Friday am" is a morning
    if word in _PARTS:
        _group_for(groups, "time").parts.append(_PARTS[word])
        return 1
    if word in MONTHS:
        return _date(tokens, i, groups)
    if token.kind in ("nth", "num") and _word(tokens, i + 1) in MONTHS:
        return 0  # "3 Dec": read at the month
    if token.kind == "nth" and _word(tokens, i + 1) == "of" and _word(tokens, i + 2) in MONTHS:
        _dates(_group_for(groups, "day"), MONTHS[_word(tokens, i + 2)], int(str(token.value)))
        return 3  # "3rd of December"
    if token.kind == "nth" and _word(tokens, i - 1) not in MONTHS:
        _dates(_group_for(groups, "day"), None, int(str(token.value)))
        return 1
    return _bounds(tokens, i, groups)


def _date(tokens: list[_Token], i: int, groups: list[_Group]) -> int:
    month = MONTHS[_word(tokens, i)]
    before, after = _at(tokens, i - 1), _at(tokens, i + 1)
    if before is not None and before.kind in ("nth", "num") and 1 <= int(str(before.value)) <= 31:
        _dates(_group_for(groups, "day"), month, int(str(before.value)))
        return 1
    if after is not None and after.kind in ("nth", "num") and 1 <= int(str(after.value)) <= 31:
        _dates(_group_for(groups, "day"), month, int(str(after.value)))
        return 2
    return 1  # a month alone ("in December"): too loose to read


def _bounds(tokens: list[_Token], i: int, groups: list[_Group]) -> int:
    word = _word(tokens, i)
    if word == "between" or (word in _AFTER and _word(tokens, i + 2) in _TO):
        low, high = _clock(_at(tokens, i + 1)), _clock(_at(tokens, i + 3))
        if low is not None and high is not None and _word(tokens, i + 2) in _TO:
            group = _group_for(groups, "time")
            group.earliest, group.latest_end = max(group.earliest, low), min(group.latest_end, high)
            return 4
    if word in _AFTER or word in _BEFORE:
        at = _clock(_at(tokens, i + 1))
        if at is None:
            return 1
        group = _group_for(groups, "time")
        if word in _AFTER:
            group.earliest = max(group.earliest, at)
        else:
            group.latest_end = min(group.latest_end, at)
        return 2
    token = tokens[i]
    low = _clock(token) if token.kind in ("time", "num") else None
    high = _clock(_at(tokens, i + 2)) if _word(tokens, i + 1) in _TO - {"and"} else None
    if low is not None and high is not None:  # "10am to 2pm", "10-2"
        group = _group_for(groups, "time")
        group.earliest, group.latest_end = max(group.earliest, low), min(group.latest_end, high)
        return 3
    if token.kind == "time":  # "Friday 2pm": that start
        _group_for(groups, "time").starts.add(int(str(token.value)))
    return 1


def _weekdays(group: _Group, days: frozenset[int]) -> None:
    group.weekdays = (group.weekdays or set()) | days


def _dates(group: _Group, month: int | None, day: int) -> None:
    if 1 <= day <= 31:
        group.dates = (group.dates or set()) | {(month, day)}

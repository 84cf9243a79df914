"""Every answer in a customer's message (docs/conversation.md "Every answer in every message").

Pure: no Django, no I/O. ``read_message`` returns what it finds with
confidence, each as a ``Found`` (field, parsed value, the words it was read
from), the message's questions and corrections, and the ``leftover`` words,
which describe the idea.  What counts as found:

* ``size`` — width × height ("5x5cm", "10 by 15", "ten by fifteen cm"); a
  descriptive size ("a small dragon") is not, outside the size question;
* ``money`` — an amount with a currency or a budget cue ("£200", "budget
  400-600", "six hundred pounds", "a grand", "happy to spend 300");
* ``city`` — a known place after a locative cue ("in", "from", "based in",
  "near", "London-based"), or a short sentence that is only a city;
* ``placement`` — a body placement after "on/along/behind … my/the" (with
  modifiers: "the inside of my left forearm"), before "piece/tattoo", or a
  sleeve;
* ``style`` — a style from the vocabulary, in a sentence that asks nothing;
* ``availability`` — a clause that is only about when (weekdays, months,
  times of day, "any time"), or one with an availability cue ("I'm free on
  Saturdays").

A clause that only carried answers (", budget £200", "I'm in London") is
dropped from the leftover; inside other clauses a size or an amount is cut
out, and placement and style words stay: they are part of the idea.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from conversations.policy import translated
from conversations.policy import vocabulary as vocab
from conversations.policy.asking import Correction, asks, correction, sentences, strip_greeting
from conversations.policy.cities import Place, resolve_place
from conversations.policy.money import Money, parse_money
from conversations.policy.numbers import words_to_digits
from conversations.policy.size import SizeResult, parse_size
from conversations.policy.text import normalize
from conversations.policy.wordlists import joined, money_words, size_words

FIELDS = ("idea", "placement", "size", "style", "money", "city", "availability")


@dataclass(frozen=True)
class Found:
    field: str
    value: Any  # SizeResult, Money, Place or str
    text: str  # the words it was read from


@dataclass(frozen=True)
class Reading:
    found: dict[str, Found] = field(default_factory=dict)
    questions: tuple[str, ...] = ()
    leftover: str = ""  # the statement words no answer took (the idea, at the idea question)
    wants: bool = False  # it says what the customer wants ("I'd like …", "looking for …", "… tattoo")
    correction: Correction | None = None

    @property
    def answers_anything(self) -> bool:
        return bool(self.found)


# --- patterns -------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted({w.lower() for w in words}, key=len, reverse=True))


# A comma between digits is a thousands or decimal comma ("1,200", "1.200,50 €"), not a clause break.
_CLAUSE = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d{3}(?!\d)|\d{1,2}(?!\d))|[;:]|\s[-–—]\s|\bbut\b|\bplus\b|\balso\b)\s*", re.IGNORECASE
)
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_MONEY_CUE = re.compile(
    r"[£€$¥₹]|\b(?:gbp|eur|usd|aud|cad|chf|pounds?|quid|euros?|dollars?|bucks|budget|grand|spend|spending|"
    r"afford|pay|price range)\b|\d\s*k\b|\b(?:" + joined(money_words.CUES) + r")\b",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"(?<![\w'])(?P<cue>based in|based out of|living in|live in|lives in|located in|staying in|moving to|"
    r"i'?m in|i am in|we'?re in|from|in|near|around|outside|nr)\s+(?:the\s+)?(?P<rest>[^,.;!?\n()]+)",
    re.IGNORECASE,
)
_BASED = re.compile(r"(?P<rest>[A-Za-z][\w'’]*(?:\s[A-Za-z][\w'’]*)?)[\s-]based\b", re.IGNORECASE)
_BIG_CITY = 100_000
_WEAK_CUES = frozenset({"in", "near", "around", "outside", "nr"})
# A short clause with one of these words is about the customer, not a place ("I'm Sam").
_NOT_A_PLACE = frozenset({"i", "im", "my", "name", "is", "am", "its", "it", "we", "this", "me"})
_PLACE_STOP = _words(
    "and but so for with on at by because cause if or looking would want wanting to budget about around "
    "near area please thanks x xx pls who that which where i im i'm my and & tattoo tattoos"
)
# One-word replies that are also towns ("Nice!", "Reading"): a city only after a cue.
_COMMON_WORDS = _words("nice reading bath sale split deal mobile cool sure perfect hope great best orange")
_MAX_PLACE_WORDS = 4

_PREPOSITION = (
    r"(?:wrapping(?:\s+around)?|wrapped\s+around|covering|on|along|across|around|behind|under|underneath|over|"
    r"above|below|down|up|inside|to|at)"
)
_POSSESSIVE = r"(?:(?:my|the|his|her|your|their|a|one)\s+)"
_MODIFIER = r"(?:(?:" + _alternation(vocab.PLACEMENT_MODIFIERS) + r")(?:\s+side)?\s+(?:of\s+" + _POSSESSIVE + r"?)?)"
_SIZE_WORDS = re.compile(
    r"(?:(?:about|around|roughly|approx\.?|approximately|maybe|like|size|sized)\s+)?"
    r"\d+(?:[.,]\d+)?\s*(?:cm|mm|in|inch(?:es)?|\"|”)?\s*(?:x|×|by|\*|" + joined(size_words.TIMES) + r")\s*"
    r"\d+(?:[.,]\d+)?\s*"
    r"(?:cm|mm|in|inch(?:es)?|\"|”)?(?:\s*(?:ish|big|wide|tall|size|in size))?",
    re.IGNORECASE,
)
_AMOUNT_WORDS = re.compile(
    r"(?:(?:my\s+)?budget\s+(?:is\s+|of\s+|around\s+|about\s+|roughly\s+|up to\s+|max\s+)*)?"
    r"(?:(?:about|around|roughly|approx|up to|under|max|at least|between)\s+)?"
    r"[£€$]\s?\d[\d,.]*\s*k?(?:\s*(?:-|to|and)\s*[£€$]?\s?\d[\d,.]*\s*k?)?\+?"
    r"|\d[\d,.]*\s*k?\s*(?:-|to)?\s*\d*[\d,.]*\s*k?\s*(?:pounds?|quid|gbp|euros?|eur|dollars?|usd)\b",
    re.IGNORECASE,
)
_OPENING = re.compile(
    r"^(?:(?:so|and|well|basically|ok|okay|um|erm)\s+)*"
    r"(?:i(?:'d| would)\s+(?:really\s+)?(?:like|love)(?:\s+to\s+(?:get|have|book))?|i\s+want(?:\s+to\s+get)?|"
    r"i'?m\s+(?:looking|hoping)\s+(?:for|to\s+get)|looking\s+(?:for|to\s+get)|i'?m\s+after|"
    r"(?:i'?m\s+|i\s+was\s+)?thinking\s+(?:of|about)(?:\s+getting)?|interested\s+in(?:\s+getting)?|"
    r"(?:can|could)\s+i\s+(?:get|have|book)|hoping\s+to\s+get|i\s+need|after)\s+",
    re.IGNORECASE,
)
_WANTS = re.compile(r"\b(?:tattoo|tattoos|tat|piece|design|sleeve)\b", re.IGNORECASE)
_INTRODUCTION = re.compile(r"^(?:i'?m|i am|my name is|my names|this is|it'?s)\s+[A-Z][a-z]+$", re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s,.!?]+(?:please|pls|plz|thanks|thank you|thx|cheers|x+|ty))+[\s.!]*$", re.IGNORECASE)
_GENERIC = _words(
    "a an the tattoo tattoos tat tatt piece something get getting done new first one small little big "
    "large tiny please thanks i my me want wanted like would id love book booking appointment enquiry "
    "inquiry consultation some ink work design idea ideas for on of to is it and with in at this that "
    "just really very looking have do you your can could about info information interested quote price hi "
    "hello hey there im am thinking getting after hiya heya hallo yo morning evening afternoon good greetings"
)
_CLAUSE_FILLER = _words(
    "about around roughly approx approximately maybe like cm mm in inch inches x by wide high tall and or "
    "to up max budget is my of ish k gbp eur usd pounds pound quid euros euro dollars dollar size sized "
    "big im i am based from live living near the located we are were currently area city spend spending "
    "happy pay can afford would be its it will under over maximum minimum at least no more than between "
    "grand hundred thousand a an price range total for so ideally"
) | frozenset(" ".join(money_words.CLAUSE_FILLER.values()).split())
_WHEN_FILLER = _words(
    "on in the any after before from to or and only mostly usually best ideally preferably i am im prefer "
    "free available pm am ish around early late next this most every some would be great good works work "
    "for me is are days day times time a couple of weeks week really pretty quite"
)
_AMBIGUOUS_WHEN = frozenset({"sun", "sat", "wed", "mar", "may", "mon", "jan", "dec", "oct", "aug", "sep", "jun"})
_WHEN_WORDS = frozenset(vocab.WEEKDAYS) | frozenset(vocab.MONTHS) | frozenset(vocab.TIMES_OF_DAY)
_WHEN_PHRASE = re.compile(r"\b(?:" + _alternation(vocab.WHEN_PHRASES) + r")\b")
_WHEN_STRONG = re.compile(
    r"\b(?:next|this|coming) (?:week|weekend|month)\b|\basap\b|\bas soon as possible\b|\bin (?:the )?"
    r"(?:january|february|march|april|june|july|august|september|october|november|december)\b"
)
_WHEN_CUE = re.compile(r"\b(?:" + _alternation(vocab.AVAILABILITY_CUES) + r")\b")
_ORDINAL_DATE = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$|^\d{1,2}(?::\d\d)?(?:am|pm)?$|^\d{1,2}[/.]\d{1,2}$")


def _placement_patterns(extra: Sequence[str]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    parts = _alternation([*vocab.PLACEMENTS, *extra])
    cued = re.compile(
        rf"\b(?P<prep>{_PREPOSITION})\s+{_POSSESSIVE}?(?P<phrase>{_MODIFIER}{{0,3}}(?:{parts}))\b(?!\s+of\b)",
        re.IGNORECASE,
    )
    before = re.compile(rf"\b(?P<phrase>{_MODIFIER}{{0,2}}(?:{parts}))\s+(?:piece|tattoo|placement|area)\b", re.I)
    whole = re.compile(rf"^\s*{_POSSESSIVE}?(?P<phrase>{_MODIFIER}{{0,3}}(?:{parts}))\s*$", re.IGNORECASE)
    return cued, before, whole


_DEFAULT_PLACEMENTS = _placement_patterns(())
_SLEEVE = re.compile(r"\b(?P<phrase>" + _alternation(vocab.SLEEVES) + r")\b", re.IGNORECASE)


def _style_pattern(extra: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + _alternation([*vocab.STYLES, *extra]) + r")(?![\w-])", re.IGNORECASE)


_DEFAULT_STYLE = _style_pattern(())


# --- reading ----------------------------------------------------------------------------------------


def read_message(
    text: str,
    *,
    currency: str = "gbp",
    prefer_country: str | None = None,
    placements: Sequence[str] = (),
    styles: Sequence[str] = (),
    fields: Sequence[str] = FIELDS,
) -> Reading:
    """Every answer ``text`` carries for ``fields``; see the module docstring."""
    fix = correction(text)
    body = fix.text if fix is not None else text
    all_sentences = sentences(body)
    if all_sentences:
        all_sentences[0] = strip_greeting(all_sentences[0])
    questions = tuple(s for s in all_sentences if asks(s))
    statements = [s for s in all_sentences if s and s not in questions]
    found: dict[str, Found] = {}
    taken_clauses: set[str] = set()

    def add(item: Found | None) -> None:
        if item is not None and item.field in fields and item.field not in found:
            found[item.field] = item

    for sentence in all_sentences:
        add(_size(sentence))
        money = _money(sentence, currency)
        if money is not None:
            add(money)
            taken_clauses.add(money.text)
        whole = sentence in statements and (len(all_sentences) > 1 or len(_clauses(sentence)) > 1 or fix is not None)
        city = _city(sentence, prefer_country, whole=whole)
        if city is not None:
            add(city)
        add(_placement(sentence, placements))
    for sentence in statements:
        add(_style(sentence, styles))
        add(_availability(sentence))
    leftover = _leftover(statements, found)
    wants = any(_OPENING.match(s.strip()) or _WANTS.search(s) for s in statements)
    return Reading(found=found, questions=questions, leftover=leftover, wants=wants, correction=fix)


def _size(sentence: str) -> Found | None:
    result: SizeResult = parse_size(sentence)
    if result.kind != "dimensions":
        return None
    match = _SIZE_WORDS.search(sentence)
    return Found("size", result, match.group(0).strip() if match else sentence)


def _clauses(sentence: str) -> list[str]:
    return [part for part in _CLAUSE.split(sentence) if part and part.strip()]


def _money(sentence: str, currency: str) -> Found | None:
    for clause in _clauses(sentence):
        parts = [clause] if re.search(r"\bbetween\b", clause, re.I) else [*_AND.split(clause)]
        for part in parts:
            spelled = words_to_digits(part)
            if not _MONEY_CUE.search(spelled):
                continue
            if parse_size(part).kind == "dimensions" and not re.search(r"[£€$]|pounds?|quid|euros?|budget", part, re.I):
                continue
            money: Money | None = parse_money(part, currency)
            if money is not None:
                return Found("money", money, part.strip(" .!"))
    return None


def _city(sentence: str, prefer_country: str | None, *, whole: bool) -> Found | None:
    lowered = sentence == sentence.lower()
    for match in [*_LOCATIVE.finditer(sentence), *_BASED.finditer(sentence)]:
        cue = (match.groupdict().get("cue") or "based in").lower().replace("’", "'")
        words: list[str] = []
        for word in match.group("rest").split():
            if word.lower().strip("'’") in _PLACE_STOP or any(ch.isdigit() for ch in word):
                break
            words.append(word)
        weak = cue in _WEAK_CUES
        for count in range(min(len(words), _MAX_PLACE_WORDS), 0, -1):
            candidate = " ".join(words[:count])
            if weak and (count < len(words) or candidate.lower() in _COMMON_WORDS):
                continue  # "in roman numerals", "in reading glasses": words that go on are not a place
            place: Place | None = resolve_place(candidate, prefer_country=prefer_country)
            if place is None or (weak and not place.city):
                continue
            if weak and not candidate[:1].isupper() and (lowered is False or place.population < _BIG_CITY):
                continue  # after a bare "in", a lower-case word is a place only in an all-lower-case message
            return Found("city", place, candidate)
    if whole:
        for clause in _clauses(sentence):
            bare = clause.strip(" .!")
            words = normalize(bare).split()
            if (
                not bare[:1].isupper()
                or len(words) > 3
                or _NOT_A_PLACE & set(words)
                or normalize(bare) in _COMMON_WORDS
            ):
                continue
            place = resolve_place(bare, prefer_country=prefer_country)
            if place is not None and place.city and normalize(place.city) == normalize(bare):
                return Found("city", place, bare)
    return None


def _placement(sentence: str, extra: Sequence[str]) -> Found | None:
    cued, before, whole = _placement_patterns(tuple(extra)) if extra else _DEFAULT_PLACEMENTS
    for pattern in (cued, before, whole, _SLEEVE):
        match = pattern.search(sentence)
        if match is not None:
            prep = (match.groupdict().get("prep") or "").lower()
            phrase = (
                match.group(0)[match.start("prep") - match.start() :] if prep == "behind" else match.group("phrase")
            )
            return Found("placement", _tidy(phrase), match.group(0).strip())
    spoken = translated.placement(sentence)  # "en el tobillo", "am Unterarm": the English word
    return Found("placement", spoken[0], spoken[1]) if spoken else None


def _style(sentence: str, extra: Sequence[str]) -> Found | None:
    pattern = _style_pattern(tuple(extra)) if extra else _DEFAULT_STYLE
    names = []
    for match in pattern.finditer(re.sub(r"-ish\b", " ish", sentence, flags=re.IGNORECASE)):
        name = match.group(0).lower()
        if name not in names:
            names.append(name)
    names += [name for name in translated.styles(sentence) if name not in names]  # "línea fina" → "fine line"
    return Found("style", ", ".join(names), names[0]) if names else None


def _availability(sentence: str) -> Found | None:
    picked = []
    for clause in (part for piece in _clauses(sentence) for part in _AND.split(piece)):
        folded = normalize(clause)
        tokens = folded.split()
        when = [t for t in tokens if t in _WHEN_WORDS]
        phrase = _WHEN_PHRASE.search(folded)
        cue = _WHEN_CUE.search(folded)
        unambiguous = [t for t in when if t not in _AMBIGUOUS_WHEN]
        rest = _WHEN_PHRASE.sub(" ", folded).split()
        only_when = all(t in _WHEN_WORDS or t in _WHEN_FILLER or _ORDINAL_DATE.match(t) for t in rest)
        if ((phrase or unambiguous) and only_when) or (cue and (when or phrase)):
            picked.append(clause.strip(" .!"))
    return Found("availability", "; ".join(picked), "; ".join(picked)) if picked else None


def _leftover(statements: Sequence[str], found: dict[str, Found]) -> str:
    city_words = set(normalize(found["city"].text).split()) if "city" in found else set()
    kept = []
    for sentence in statements:
        for clause in _clauses(sentence):
            parts = _AND.split(clause)
            if len(parts) > 1 and any(_consumed(part, found, city_words) for part in parts):
                clause = " and ".join(part for part in parts if not _consumed(part, found, city_words))
            if not clause.strip() or _consumed(clause, found, city_words) or _INTRODUCTION.match(clause.strip(" .!")):
                continue  # the clause only carried answers, or the customer's name
            clause = _SIZE_WORDS.sub(" ", clause)
            clause = _AMOUNT_WORDS.sub(" ", clause)
            kept.append(clause)
    text = re.sub(r"\s+", " ", ", ".join(part.strip(" ,") for part in kept if part.strip(" ,"))).strip(" ,.!")
    text = _OPENING.sub("", text, count=1)
    text = _TRAILING.sub("", text).strip(" ,.!?")
    return text


def _consumed(clause: str, found: dict[str, Found], city_words: set[str]) -> bool:
    """Whether a clause carried nothing but answers ("budget £200", "I'm in London", "free on weekends")."""
    spelled = normalize(words_to_digits(clause))
    rest = [t for t in spelled.split() if not any(ch.isdigit() for ch in t) and t not in _CLAUSE_FILLER]
    rest = [t for t in rest if t not in city_words]
    answered = any(item.text and item.text in clause for item in found.values()) or _SIZE_WORDS.search(clause)
    if answered and not rest:
        return True
    return "availability" in found and clause.strip(" .!") in found["availability"].text.split("; ")


def describes_idea(text: str) -> bool:
    """Whether the leftover says what the tattoo is ("a fine line rose"), not only "a tattoo, please"."""
    return any(word not in _GENERIC for word in normalize(text).split() if not word.isdigit())


def _tidy(phrase: str) -> str:
    """ "the Back of my neck" → "back of my neck": a leading possessive goes, the rest stays as written."""
    phrase = re.sub(r"^\s*(?:my|the|his|her|your|their)\s+", "", phrase, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", phrase).strip().lower()

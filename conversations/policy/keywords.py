"""Global keywords (docs/conversation.md): opt-out, erasure, handover, opt-in and CONTINUE.

Every rule compares ``keyword_text``: ``text.normalize`` (NFKC, case-folded,
punctuation, symbols and emoji turned into spaces) with emoji variation
selectors removed too, so "ＳＴＯＰ!!!", " stop ✋️ " and "Stop." all read "stop".

Whole-message rules. A keyword is the whole message, but:

* courtesy words at either end are allowed ("STOP please", "please delete my
  data", "human thanks x"): please, pls, plz, kindly, thanks, thank you, thx,
  ty, ta, cheers, sorry, now, x, xx, xxx;
* the keyword repeated is the keyword ("STOP STOP");
* nothing else: "stop by the studio?", "don't stop", "stopwatch" and "can you
  delete my data" are not keywords.

Keywords (``match_global``, in this order):

* ``OPT_OUT``: stop, stop all, unsubscribe, opt out ("opt-out"), optout.
* ``ERASE``: delete my data, delete data, remove my data.
* ``HANDOVER``, whole message: human, artist, person, agent, real person,
  talk to someone; an article (a / an / the) and real / actual / live may come
  first ("the artist", "a real person", "live agent"). Reason ``keyword:<words>``.
* ``HANDOVER``, anywhere in the message: talk / speak / chat [directly |
  personally] to / with / 2 [a | an | the | some | your | one | real | actual |
  live] human(s) / human being / person / someone / somebody / anyone /
  anybody / artist / tattoo artist / tattooist / agent. Only the base verbs
  count: "I was talking to someone" and "I spoke to a person" tell a story,
  they do not ask. A negation is not read ("I don't need to talk to a human"
  hands over: a needless handover is cheap, a missed one is not).
  Reason ``phrase:talk_to_<human|person|someone|artist|agent>``.
* ``HANDOVER``: the whole word refund or refunds anywhere (reason ``refund``);
  "refundable", "non-refundable" and "refunded" are other words and do not
  hand over ("is the deposit refundable?" is answered by the deposit policy).
* ``HANDOVER``: the whole words discount(s), cheaper, negotiate anywhere
  (reason ``price:discount``, ``price:cheaper``, ``price:negotiate``);
  "discounted" and "negotiable" do not.

"human", "person" and "artist" inside a sentence are not handovers ("a human
skull tattoo", "a person holding a flower", "the artist's style").

``match_global`` never returns ``OPT_IN`` or ``CONTINUE``: they depend on the
lead's status, so the engine asks ``match_opt_in`` and ``is_continue``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from conversations.policy.text import normalize


class Keyword(StrEnum):
    OPT_OUT = "opt_out"
    ERASE = "erase"
    OPT_IN = "opt_in"
    HANDOVER = "handover"
    CONTINUE = "continue"


@dataclass(frozen=True)
class KeywordMatch:
    keyword: Keyword
    reason: str


# Emoji variation selectors are combining marks, which ``normalize`` keeps as letters.
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

_COURTESY_WORDS = frozenset(
    {"please", "pls", "plz", "plse", "kindly", "thanks", "thx", "ty", "ta", "cheers", "sorry", "now", "x", "xx", "xxx"}
)
_COURTESY_PAIRS = frozenset({("thank", "you"), ("thank", "u"), ("thanks", "you")})

OPT_OUT_KEYWORDS: tuple[str, ...] = ("stop", "stop all", "unsubscribe", "opt out", "optout")
ERASE_KEYWORDS: tuple[str, ...] = ("delete my data", "delete data", "remove my data")
HANDOVER_KEYWORDS: tuple[str, ...] = ("human", "artist", "person", "agent", "real person", "talk to someone")
OPT_IN_KEYWORDS: tuple[str, ...] = ("start", "resume", "continue", "yes", "unstop")

_OPT_OUT = {tuple(k.split()): k for k in OPT_OUT_KEYWORDS}
_ERASE = {tuple(k.split()): k for k in ERASE_KEYWORDS}
_OPT_IN = {tuple(k.split()): k for k in OPT_IN_KEYWORDS}
_CONTINUE: Mapping[tuple[str, ...], str] = {("continue",): "continue"}

_WHOLE_HANDOVER = re.compile(
    r"^(?:(?:a|an|the) )?(?:(?:real|actual|live) )?(?:human|artist|person|agent)$|^talk to someone$"
)
_ARTICLES = frozenset({"a", "an", "the"})
_MAX_KEYWORD_WORDS = 4  # the longest whole-message keyword ("a real person", "talk to someone")

_TALK_TO = re.compile(
    r"\b(?:talk|speak|chat)(?: (?:directly|personally))? (?:to|with|2) "
    r"(?:(?:a|an|the|some|your|one|real|actual|live) ){0,3}"
    r"(?P<target>human beings?|humans?|person|someone|somebody|anyone|anybody|tattoo artist|tattooist|artist|agent)\b"
)
_TARGETS: Mapping[str, str] = {
    "human being": "human",
    "human beings": "human",
    "human": "human",
    "humans": "human",
    "person": "person",
    "someone": "someone",
    "somebody": "someone",
    "anyone": "someone",
    "anybody": "someone",
    "tattoo artist": "artist",
    "tattooist": "artist",
    "artist": "artist",
    "agent": "agent",
}

_REFUND_WORDS = frozenset({"refund", "refunds"})
_PRICE_WORDS: Mapping[str, str] = {
    "discount": "discount",
    "discounts": "discount",
    "cheaper": "cheaper",
    "negotiate": "negotiate",
}


def keyword_text(text: str) -> str:
    """The form every keyword rule compares: ``normalize`` with emoji variation selectors removed."""
    return normalize(_VARIATION_SELECTORS.sub("", text))


def core_words(text: str) -> tuple[str, ...]:
    """The message's words without courtesy words at either end ("please STOP thanks" → ("stop",))."""
    normal = keyword_text(text)
    tokens = normal.split(" ") if normal else []
    start, end = 0, len(tokens)
    changed = True
    while changed and start < end:
        changed = False
        if tokens[start] in _COURTESY_WORDS:
            start, changed = start + 1, True
        elif end - start >= 2 and (tokens[start], tokens[start + 1]) in _COURTESY_PAIRS:
            start, changed = start + 2, True
        if start < end and tokens[end - 1] in _COURTESY_WORDS:
            end, changed = end - 1, True
        elif end - start >= 2 and (tokens[end - 2], tokens[end - 1]) in _COURTESY_PAIRS:
            end, changed = end - 2, True
    return tuple(tokens[start:end])


def _unit(core: tuple[str, ...]) -> tuple[str, ...]:
    """The shortest run of words ``core`` repeats ("stop all stop all" → ("stop", "all"))."""
    length = len(core)
    for size in range(1, min(length // 2, _MAX_KEYWORD_WORDS) + 1):
        if length % size == 0 and core == core[:size] * (length // size):
            return core[:size]
    return core


def _whole(core: tuple[str, ...], table: Mapping[tuple[str, ...], str]) -> str | None:
    """The keyword ``core`` is, once or repeated ("stop stop"), or None."""
    return table.get(_unit(core))


def _whole_handover(core: tuple[str, ...]) -> str | None:
    unit = _unit(core)
    if unit and _WHOLE_HANDOVER.match(" ".join(unit)):
        return "keyword:" + "_".join(w for w in unit if w not in _ARTICLES)
    return None


def _handover(text: str, core: tuple[str, ...]) -> str | None:
    """The handover reason of a message, or None."""
    whole = _whole_handover(core)
    if whole is not None:
        return whole
    normal = keyword_text(text)
    talk = _TALK_TO.search(normal)
    if talk is not None:
        return "phrase:talk_to_" + _TARGETS[talk.group("target")]
    tokens = normal.split(" ")
    if any(token in _REFUND_WORDS for token in tokens):
        return "refund"
    for token in tokens:
        if token in _PRICE_WORDS:
            return "price:" + _PRICE_WORDS[token]
    return None


def match_global(text: str) -> KeywordMatch | None:
    """The global keyword a message is, in every status: opt-out, then erase, then handover; else None."""
    core = core_words(text)
    opt_out = _whole(core, _OPT_OUT)
    if opt_out is not None:
        return KeywordMatch(Keyword.OPT_OUT, opt_out)
    erase = _whole(core, _ERASE)
    if erase is not None:
        return KeywordMatch(Keyword.ERASE, erase)
    reason = _handover(text, core)
    if reason is not None:
        return KeywordMatch(Keyword.HANDOVER, reason)
    return None


def match_opt_in(text: str) -> bool:
    """The whole message is START, RESUME, CONTINUE, YES or UNSTOP (courtesy words allowed: "yes please")."""
    return _whole(core_words(text), _OPT_IN) is not None


def is_continue(text: str) -> bool:
    """The whole message is CONTINUE (courtesy words allowed: "continue please")."""
    return _whole(core_words(text), _CONTINUE) is not None

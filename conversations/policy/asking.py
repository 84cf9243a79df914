"""Questions and corrections in a customer's message (docs/conversation.md "Questions", "Corrections").

Pure: no Django, no I/O. A sentence asks something when it ends with a
question mark or opens with a question word (how, what, when, where, which,
who, why, do you, can I, could, is it, are you, will …). "Can I get a rose on
my wrist?" is a request, not a question: "can/could I get/have/book" and
"can/could/would you do" followed by what they want do not ask anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conversations.policy.text import nfkc, normalize
from conversations.policy.wordlists import question_words

_SENTENCE_END = re.compile(r"(?<=[!?])\s*|(?<=[.])\s+(?=\S)|\n+")
_GREETING = re.compile(
    r"^\s*(?:hi+|hey+|hello+|hiya|heya|hallo|yo|good (?:morning|afternoon|evening)|morning|evening|greetings|dear"
    rf"|{question_words.GREETINGS})"
    r"(?:\s+(?:there|all|guys|team|again))?(?:\s+[A-Z][a-z]+(?=\s*[,!.]))?(?![\w'])[^\w]*",
    re.IGNORECASE,
)
_OPENERS: tuple[str, ...] = (
    "how",
    "what",
    "whats",
    "when",
    "where",
    "wheres",
    "which",
    "who",
    "why",
    "do you",
    "does it",
    "does that",
    "does this",
    "does the",
    "did you",
    "can i",
    "can you",
    "can we",
    "could you",
    "could i",
    "could we",
    "could it",
    "could there",
    "is it",
    "is there",
    "is that",
    "are you",
    "are there",
    "will you",
    "will i",
    "will it",
    "will there",
    "would you",
    "would i",
    "would it",
    "would that",
    "would there",
    "have you",
    "any chance",
    "i was wondering",
    "just wondering",
    "wondering",
    "do i",
    "should i",
    "is the",
    "are the",
    "i have a question",
    "i had a question",
    "i have a few questions",
    "i have some questions",
    "quick question",
    "question",
)
_OPENERS += tuple(opener for openers in question_words.OPENERS.values() for opener in openers)
_OPENER = re.compile(r"^(?:(?:and|also|so|but|ok|okay|oh|sorry|quick question|question|" + question_words.LEAD_INS
    + r")\s+)*(?:" + "|".join(sorted(_OPENERS, key=len, reverse=True)) + r")\b")  # fmt: skip
# "can I get a rose", "could you do a swallow on my wrist": asking for the tattoo, not asking a question.
_REQUEST = re.compile(
    r"^(?:can|could|may) i (?:get|have|book|do)(?: me)? (?:a|an|my|some|the|this|two|2)\b"
    r"|^(?:can|could|would) you (?:do|tattoo|draw|design|make)(?: me)? (?:a|an|my|some|this|two|2)\b"
    r"|^would (?:like|love)\b"
    r"|^(?:actually |so )?(?:can|could) we (?:do|have|make it|go for)\b"
)

_CORRECTION = re.compile(
    r"^\s*(?:(?:(?:no|nope|oh|ah)(?=\s*[,.!]|\s+(?:wait|sorry|actually|i meant|hang on|hold on))|oops|sorry|wait|"
    r"hang on|hold on|my bad|correction|scratch that|actually|i meant|i mean|meant|ignore that|not that)"
    r"\b[\s,.!:;-]*)+",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(?:change|update|switch|make)\s+(?:the\s+|my\s+|it\s+)?"
    r"(?P<field>idea|design|placement|place|spot|position|location|size|budget|price|city|style|availability)"
    r"\s+(?:to|into|for|as)\b\s*",
    re.IGNORECASE,
)
_MAKE_IT = re.compile(
    r"^\s*(?:(?:(?:can|could) (?:we|you)|lets|let's|please)\s+)?(?:make it|go for|go with|change it to)\b\s*"
    r"|^\s*(?:can|could) we (?:do|have)\b\s*",
    re.IGNORECASE,
)
# "my left arm not right", "£500 not £300", "fine line instead of blackwork": what it was is not the answer.
_NOT_THAT = re.compile(r"[\s,]+(?:not|instead of|rather than)\s+[^,.;!?]*$", re.IGNORECASE)
_FIELDS = {
    "design": "idea",
    "place": "placement",
    "spot": "placement",
    "position": "placement",
    "location": "placement",
    "price": "budget",
}


@dataclass(frozen=True)
class Correction:
    text: str  # what the customer corrects it to
    field: str | None  # the field they named ("change the placement to …"), if any


def sentences(text: str) -> list[str]:
    """The sentences of a message, split after . ! ? and line breaks (decimals such as 5.5 stay whole)."""
    return [part.strip() for part in _SENTENCE_END.split(nfkc(text)) if part and part.strip()]


def strip_greeting(text: str) -> str:
    """ "Hi Sam! I'd like…" → "I'd like…"."""
    return _GREETING.sub("", text, count=1)


def asks(sentence: str) -> bool:
    """Whether a sentence asks something (see the module docstring)."""
    bare = normalize(strip_greeting(sentence))
    if not bare:
        return False
    if _REQUEST.match(bare):
        return False
    opens = sentence.lstrip().startswith("¿")  # Spanish opens a question with its own mark
    return opens or sentence.rstrip().endswith("?") or bool(_OPENER.match(bare))


def question_sentences(text: str) -> list[str]:
    return [sentence for sentence in sentences(text) if asks(sentence)]


def correction(text: str) -> Correction | None:
    """ "actually make it 8x8", "sorry, I meant £600", "change the placement to my calf", "no wait, Manchester"."""
    change = _CHANGE.search(text)
    if change is not None:
        field = change.group("field").lower()
        return Correction(text[change.end() :].strip(" .!"), _FIELDS.get(field, field))
    cue = _CORRECTION.match(text)
    rest = text[cue.end() :] if cue else text
    make = _MAKE_IT.match(rest)
    if cue is None and make is None:
        return None
    # "actually can we do 12x12?" proposes a value: its question mark asks nothing.
    rest = rest[make.end() :].rstrip(" ?") if make else rest
    # "No" or "Sorry" alone, or "sorry, how much…", is not a correction.
    if not rest.strip(" .!") or asks(rest):
        return None
    return Correction(_NOT_THAT.sub("", rest).strip(" .!"), None)


def match_faq(text: str, entries: Iterable[tuple[str, Sequence[str]]]) -> str | None:
    """The topic whose trigger phrase occurs in ``text`` (whole words; the longest trigger wins), or None."""
    haystack = f" {normalize(text)} "
    best: tuple[int, str] | None = None
    for topic, triggers in entries:
        for trigger in triggers:
            needle = normalize(trigger)
            if needle and f" {needle} " in haystack and (best is None or len(needle) > best[0]):
                best = (len(needle), topic)
    return best[1] if best else None

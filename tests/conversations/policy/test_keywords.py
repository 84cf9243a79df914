"""Global keywords: opt-out, erase, handover, opt-in and CONTINUE (docs/conversation.md)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.policy.keywords import (
    ERASE_KEYWORDS,
    HANDOVER_KEYWORDS,
    OPT_IN_KEYWORDS,
    OPT_OUT_KEYWORDS,
    Keyword,
    KeywordMatch,
    core_words,
    is_continue,
    keyword_text,
    match_global,
    match_opt_in,
)

OPT_OUT = [
    ("STOP", "stop"),
    ("stop", "stop"),
    ("Stop", "stop"),
    ("STOP!!!", "stop"),
    ("stop.", "stop"),
    ("  stop  ", "stop"),
    ("\nSTOP\n", "stop"),
    ("ＳＴＯＰ", "stop"),
    ("ＳＴＯＰ！", "stop"),
    ("¡STOP!", "stop"),
    ("🛑 STOP 🛑", "stop"),
    ("stop ✋️", "stop"),
    ("STOP 🙏🏽", "stop"),
    ("*STOP*", "stop"),
    ('"stop"', "stop"),
    ("STOP please", "stop"),
    ("please stop", "stop"),
    ("Stop, thank you", "stop"),
    ("stop thanks x", "stop"),
    ("STOP NOW", "stop"),
    ("STOP STOP STOP", "stop"),
    ("stop. stop.", "stop"),
    ("STOP ALL", "stop all"),
    ("stop all!", "stop all"),
    ("Stop all please", "stop all"),
    ("UNSUBSCRIBE", "unsubscribe"),
    ("unsubscribe please", "unsubscribe"),
    ("Unsubscribe.", "unsubscribe"),
    ("ＵＮＳＵＢＳＣＲＩＢＥ", "unsubscribe"),
    ("OPT OUT", "opt out"),
    ("opt-out", "opt out"),
    ("Opt out!", "opt out"),
    ("OPTOUT", "optout"),
    ("optout pls", "optout"),
    ("stop\u200b", "stop"),
    ("\u00a0STOP\u00a0", "stop"),
]

ERASE = [
    ("DELETE MY DATA", "delete my data"),
    ("delete my data", "delete my data"),
    ("Delete my data.", "delete my data"),
    ("delete my data please", "delete my data"),
    ("Please delete my data, thanks", "delete my data"),
    ("DELETE DATA", "delete data"),
    ("delete data!", "delete data"),
    ("REMOVE MY DATA", "remove my data"),
    ("remove my data 🙏", "remove my data"),
    ("ＤＥＬＥＴＥ ＭＹ ＤＡＴＡ", "delete my data"),
]

HANDOVER = [
    ("HUMAN", "keyword:human"),
    ("human", "keyword:human"),
    ("Human?", "keyword:human"),
    ("human please", "keyword:human"),
    ("HUMAN HUMAN", "keyword:human"),
    ("ＨＵＭＡＮ", "keyword:human"),
    ("a human", "keyword:human"),
    ("ARTIST", "keyword:artist"),
    ("artist!", "keyword:artist"),
    ("the artist", "keyword:artist"),
    ("The artist please", "keyword:artist"),
    ("PERSON", "keyword:person"),
    ("AGENT", "keyword:agent"),
    ("live agent", "keyword:live_agent"),
    ("REAL PERSON", "keyword:real_person"),
    ("a real person", "keyword:real_person"),
    ("real person pls", "keyword:real_person"),
    ("an actual person", "keyword:actual_person"),
    ("TALK TO SOMEONE", "keyword:talk_to_someone"),
    ("talk to someone please", "keyword:talk_to_someone"),
    ("can I speak to the artist please", "phrase:talk_to_artist"),
    ("Can I speak to the artist?", "phrase:talk_to_artist"),
    ("I want to talk with a human", "phrase:talk_to_human"),
    ("let me chat to someone", "phrase:talk_to_someone"),
    ("I'd like to speak to a real person", "phrase:talk_to_person"),
    ("can i talk to a human being pls", "phrase:talk_to_human"),
    ("Is there any way I can speak with somebody?", "phrase:talk_to_someone"),
    ("i need to talk to someone about my design", "phrase:talk_to_someone"),
    ("could I speak directly to the artist", "phrase:talk_to_artist"),
    ("can I chat with the tattoo artist", "phrase:talk_to_artist"),
    ("can i talk 2 someone", "phrase:talk_to_someone"),
    ("Can I talk to anyone??", "phrase:talk_to_someone"),
    ("want to speak to your artist", "phrase:talk_to_artist"),
    ("Can I talk to an actual human 😩", "phrase:talk_to_human"),
    ("I'd rather speak to the tattooist", "phrase:talk_to_artist"),
    ("I'd like to talk to an agent", "phrase:talk_to_agent"),
    ("CAN I SPEAK TO A PERSON", "phrase:talk_to_person"),
    ("I don't want to talk to a bot, I want to talk to a human", "phrase:talk_to_human"),
    ("I want a refund", "refund"),
    ("REFUND", "refund"),
    ("refund please", "refund"),
    ("how do I get a refund?", "refund"),
    ("Do you do refunds", "refund"),
    ("I want my deposit back, refund!!", "refund"),
    ("any discount?", "price:discount"),
    ("Do you do discounts for students", "price:discount"),
    ("DISCOUNT", "price:discount"),
    ("can it be cheaper", "price:cheaper"),
    ("anything cheaper?", "price:cheaper"),
    ("can we negotiate the price", "price:negotiate"),
    ("I'd like to negotiate", "price:negotiate"),
]

NOT_KEYWORDS = [
    "",
    "   ",
    "!!!",
    "🙏",
    "stop by the studio?",
    "can I stop by the studio tomorrow",
    "don't stop",
    "don’t stop believing",
    "stopwatch",
    "stopped",
    "non stop",
    "STOP_",
    "please don't stop",
    "stop sign tattoo",
    "the bus stop",
    "I'd like a human skull tattoo",
    "human skull",
    "a human heart, anatomical",
    "a person holding a flower",
    "person holding a flower",
    "the artist's style",
    "I love the artist’s work",
    "artistic",
    "artists",
    "an artistic piece",
    "is the deposit refundable?",
    "non-refundable deposit is fine",
    "I was refunded last time",
    "discounted",
    "is the price negotiable?",
    "cheap",
    "delete",
    "data",
    "my data",
    "can you delete my data",
    "I'll delete my data later",
    "talk to you soon",
    "I talked to someone at the studio",
    "I was talking to someone about it",
    "I spoke to a person there",
    "talk about the artist",
    "speak to my partner",
    "chat soon",
    "someone",
    "agents of shield",
    "secret agent",
    "personal",
    "personally",
    "humane",
    "humanity",
    "thank you",
    "please",
    "start",
    "yes",
    "continue",
    "unstop",
    "resume",
    "optimal",
    "opt in",
    "unsubscribed already",
    "subscribe",
]


@pytest.mark.parametrize(("text", "reason"), OPT_OUT)
def test_opt_out(text: str, reason: str) -> None:
    assert match_global(text) == KeywordMatch(Keyword.OPT_OUT, reason)


@pytest.mark.parametrize(("text", "reason"), ERASE)
def test_erase(text: str, reason: str) -> None:
    assert match_global(text) == KeywordMatch(Keyword.ERASE, reason)


@pytest.mark.parametrize(("text", "reason"), HANDOVER)
def test_handover(text: str, reason: str) -> None:
    assert match_global(text) == KeywordMatch(Keyword.HANDOVER, reason)


@pytest.mark.parametrize("text", NOT_KEYWORDS)
def test_not_a_global_keyword(text: str) -> None:
    assert match_global(text) is None


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("STOP talking to the artist", None),  # not the whole message, and no talk-to phrase that asks
        ("stop, I want a refund", Keyword.HANDOVER),  # not a whole-message STOP; the refund rule hands over
        ("delete my data and talk to someone", Keyword.HANDOVER),
        ("stop stop all", None),  # two different keywords, not one repeated
    ],
)
def test_mixed_messages(text: str, keyword: Keyword | None) -> None:
    match = match_global(text)
    assert (match.keyword if match else None) == keyword


def test_opt_out_and_erase_win_over_handover() -> None:
    # No whole-message text is both, but the order is part of the rule: check it directly.
    assert match_global("STOP") == KeywordMatch(Keyword.OPT_OUT, "stop")
    assert match_global("delete my data") == KeywordMatch(Keyword.ERASE, "delete my data")


@pytest.mark.parametrize("text", ["STOP", "human", "delete my data", "I want a refund", "START", "yes", "continue"])
def test_match_global_never_answers_opt_in_or_continue(text: str) -> None:
    match = match_global(text)
    assert match is None or match.keyword not in {Keyword.OPT_IN, Keyword.CONTINUE}


@pytest.mark.parametrize(
    "text",
    [
        "START",
        "start",
        "Start!",
        "ＳＴＡＲＴ",
        "RESUME",
        "resume please",
        "CONTINUE",
        "continue.",
        "YES",
        "yes",
        "Yes please",
        "yes!! 🙏",
        "UNSTOP",
        "unstop",
        "start start",
        " start ",
    ],
)
def test_opt_in(text: str) -> None:
    assert match_opt_in(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "stop",
        "yeah",
        "ok",
        "yes I do",
        "start again with a new idea",
        "restart",
        "started",
        "can we start?",
        "let's continue",
        "hi",
        "👍",
        "unstoppable",
        "resume my booking please now",  # not the whole message
    ],
)
def test_not_opt_in(text: str) -> None:
    assert match_opt_in(text) is False


@pytest.mark.parametrize(
    "text", ["CONTINUE", "continue", "Continue!", "continue please", "ＣＯＮＴＩＮＵＥ", "  continue 👍 "]
)
def test_continue(text: str) -> None:
    assert is_continue(text) is True


@pytest.mark.parametrize(
    "text", ["", "yes", "start", "continue with the idea", "can we continue", "continued", "go on"]
)
def test_not_continue(text: str) -> None:
    assert is_continue(text) is False


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("please STOP thanks", ("stop",)),
        ("Thank you, delete my data", ("delete", "my", "data")),
        ("thank you", ()),
        ("please", ()),
        ("", ()),
        ("stop 👍️", ("stop",)),
        ("you", ("you",)),
    ],
)
def test_core_words(text: str, core: tuple[str, ...]) -> None:
    assert core_words(text) == core


def test_keyword_text_drops_variation_selectors() -> None:
    assert keyword_text("STOP ✋️") == "stop"
    assert keyword_text("1️⃣") == "1"


# --- properties ----------------------------------------------------------------

WHOLE_MESSAGE = [(kw, Keyword.OPT_OUT) for kw in OPT_OUT_KEYWORDS]
WHOLE_MESSAGE += [(kw, Keyword.ERASE) for kw in ERASE_KEYWORDS]
WHOLE_MESSAGE += [(kw, Keyword.HANDOVER) for kw in HANDOVER_KEYWORDS]

PADS = st.text(alphabet=" \t\n\u00a0\u3000\u200b", max_size=4)
PUNCT = st.text(alphabet='!?.,;:…¡¿*"()-–—~🙏🛑✋️❤👍🏽😡', max_size=5)


@settings(max_examples=150)
@given(st.sampled_from(WHOLE_MESSAGE), PADS, PUNCT, PUNCT, PADS, st.booleans())
def test_whole_message_keywords_ignore_padding_punctuation_and_case(
    case: tuple[str, Keyword], left: str, before: str, after: str, right: str, swap: bool
) -> None:
    keyword, expected = case
    word = keyword.swapcase() if swap else keyword.upper()
    match = match_global(f"{left}{before}{word}{after}{right}")
    assert match is not None
    assert match.keyword == expected
    assert match == match_global(keyword)


@settings(max_examples=100)
@given(st.sampled_from(OPT_IN_KEYWORDS), PADS, PUNCT, PADS, st.booleans())
def test_opt_in_ignores_padding_punctuation_and_case(
    keyword: str, left: str, punct: str, right: str, swap: bool
) -> None:
    word = keyword.swapcase() if swap else keyword.title()
    assert match_opt_in(f"{left}{word}{punct}{right}")
    assert is_continue(f"{left}{word}{punct}{right}") == (keyword == "continue")


@settings(max_examples=100)
@given(st.sampled_from(WHOLE_MESSAGE), st.sampled_from(["", " "]))
def test_full_width_keywords(case: tuple[str, Keyword], space: str) -> None:
    keyword, expected = case
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in keyword.upper())
    match = match_global(f"{space}{full_width}！{space}")
    assert match is not None
    assert match.keyword == expected


@settings(max_examples=100)
@given(st.sampled_from(OPT_OUT_KEYWORDS + ERASE_KEYWORDS), st.sampled_from(["can you", "I will", "don't", "why"]))
def test_a_keyword_inside_a_sentence_is_not_a_keyword(keyword: str, prefix: str) -> None:
    assert match_global(f"{prefix} {keyword}") is None


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    match = match_global(text)
    assert match is None or match.keyword in {Keyword.OPT_OUT, Keyword.ERASE, Keyword.HANDOVER}
    assert isinstance(match_opt_in(text), bool)
    assert isinstance(is_continue(text), bool)


NO_LETTERS = st.characters(categories=["P", "S", "Z"]).filter(
    lambda ch: not any(c.isalnum() for c in unicodedata.normalize("NFKC", ch))  # "Ⓢ" is a symbol but reads "S"
)


@settings(max_examples=150)
@given(st.text(alphabet=NO_LETTERS, max_size=30))
def test_text_without_letters_or_digits_is_never_a_keyword(text: str) -> None:
    assert match_global(text) is None
    assert not match_opt_in(text)


@settings(max_examples=150)
@given(
    st.lists(st.sampled_from(["a", "rose", "on", "my", "arm", "10x15", "stop", "human", "please", "the"]), max_size=8)
)
def test_ascii_case_never_changes_the_answer(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert match_global(text) == match_global(text.upper()) == match_global(text.swapcase())

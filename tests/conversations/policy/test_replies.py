"""Short answers: yes / no, skip, a choice, an Instagram handle, a request for a new link (docs/conversation.md)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.policy.replies import (
    asks_for_new_link,
    is_skip,
    parse_choice,
    parse_instagram_handle,
    parse_yes_no,
)

# --- yes / no -------------------------------------------------------------------

YES = [
    "yes",
    "YES",
    "Yes!",
    "yes.",
    " yes ",
    "ＹＥＳ",
    "yeah",
    "Yeah!!",
    "yep",
    "yup",
    "ya",
    "y",
    "Y",
    "sure",
    "Sure thing",
    "ok",
    "OK",
    "okay",
    "k",
    "kk",
    "alright",
    "sounds good",
    "Sounds good!",
    "sounds great 😊",
    "definitely",
    "absolutely",
    "of course",
    "Of course!",
    "👍",
    "👍👍",
    "👍🏽",
    "👍️",
    "✅",
    "✔️",
    "👌",
    "🆗",
    "yes please",
    "Yes, please!",
    "yes pls",
    "yes please 👍",
    "that works",
    "That works for me",
    "works for me",
    "si",
    "sí",
    "Oui",
    "ja",
    "yesss",
    "yeahhh",
    "yes yes",
    "yeah sure thank you x",
    "ok great thanks",
    "oh yes",
    "yes i do",
    "yes of course",
    "perfect",
    "go ahead",
    "lets do it",
    "Let's do it!",
    "yes 😍",
    "yes thank you so much",
]

NO = [
    "no",
    "NO",
    "No.",
    "no!",
    "ＮＯ",
    "nope",
    "Nope!",
    "nah",
    "naw",
    "n",
    "N",
    "not really",
    "not really thanks",
    "no thanks",
    "No, thank you",
    "no thank you x",
    "👎",
    "❌",
    "✖️",
    "🚫",
    "not interested",
    "Not interested, sorry",
    "no way",
    "non",
    "nein",
    "noooo",
    "nahh",
    "definitely not",
    "absolutely not",
    "of course not",
    "i dont think so",
    "I don't think so",
    "no no",
    "no 👎",
    "never",
    "not at all",
]

AMBIGUOUS = [
    "",
    "   ",
    "maybe",
    "Maybe?",
    "yes and no",
    "not sure",
    "Not sure tbh",
    "no idea",
    "idk",
    "perhaps",
    "probably",
    "ok no",
    "yes 👎",
    "no 👍",
    "👍👎",
    "🙂",
    "❤️",
    "?",
    "yes but only if it's cheaper",
    "no problem",
    "what?",
    "hmm",
    "I think so",
    "depends",
    "yes no",
    "a rose on my arm",
    "10x15",
    "yesterday",
    "nothing",
    "none",
    "know",
    "nowhere",
    "yes, I'd like to change the size",
]


@pytest.mark.parametrize("text", YES)
def test_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", NO)
def test_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_ambiguous_is_none(text: str) -> None:
    assert parse_yes_no(text) is None


# --- skip -----------------------------------------------------------------------

SKIP = [
    "SKIP",
    "skip",
    "Skip!",
    "ＳＫＩＰ",
    "skip it",
    "skip for now",
    "skip please",
    "NO",
    "no",
    "No.",
    "nope",
    "nah",
    "NONE",
    "none",
    "None!",
    "N/A",
    "n/a",
    "na",
    "nothing",
    "nothing yet",
    "not yet",
    "not really",
    "no reference",
    "no references",
    "No references, sorry",
    "no refs",
    "no pics",
    "no photos yet",
    "no inspo",
    "no particular style",
    "no preference",
    "no style",
    "don't have one",
    "I don't have one",
    "I don’t have any",
    "i dont have any references",
    "I haven't got any",
    "haven't got one yet",
    "no I don't",
    "nope none",
    "no instagram",
    "I don't have instagram",
    "pass",
    "none thanks",
    "nil",
    "❌",
    "👎",
    "  skip  ",
]

NOT_SKIP = [
    "",
    "   ",
    "blackwork",
    "fine line",
    "a rose",
    "maybe",
    "yes",
    "👍",
    "🙂",
    "realism please",
    "skipping rope tattoo",
    "not sure yet",
    "no colour, just black",
    "nothing too big",
    "one",
    "I have some pics",
    "none of the above styles, more traditional",
    "@jane.doe",
]


@pytest.mark.parametrize("text", SKIP)
def test_skip(text: str) -> None:
    assert is_skip(text) is True


@pytest.mark.parametrize("text", NOT_SKIP)
def test_not_skip(text: str) -> None:
    assert is_skip(text) is False


# --- choice ---------------------------------------------------------------------

COMPLEXITY = [("1", "Simple"), ("2", "Medium"), ("3", "Realism")]

CHOICES = [
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    (" 2 ", "2"),
    ("2.", "2"),
    ("2!", "2"),
    ("#2", "2"),
    ("# 2", "2"),
    ("(2)", "2"),
    ("option 2", "2"),
    ("Option 2 please", "2"),
    ("number 3", "3"),
    ("opt 1", "1"),
    ("２", "2"),
    ("2️⃣", "2"),
    ("two", "2"),
    ("option three", "3"),
    ("the first one", "1"),
    ("2nd", "2"),
    ("third one please", "3"),
    ("simple", "1"),
    ("Simple", "1"),
    ("SIMPLE", "1"),
    ("medium", "2"),
    ("Medium!", "2"),
    ("Realism please", "3"),
    ("realism 🙏", "3"),
    ("I think realism", "3"),
    ("the medium one", "2"),
    ("Medium (2)", "2"),
    ("2 - medium", "2"),
    ("ＲＥＡＬＩＳＭ", "3"),
    ("2 2", "2"),
]

NO_CHOICE = [
    "",
    "   ",
    "1 or 2",
    "1 or 2?",
    "simple or medium",
    "Simple or Medium, not sure",
    "2 or 3",
    "medium 3",
    "between 1 and 3",
    "4",
    "0",
    "12",
    "option",
    "realistic",
    "simpler",
    "mediums",
    "not sure",
    "whatever you think",
    "10x15",
]


@pytest.mark.parametrize(("text", "expected"), CHOICES)
def test_choice(text: str, expected: str) -> None:
    assert parse_choice(text, COMPLEXITY) == expected


@pytest.mark.parametrize("text", NO_CHOICE)
def test_no_choice(text: str) -> None:
    assert parse_choice(text, COMPLEXITY) is None


def test_choice_by_reply_id_and_title() -> None:
    options = [("tour_yes", "YES"), ("tour_no", "NO")]
    assert parse_choice("tour_yes", options) == "tour_yes"
    assert parse_choice("tour_no", options) == "tour_no"
    assert parse_choice("yes", options) == "tour_yes"
    assert parse_choice("No thanks", options) == "tour_no"
    assert parse_choice("yes no", options) is None


def test_choice_with_no_options() -> None:
    assert parse_choice("2", []) is None


def test_one_alone_is_option_one_but_not_inside_a_sentence() -> None:
    assert parse_choice("one", COMPLEXITY) == "1"
    assert parse_choice("option one", COMPLEXITY) == "1"
    assert parse_choice("the realism one", COMPLEXITY) == "3"


# --- instagram ------------------------------------------------------------------

HANDLES = [
    ("@jane.doe", "jane.doe"),
    ("@Jane.Doe", "jane.doe"),
    ("jane.doe", "jane.doe"),
    ("jane_doe", "jane_doe"),
    ("JaneDoe99", "janedoe99"),
    (" @jane_doe ", "jane_doe"),
    ("@jane_doe.", "jane_doe"),
    ("＠ｊａｎｅ", "jane"),
    ("instagram.com/jane", "jane"),
    ("www.instagram.com/jane.doe", "jane.doe"),
    ("https://www.instagram.com/jane.doe/", "jane.doe"),
    ("https://instagram.com/jane_doe", "jane_doe"),
    ("https://www.instagram.com/jane_doe?igsh=MWx0ZXAxb2J4", "jane_doe"),
    ("http://m.instagram.com/jane/", "jane"),
    ("my insta is @jane.doe", "jane.doe"),
    ("My instagram is jane.doe", "jane.doe"),
    ("ig: jane_doe", "jane_doe"),
    ("IG - janedoe", "janedoe"),
    ("insta: @jane", "jane"),
    ("it's jane.doe", "jane.doe"),
    ("It’s @jane.doe 😊", "jane.doe"),
    ("instajane", "instajane"),
    ("a" * 30, "a" * 30),
    ("_jane_", "_jane_"),
    ("here you go https://www.instagram.com/jane.doe/ thanks", "jane.doe"),
]

NOT_HANDLES = [
    "",
    "   ",
    "SKIP",
    "skip",
    "none",
    "None!",
    "no",
    "N/A",
    "I don't have instagram",
    "no insta",
    "yes",
    "ok",
    "jane doe",
    "a" * 31,
    "@" + "a" * 31,
    ".jane",
    "jane..doe",
    "jané",
    "jane-doe",
    "...",
    "@",
    "@jane and @john",
    "https://www.instagram.com/p/Cxyz123/",
    "https://www.instagram.com/reel/Cxyz123/",
    "email me at jane@example.com or something",
    "instagram.com/jane and instagram.com/john",
    "my insta is jane doe",
]


@pytest.mark.parametrize(("text", "expected"), HANDLES)
def test_instagram_handle(text: str, expected: str) -> None:
    assert parse_instagram_handle(text) == expected


@pytest.mark.parametrize("text", NOT_HANDLES)
def test_not_an_instagram_handle(text: str) -> None:
    assert parse_instagram_handle(text) is None


# --- new link -------------------------------------------------------------------

NEW_LINK = [
    "send me a new link",
    "Send me a new link please",
    "new link please",
    "NEW LINK",
    "new link pls 🙏",
    "can I get another link",
    "Can I have another link?",
    "could you send another one",
    "can you send a fresh link",
    "link expired",
    "the link expired",
    "The link has expired!",
    "my link expired :(",
    "it expired",
    "it says expired",
    "expired link",
    "resend the link",
    "Resend please",
    "can you re-send it",
    "resend",
    "the link doesn't work",
    "the link doesn’t work",
    "link not working",
    "the link isn't working",
    "the payment link won't open",
    "it's not working",
    "checkout page won't load",
    "I can't open the link",
    "cannot open the payment link",
    "the link is broken",
    "dead link",
    "send the link again",
    "can you send it again",
    "send me the link",
    "send me the payment link pls",
    "I didn't get a link",
    "never received the link",
    "new payment link",
    "LINK EXPIRED!!!",
]

NOT_NEW_LINK = [
    "",
    "no",
    "yes",
    "ok",
    "thanks for the link",
    "Thanks for the link!",
    "got the link",
    "paid!",
    "I paid with the link",
    "the link works",
    "the link worked, thanks",
    "link works fine now",
    "done ✅",
    "when is my appointment?",
    "can I change the date",
    "I'll pay tomorrow",
    "new idea: a rose",
    "linked in",
    "what's the link for?",
]


@pytest.mark.parametrize("text", NEW_LINK)
def test_asks_for_new_link(text: str) -> None:
    assert asks_for_new_link(text) is True


@pytest.mark.parametrize("text", NOT_NEW_LINK)
def test_does_not_ask_for_new_link(text: str) -> None:
    assert asks_for_new_link(text) is False


# --- properties ----------------------------------------------------------------

PADS = st.text(alphabet=" \t\n\u00a0", max_size=3)
PUNCT = st.text(alphabet="!?.,…*~😊🙏", max_size=3)


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    assert parse_yes_no(text) in {True, False, None}
    assert isinstance(is_skip(text), bool)
    assert parse_choice(text, COMPLEXITY) in {None, "1", "2", "3"}
    handle = parse_instagram_handle(text)
    assert handle is None or (1 <= len(handle) <= 30 and handle == handle.lower() and "@" not in handle)
    assert isinstance(asks_for_new_link(text), bool)


@settings(max_examples=100)
@given(st.sampled_from(YES[:20] + NO[:20]), PADS, PUNCT, PADS)
def test_yes_no_ignores_padding_and_punctuation(text: str, left: str, punct: str, right: str) -> None:
    assert parse_yes_no(f"{left}{text}{punct}{right}") == parse_yes_no(text)


@settings(max_examples=100)
@given(st.sampled_from(["yes", "yeah", "ok", "sure", "yep"]), st.sampled_from(["no", "nope", "nah", "not really"]))
def test_yes_with_no_is_ambiguous(yes: str, no: str) -> None:
    assert parse_yes_no(f"{yes} {no}") is None
    assert parse_yes_no(f"{no}, {yes}") is None


@settings(max_examples=100)
@given(st.sampled_from(COMPLEXITY), st.sampled_from(COMPLEXITY), st.sampled_from(["or", "/", "and", ","]))
def test_naming_two_options_is_ambiguous(first: tuple[str, str], second: tuple[str, str], joiner: str) -> None:
    text = f"{first[1]} {joiner} {second[1]}"
    assert parse_choice(text, COMPLEXITY) == (first[0] if first == second else None)


@settings(max_examples=100)
@given(st.from_regex(r"[a-z][a-z0-9_]{0,12}(\.[a-z0-9_]{1,8})?", fullmatch=True))
def test_a_valid_handle_comes_back(name: str) -> None:
    assert parse_instagram_handle(f"@{name}") == name  # the "@" says it is a handle, even "@none"
    assert parse_instagram_handle(f"@{name.upper()}.") == name
    bare = parse_instagram_handle(name)
    assert bare == (None if is_skip(name) or parse_yes_no(name) is not None else name)
    url = parse_instagram_handle(f"https://www.instagram.com/{name}/")
    assert url == (
        None
        if name in {"p", "reel", "reels", "stories", "explore", "accounts", "tv", "direct", "about", "legal"}
        else name
    )

"""Properties of the keywords of every language (docs/conversation.md "Keywords")."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.policy import answer_words
from conversations.policy.keyword_words import LANGUAGES, WORDS
from conversations.policy.keywords import (
    MAX_KEYWORD_WORDS,
    Keyword,
    core_words,
    folded_text,
    match_global,
    match_opt_in,
)
from conversations.policy.replies import parse_yes_no
from conversations.policy.text import fold_accents

STOPPING = {Keyword.OPT_OUT, Keyword.ERASE}
OPT_OUT_AND_ERASE = sorted(
    {(phrase, language) for language in LANGUAGES for phrase in (*WORDS[language].opt_out, *WORDS[language].erase)}
)
OPT_IN = sorted({phrase for language in LANGUAGES for phrase in WORDS[language].opt_in})
COURTESY = sorted({phrase for language in LANGUAGES for phrase in WORDS[language].courtesy})
# Words that are never part of an opt-out or erasure keyword, in the bot's languages.
ORDINARY = [
    *("tattoo", "tatuaje", "tatouage", "tätowierung", "tatuagem", "tatuaggio", "mañana", "demain", "morgen"),
    *("amanhã", "domani", "10x15", "rosa", "bras", "arm", "braço", "braccio", "pensar", "fumer", "mal"),
    *("trabalho", "piccolo", "che", "no", "si", "pas", "nicht", "não", "non", "can", "you", "why", "don't"),
]
PUNCT = st.text(alphabet='!?.,;:…¡¿*"()-~🙏🛑✋️👍🏽', max_size=4)


def _spelled(phrase: str, accents: bool, case: int) -> str:
    text = phrase if accents else fold_accents(phrase)
    return (text, text.upper(), text.title())[case]


@settings(max_examples=300)
@given(
    st.sampled_from(OPT_OUT_AND_ERASE),
    st.booleans(),
    st.integers(0, 2),
    st.lists(st.sampled_from(COURTESY), max_size=2),
    st.lists(st.sampled_from(COURTESY), max_size=2),
    PUNCT,
    PUNCT,
)
def test_opt_out_and_erase_in_any_spelling_with_any_courtesy_words(
    case: tuple[str, str],
    accents: bool,
    letter_case: int,
    before: list[str],
    after: list[str],
    left: str,
    right: str,
) -> None:
    """Every language's opt-out and erasure keyword works whatever the courtesy words' language,
    with or without its accents, in any case."""
    phrase, _ = case
    expected = match_global(phrase)
    assert expected is not None
    assert expected.keyword in STOPPING
    word = _spelled(phrase, accents, letter_case)
    assert match_global(f"{left}{' '.join(before)} {word}{right} {' '.join(after)}") == expected


@settings(max_examples=300)
@given(
    st.sampled_from(OPT_OUT_AND_ERASE),
    st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=4),
    st.booleans(),
)
def test_a_keyword_with_other_words_is_not_an_opt_out(
    case: tuple[str, str], words: list[str], keyword_first: bool
) -> None:
    phrase, _ = case
    text = f"{phrase} {' '.join(words)}" if keyword_first else f"{' '.join(words)} {phrase}"
    match = match_global(text)
    assert match is None or match.keyword not in STOPPING


VOCABULARY = sorted({word for phrase, _ in OPT_OUT_AND_ERASE for word in phrase.split()} | set(ORDINARY))


def _repeats(core: tuple[str, ...], unit: tuple[str, ...]) -> bool:
    return bool(unit) and len(core) % len(unit) == 0 and core == unit * (len(core) // len(unit))


@settings(max_examples=500)
@given(st.lists(st.sampled_from(VOCABULARY + COURTESY), min_size=MAX_KEYWORD_WORDS + 1, max_size=MAX_KEYWORD_WORDS + 6))
def test_a_long_message_is_an_opt_out_only_when_it_is_a_keyword_phrase(words: list[str]) -> None:
    """No message longer than the whole-message rule allows is an opt-out or erasure unless, once
    courtesy words are set aside, it is a keyword phrase (repeated)."""
    text = " ".join(words)
    match = match_global(text)
    if match is not None and match.keyword in STOPPING:
        keyword = tuple(folded_text(match.reason).split(" "))
        assert f" {' '.join(keyword)} " in f" {folded_text(text)} "
        assert _repeats(core_words(text), keyword)


@settings(max_examples=100)
@given(
    st.sampled_from(OPT_OUT_AND_ERASE), st.sampled_from(["can you", "I will", "don't", "no puedo", "je veux", "ich"])
)
def test_a_keyword_after_a_sentence_start_is_not_a_keyword(case: tuple[str, str], prefix: str) -> None:
    phrase, _ = case
    if phrase.split()[0] in {"quiero", "quero", "me"}:
        return  # the keyword is itself a sentence ("quiero darme de baja")
    match = match_global(f"{prefix} {phrase}")
    assert match is None or match.keyword not in STOPPING


@settings(max_examples=200)
@given(st.sampled_from(OPT_IN), st.booleans(), st.integers(0, 2), st.sampled_from(["", "!", " 🙏", "."]))
def test_opt_in_in_any_language_and_spelling(phrase: str, accents: bool, letter_case: int, punct: str) -> None:
    assert match_opt_in(f" {_spelled(phrase, accents, letter_case)}{punct} ")


YES = sorted({p for phrases in answer_words.YES.values() for p in phrases})
NO = sorted({p for phrases in answer_words.NO.values() for p in phrases})


@settings(max_examples=300)
@given(st.sampled_from(YES), st.sampled_from(NO))
def test_yes_and_no_in_one_reply_is_unsure(yes: str, no: str) -> None:
    assert parse_yes_no(yes) is True
    assert parse_yes_no(no) is False
    assert parse_yes_no(f"{yes}, {no}") is None
    assert parse_yes_no(f"{no} {yes}") is None


@settings(max_examples=200)
@given(st.sampled_from(YES + NO), st.sampled_from(["puedo ir", "è piccolo", "ma più grande", "pero más grande"]))
def test_a_yes_or_no_word_in_a_sentence_is_unsure(word: str, rest: str) -> None:
    assert parse_yes_no(f"{word} {rest}") is None

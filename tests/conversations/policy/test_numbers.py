"""words_to_digits: English number words as digits for the money and size parsers; other words kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.numbers import words_to_digits

CASES = [
    ("six hundred pounds", "600 pounds"),
    ("fifteen hundred", "1500"),
    ("twenty five", "25"),
    ("twenty-five quid", "25 quid"),
    ("three hundred and fifty", "350"),
    ("nine hundred ninety nine", "999"),
    ("one hundred", "100"),
    ("two thousand five hundred", "2500"),
    ("two and a half thousand", "2500"),
    ("two and a half grand", "2500"),
    ("a couple of hundred", "200"),
    ("a couple hundred quid", "200 quid"),
    ("ten by fifteen cm", "10 by 15 cm"),
    ("about five inches", "about 5 inches"),
    ("Ten By Fifteen", "10 By 15"),
    ("between four and six hundred", "between 4 and 600"),
    # Left as they are: words that are not a number, and what the money parser reads itself.
    ("a grand", "a grand"),
    ("half a grand", "half a grand"),
    ("a thousand", "a thousand"),
    ("a small rose", "a small rose"),
    ("one rose", "one rose"),
    ("of course", "of course"),
    ("Of Course, A Rose", "Of Course, A Rose"),
    ("and then a half sleeve", "and then a half sleeve"),
    ("someone", "someone"),
    ("often", "often"),
    ("tenner", "tenner"),
    ("£500", "£500"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_number_words(text: str, expected: str) -> None:
    assert words_to_digits(text) == expected


@given(st.text(max_size=60))
def test_any_text_is_rewritten_without_raising_and_keeps_text_without_number_words(text: str) -> None:
    rewritten = words_to_digits(text)
    assert isinstance(rewritten, str)
    if not any(ch.isalpha() for ch in text):
        assert rewritten == text

"""Answer guards: a reply that is only a size or only an amount, and one that answers two questions at once."""

from __future__ import annotations

import pytest

from conversations.policy.guards import mentions_cover_up, only_size_or_amount

ONLY_SIZE_OR_AMOUNT = [
    ("10x15cm", True),
    ("about 10 x 15", True),
    ("£500", True),
    ("500 quid max", True),
    ("six hundred pounds", True),
    ("about ten by fifteen cm", True),
    ("a couple of hundred quid", True),
    ("a rose, 10x15", False),
    ("two roses", False),
    ("a fine line rose on my wrist", False),
    ("ten roses on my back", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), ONLY_SIZE_OR_AMOUNT)
def test_only_a_size_or_an_amount(text: str, expected: bool) -> None:
    assert only_size_or_amount(text, "gbp") is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a cover up of an old tattoo", True), ("cover-up", True), ("rework my sleeve", True), ("a new rose", False)],
)
def test_cover_up_mentions(text: str, expected: bool) -> None:
    assert mentions_cover_up(text) is expected

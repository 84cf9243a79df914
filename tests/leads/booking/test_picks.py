"""Pick parsing (docs/conversation.md): numbers, list replies, weekday + part of day, times; ambiguity."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.picks import parse_pick

# Tue 1 Dec 10:00, Tue 1 Dec 14:00, Wed 2 Dec 10:00, Thu 3 Dec 11:00, Thu 3 Dec 15:00 (studio wall clock).
SLOTS = [
    datetime(2026, 12, 1, 10),
    datetime(2026, 12, 1, 14),
    datetime(2026, 12, 2, 10),
    datetime(2026, 12, 3, 11),
    datetime(2026, 12, 3, 15),
]

PICKS = [
    ("2", 1),
    ("option 2", 1),
    ("Option 2 please", 1),
    ("#2", 1),
    ("# 3", 2),
    ("number 3", 2),
    ("no. 3", 2),
    ("5!", 4),
    ("I'll take 4.", 3),
    ("2nd", 1),
    ("the second one", 1),
    ("the fifth", 4),
    ("two", 1),
    ("option three please", 2),
    ("Tuesday morning", 0),
    ("tue afternoon", 1),
    ("Thursday morning please", 3),
    ("thurs afternoon", 4),
    ("wednesday", 2),
    ("Wednesday works", 2),
    ("2pm", 1),
    ("2 pm", 1),
    ("14:00", 1),
    ("3pm please", 4),
    ("11am", 3),
    ("Thursday 3pm", 4),
    ("tuesday at 10am", 0),
    ("3 Dec 3pm", 4),
    ("2 December", 2),
]

AMBIGUOUS = [
    "1 or 2",
    "2 or 3 is fine",
    "7",
    "0",
    "option 9",
    "thursday",
    "10am",
    "morning",
    "tuesday or wednesday",
    "3 Dec",
    "monday",  # no Monday offered
    "5pm",  # no 17:00 offered
    "Thursday 2pm",  # no such slot
    "morning or afternoon",
    "2pm or 3pm",
]

NOT_PICKS = ["hello", "thanks!", "what about next week?", "", "can I bring a friend", "yes", "no", "👍"]


@pytest.mark.parametrize(("text", "index"), PICKS)
def test_picks(text: str, index: int) -> None:
    pick = parse_pick(text, SLOTS)
    assert (pick.index, pick.ambiguous) == (index, False)


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_ambiguous(text: str) -> None:
    pick = parse_pick(text, SLOTS)
    assert (pick.index, pick.ambiguous) == (None, True)


@pytest.mark.parametrize("text", NOT_PICKS)
def test_not_a_pick(text: str) -> None:
    assert parse_pick(text, SLOTS).index is None


@pytest.mark.parametrize(("reply_id", "index"), [("slot:1", 0), ("slot:5", 4)])
def test_list_replies(reply_id: str, index: int) -> None:
    assert parse_pick("Tue 1 Dec", SLOTS, reply_id).index == index


def test_a_list_reply_out_of_range_is_ambiguous() -> None:
    assert parse_pick("", SLOTS, "slot:6").ambiguous


def test_a_time_matching_one_slot_only_counts() -> None:
    two_tens = [datetime(2026, 12, 1, 10), datetime(2026, 12, 2, 10)]
    assert parse_pick("10am", two_tens).ambiguous
    assert parse_pick("10am", two_tens[:1]).index == 0


@given(st.text(max_size=80))
def test_never_raises_and_stays_in_range(text: str) -> None:
    pick = parse_pick(text, SLOTS)
    assert pick.index is None or 0 <= pick.index < len(SLOTS)
    assert not (pick.ambiguous and pick.index is not None)

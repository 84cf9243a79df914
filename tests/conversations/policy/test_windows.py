"""Whether a slot fits a customer's preferred window (docs/booking.md, "Freed slots"): a table, and properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.windows import window_fits

SAID = date(2026, 12, 1)  # a Tuesday: "next week" is Mon 7 – Sun 13 Dec


def slot(day: int, hour: int, hours: int = 3, month: int = 12) -> tuple[datetime, datetime]:
    start = datetime(2026, month, day, hour)
    return start, start + timedelta(hours=hours)


FRI_MORNING = slot(4, 10)  # Fri 4 Dec 10:00–13:00
FRI_AFTERNOON = slot(4, 14)
FRI_EVENING = slot(4, 17)
SAT_MORNING = slot(5, 10)
SAT_AFTERNOON = slot(5, 13)
SUN_NOON = slot(6, 12)
MON_MORNING = slot(7, 10)
WED_MORNING = slot(2, 10)
THU_AFTERNOON = slot(3, 15)
TUE_NEXT = slot(8, 11)
MON_AFTER_NEXT = slot(14, 10)

TABLE = [
    # weekdays, short and plural
    ("Friday", FRI_MORNING, True),
    ("fri", FRI_AFTERNOON, True),
    ("Fridays", FRI_EVENING, True),
    ("any Friday", FRI_MORNING, True),
    ("Friday", SAT_MORNING, False),
    ("thurs", THU_AFTERNOON, True),
    ("weds", WED_MORNING, True),
    ("Mondays and Tuesdays", MON_MORNING, True),
    ("Mondays and Tuesdays", WED_MORNING, False),
    ("weekdays", FRI_MORNING, True),
    ("weekdays", SAT_MORNING, False),
    ("weekends only", SAT_AFTERNOON, True),
    ("weekends only", FRI_MORNING, False),
    ("weekend", SUN_NOON, True),
    # parts of the day: where the slot starts
    ("Friday mornings", FRI_MORNING, True),
    ("Friday mornings", FRI_AFTERNOON, False),
    ("weekday mornings", WED_MORNING, True),
    ("weekday mornings", SAT_MORNING, False),
    ("Sat afternoon", SAT_AFTERNOON, True),
    ("Sat afternoon", SAT_MORNING, False),
    ("Sunday afternoon", SUN_NOON, True),  # 12:00 is afternoon
    ("evenings", FRI_EVENING, True),
    ("evenings", FRI_AFTERNOON, False),
    ("Friday am", FRI_MORNING, True),
    ("Friday pm", FRI_MORNING, False),
    ("I am free on Fridays", FRI_AFTERNOON, True),  # "am" only after a day
    # groups: a day after a time starts another
    ("weekday mornings or Sat afternoon", SAT_AFTERNOON, True),
    ("weekday mornings or Sat afternoon", SAT_MORNING, False),
    ("weekday mornings or Sat afternoon", FRI_AFTERNOON, False),
    ("Monday morning, Friday afternoon", FRI_AFTERNOON, True),
    ("Monday morning, Friday afternoon", MON_MORNING, True),
    ("Monday morning, Friday afternoon", FRI_MORNING, False),
    ("Friday morning and afternoon", FRI_AFTERNOON, True),
    ("mornings on Mondays or Fridays", FRI_MORNING, True),
    # bounds: after is the start, before is the end
    ("evenings after 5", FRI_EVENING, True),
    ("after 2pm", FRI_AFTERNOON, True),
    ("after 2pm", FRI_MORNING, False),
    ("after 14:00", THU_AFTERNOON, True),
    ("before 11", slot(4, 9, 2), True),
    ("before 1pm", FRI_MORNING, True),
    ("before 12", FRI_MORNING, False),  # 10:00–13:00 runs past noon
    ("Fridays from 2", FRI_AFTERNOON, True),
    ("between 10 and 2", slot(4, 10, 4), True),
    ("between 10 and 2", FRI_AFTERNOON, False),
    ("10am-2pm", slot(4, 11, 2), True),
    ("Sat 10-2", slot(5, 10, 5), False),
    ("Friday 2pm", FRI_AFTERNOON, True),
    ("Friday 2pm", slot(4, 15), False),
    ("any day after 5", FRI_EVENING, True),
    ("any day after 5", FRI_AFTERNOON, False),
    # anything
    ("any day", SUN_NOON, True),
    ("anytime", MON_MORNING, True),
    ("any time", FRI_EVENING, True),
    ("weekdays anytime", SAT_MORNING, False),
    ("whenever suits", THU_AFTERNOON, True),
    # dates
    ("3 Dec", THU_AFTERNOON, True),
    ("3 Dec", FRI_MORNING, False),
    ("Dec 4th", FRI_MORNING, True),
    ("4th of December", FRI_MORNING, True),
    ("4 Jan", FRI_MORNING, False),
    ("the 5th", SAT_MORNING, True),
    ("the 5th", FRI_MORNING, False),
    ("the 5th in the afternoon", SAT_MORNING, False),
    # weeks, from the day it was said
    ("next week", MON_MORNING, True),
    ("next week", TUE_NEXT, True),
    ("next week", FRI_MORNING, False),
    ("next week", MON_AFTER_NEXT, False),
    ("this week", FRI_MORNING, True),
    ("this weekend", SAT_MORNING, True),
    ("next weekend", SAT_MORNING, False),
    ("tomorrow morning", WED_MORNING, True),
    ("tomorrow", THU_AFTERNOON, False),
    # nothing readable, or words that may turn it round: nothing fits
    ("", FRI_MORNING, False),
    ("whatever works", FRI_MORNING, False),
    ("soon please!", FRI_MORNING, False),
    ("in December", FRI_MORNING, False),
    ("not Fridays", FRI_MORNING, False),
    ("any day except Friday", FRI_MORNING, False),
    ("anything but mornings", FRI_AFTERNOON, False),
    ("I work weekdays", FRI_MORNING, False),
    ("Fridays work best", FRI_MORNING, True),
    ("I can't do Fridays", FRI_MORNING, False),
    ("I’m away next week", MON_MORNING, False),
    ("no mornings", FRI_AFTERNOON, False),
]


@pytest.mark.parametrize(("text", "when", "fits"), TABLE)
def test_windows(text: str, when: tuple[datetime, datetime], fits: bool) -> None:
    assert window_fits(text, *when, said=SAID) is fits


def test_relative_days_need_the_day_they_were_said() -> None:
    assert window_fits("next week", *MON_MORNING, said=SAID)
    assert not window_fits("next week", *MON_MORNING)
    assert not window_fits("Friday next week", *slot(11, 10))


DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SHORT_NAMES = ["Mon", "Tue", "Wed", "Thur", "Fri", "Sat", "Sun"]
PARTS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}
slots = st.builds(
    lambda day, hour, hours: slot(1 + day, hour, hours) if day < 30 else slot(day - 29, hour, hours, month=1),
    st.integers(0, 40),
    st.integers(0, 20),
    st.integers(1, 3),
)


@given(st.text(max_size=80), slots, st.none() | st.dates())
def test_never_raises(text: str, when: tuple[datetime, datetime], said: date | None) -> None:
    assert window_fits(text, *when, said=said) in (True, False)


@given(st.sampled_from(range(7)), st.sampled_from(sorted(PARTS)), slots)
def test_a_day_and_part_fit_exactly_their_slots(day: int, part: str, when: tuple[datetime, datetime]) -> None:
    start = when[0]
    low, high = PARTS[part]
    expected = start.weekday() == day and low <= start.hour < high
    assert window_fits(f"{DAY_NAMES[day]} {part}", *when) is expected
    assert window_fits(f"{SHORT_NAMES[day]}s {part}s", *when) is expected


@given(st.text(alphabet="qxzjkvw ,.!?", max_size=40), slots)
def test_text_with_nothing_readable_fits_nothing(text: str, when: tuple[datetime, datetime]) -> None:
    assert not window_fits(text, *when, said=SAID)


@given(st.sampled_from([t for t, _, _ in TABLE if t]), slots)
def test_a_negation_never_widens(text: str, when: tuple[datetime, datetime]) -> None:
    assert not window_fits(f"not {text}", *when, said=SAID)

"""Slot picks in every spoken language (pure): numbers, ordinals, weekdays, parts of the day, times."""

from __future__ import annotations

from datetime import datetime

import pytest

from conversations.policy.picks import parse_pick

# Thu 3 Dec 10:00, Thu 13:00, Fri 4 Dec 10:00, Mon 7 Dec 10:00, Mon 14:00 (wall clock).
SLOTS = [
    datetime(2026, 12, 3, 10),
    datetime(2026, 12, 3, 13),
    datetime(2026, 12, 4, 10),
    datetime(2026, 12, 7, 10),
    datetime(2026, 12, 7, 14),
]
PICKS = [
    # es
    ("la opción 2", 1), ("opción dos", 1), ("la segunda", 1), ("el quinto", 4), ("dos, gracias", 1),
    ("jueves por la tarde", 1), ("viernes", 2), ("el lunes por la mañana", 3), ("la tercera por favor", 2),
    # fr
    ("le deuxième", 1), ("la deuxième", 1), ("option 3", 2), ("vendredi", 2), ("lundi matin", 3),
    ("le jeudi à 13h", 1), ("lundi après-midi", 4), ("la première", 0), ("deux", 1),
    # de
    ("die zweite", 1), ("zweite", 1), ("Freitag", 2), ("Montag Nachmittag", 4), ("um 14 Uhr", 4),
    ("Donnerstag vormittags", 0), ("die erste bitte", 0), ("drei", 2),
    # pt
    ("a segunda", 1), ("o terceiro", 2), ("sexta", 2), ("segunda-feira à tarde", 4),
    ("segunda feira de manhã", 3), ("quinta-feira às 13h", 1), ("opção 5", 4), ("dois", 1),
    # it
    ("la terza", 2), ("il secondo", 1), ("venerdì", 2), ("lunedì pomeriggio", 4), ("giovedì mattina", 0),
    ("lunedi alle 14:00", 4), ("opzione 1", 0), ("tre", 2),
]  # fmt: skip
AMBIGUOUS = ["jueves", "lundi", "Montag", "giovedì", "la 1 o la 2", "segunda-feira"]
NOTHING = ["mañana", "morgen", "prima", "gracias", "merci beaucoup", "obrigada!", "va bene"]


@pytest.mark.parametrize(("text", "index"), PICKS)
def test_a_pick_in_each_language(text: str, index: int) -> None:
    assert parse_pick(text, SLOTS).index == index


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_words_that_fit_several_slots_are_ambiguous(text: str) -> None:
    pick = parse_pick(text, SLOTS)
    assert pick.index is None
    assert pick.ambiguous


@pytest.mark.parametrize("text", NOTHING)
def test_look_alikes_pick_nothing(text: str) -> None:
    """ "mañana"/"morgen" are "tomorrow", "prima" is "before": none of them a part of the day or an ordinal."""
    assert parse_pick(text, SLOTS) == parse_pick("", SLOTS)

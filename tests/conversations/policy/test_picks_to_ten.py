"""Slot picks from six to ten in every spoken language (pure): ordinals, "number seven", spelled
numbers as the whole answer; and the words that are something else alone ("sexta", "sept")."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from conversations.policy.picks import parse_pick

# Ten slots, Mon 7 Dec 2026 10:00 onwards, one a day at 10:00 (wall clock): slot n is Dec 6 + n.
SLOTS = [datetime(2026, 12, 7, 10) + timedelta(days=n) for n in range(10)]
PICKS = [
    # en
    ("the sixth", 6), ("the seventh one", 7), ("eighth please", 8), ("the ninth", 9), ("tenth", 10), ("6th", 6),
    ("the 10th one", 10), ("number seven", 7), ("option eight", 8), ("nine", 9), ("ten", 10), ("six", 6),
    # es
    ("el sexto", 6), ("la sexta", 6), ("sexta opción", 6), ("la séptima", 7), ("la septima", 7), ("el octavo", 8),
    ("la novena", 9), ("la décima", 10), ("la opción siete", 7), ("ocho", 8), ("nueve, gracias", 9), ("diez", 10),
    ("seis", 6),
    # fr
    ("le sixième", 6), ("la septième", 7), ("le huitième", 8), ("la neuvième", 9), ("le dixième", 10),
    ("la dixieme", 10), ("six", 6), ("sept", 7), ("huit", 8), ("neuf", 9), ("le numéro dix", 10),
    # de
    ("die sechste", 6), ("die siebte", 7), ("der siebente", 7), ("die achte", 8), ("die neunte", 9),
    ("den zehnten", 10), ("sechs", 6), ("sieben", 7), ("acht bitte", 8), ("Nummer neun", 9), ("zehn", 10),
    # pt
    ("o sexto", 6), ("a sétima", 7), ("o oitavo", 8), ("a nona", 9), ("a décima", 10), ("opção sete", 7),
    ("oito", 8), ("nove", 9), ("dez", 10), ("sexta opção", 6),
    # it
    ("il sesto", 6), ("la settima", 7), ("l'ottavo", 8), ("il nono", 9), ("la decima", 10), ("sei", 6),
    ("sette", 7), ("otto", 8), ("dieci", 10), ("numero sette", 7), ("opzione otto", 8),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number"), PICKS)
def test_six_to_ten_in_each_language(text: str, number: int) -> None:
    assert parse_pick(text, SLOTS).index == number - 1


@pytest.mark.parametrize("text", ["the seventh", "la décima", "die neunte", "sept", "dez"])
def test_past_the_offered_slots_is_ambiguous(text: str) -> None:
    pick = parse_pick(text, SLOTS[:5])
    assert (pick.index, pick.ambiguous) == (None, True)


def test_sexta_alone_is_friday_and_la_sexta_the_sixth() -> None:
    friday = next(i for i, slot in enumerate(SLOTS) if slot.weekday() == 4)
    assert friday != 5
    assert parse_pick("sexta", SLOTS).index == friday
    assert parse_pick("sexta-feira", SLOTS).index == friday
    assert parse_pick("la sexta", SLOTS).index == 5


def test_sept_is_seven_alone_but_september_in_a_date() -> None:
    september = [datetime(2027, 9, 3, 10), datetime(2027, 9, 7, 10), *SLOTS[:8]]
    assert parse_pick("sept", september).index == 6
    assert parse_pick("7 sept", september).index == 1

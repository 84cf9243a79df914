"""The extractor on real-world phrasings (tests/conversations/policy/phrasings.py): every answer found,
nothing taken that is not there, questions and corrections recognised."""

from __future__ import annotations

import pytest

from conversations.policy.extract import describes_idea, read_message
from tests.conversations.policy.phrasings import ALL, ANY, NO_IDEA, Phrasing, shown


def read(text: str):
    return read_message(text, currency="gbp", prefer_country="GB")


def test_the_table_holds_at_least_150_phrasings() -> None:
    assert len(ALL) >= 150
    assert len({row.text for row in ALL}) == len(ALL)  # no row twice


@pytest.mark.parametrize("row", ALL, ids=[row.text[:60] for row in ALL])
def test_phrasing(row: Phrasing) -> None:
    reading = read(row.text)
    found = {name: shown(item) for name, item in reading.found.items()}
    expected = dict(row.found)
    # Exactly these fields: a field found that the row does not name is a false answer.
    assert set(found) == set(expected), (found, reading.leftover)
    for name, value in expected.items():
        if value is not ANY:
            assert found[name] == value, name
    assert bool(reading.questions) is row.asks
    assert (reading.correction is not None) is row.fix
    if row.idea == NO_IDEA:
        assert not describes_idea(reading.leftover), reading.leftover
    elif row.idea is not ANY:
        assert reading.leftover == row.idea


def test_vocabularies_extend_from_the_studio() -> None:
    assert "placement" not in read("on my septum").found
    reading = read_message("on my septum, in trash polka", placements=("septum",), styles=("trash polka",))
    assert reading.found["placement"].value == "septum"
    assert reading.found["style"].value == "trash polka"


def test_only_the_fields_asked_for_are_read() -> None:
    reading = read_message("a rose on my ankle, 5x5cm, £200, London", fields=("size", "idea"))
    assert set(reading.found) == {"size"}

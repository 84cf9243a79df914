"""A message with several answers in another language leaves the idea alone (docs/conversation.md "Every
answer in every message"): the size is read from the words it was written in, and a clause that only
gives the budget or the size is no part of the idea, as in English."""

from __future__ import annotations

import pytest

from conversations.policy.extract import read_message

CASES = [
    (
        "Una golondrina en el antebrazo izquierdo, 10 por 15 cm, presupuesto hasta 600 libras",
        "Una golondrina",
        "10 por 15 cm",
    ),
    ("Une hirondelle sur l'avant-bras gauche, 10 sur 15 cm, budget environ 400 €", "Une hirondelle", "10 sur 15 cm"),
    ("Eine Schwalbe auf dem linken Unterarm, 10 mal 15 cm, Budget bis 500 Euro", "Eine Schwalbe", "10 mal 15 cm"),
    ("Uma andorinha no antebraço esquerdo, 10 por 15 cm, orçamento até 600 euros", "Uma andorinha", "10 por 15 cm"),
    ("Una rondine sull'avambraccio sinistro, 10 per 15 cm, budget circa 500 euro", "Una rondine", "10 per 15 cm"),
    ("Una rosa, unos 300 euros", "Una rosa", None),
    ("Ein Anker, 8 auf 12 cm", "Ein Anker", "8 auf 12 cm"),
]


@pytest.mark.parametrize(("text", "idea", "size"), CASES)
def test_the_idea_is_what_no_answer_took(text: str, idea: str, size: str | None) -> None:
    reading = read_message(text)
    assert reading.leftover.startswith(idea), reading.leftover
    for word in ("cm", "€", "euro", "libras", "presupuesto", "orçamento", "budget", "Budget"):
        assert word not in reading.leftover.split(), reading.leftover
    if size is not None:
        assert reading.found["size"].text == size

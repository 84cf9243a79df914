"""The front desk in every spoken language (SPEC §5 "Languages"; docs/conversation.md "What each language's
parsers read"): placements and styles read as the English words, question openers, and whole messages
read by ``read_message`` — with the look-alikes that must not be taken."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.policy.asking import asks
from conversations.policy.extract import read_message
from conversations.policy.translated import placement, styles
from tests.conversations.policy.phrasings import shown
from tests.conversations.policy.test_money_languages import BY_LANGUAGE
from tests.conversations.policy.test_size_languages import DIMENSIONS, HINTS

PLACEMENTS = {
    "es": [("un tatuaje en el antebrazo izquierdo", "left forearm"), ("en el tobillo", "ankle"),
           ("en la espalda", "back"), ("en mi muñeca derecha", "right wrist"),
           ("detrás de la oreja", "behind the ear"),
           ("la espalda", "back"), ("una media manga de rosas", "half sleeve")],
    "fr": [("sur l'avant-bras", "forearm"), ("à la cheville", "ankle"), ("dans le dos", "back"),
           ("au poignet gauche", "left wrist"), ("sur mon mollet", "calf"), ("derrière l’oreille", "behind the ear")],
    "de": [("am Unterarm", "forearm"), ("am Knöchel", "ankle"), ("auf dem Rücken", "back"),
           ("auf dem linken Unterarm", "left forearm"), ("an der Wade", "calf"), ("Unterarm", "forearm")],
    "pt": [("no antebraço", "forearm"), ("no tornozelo", "ankle"), ("nas costas", "back"),
           ("no meu pulso direito", "right wrist"), ("na coxa", "thigh"), ("meia manga", "half sleeve")],
    "it": [("sull'avambraccio", "forearm"), ("sulla caviglia", "ankle"), ("sulla schiena", "back"),
           ("sul mio polso sinistro", "left wrist"), ("sul polpaccio", "calf"), ("mezza manica", "half sleeve")],
}  # fmt: skip
NOT_PLACEMENTS = ["en dos sesiones", "dos", "in a hand", "pie", "estilo manga", "a las 10", "tengo 25 años"]

STYLES = {
    "es": [("línea fina", ["fine line"]), ("realismo en negro y gris", ["realism", "black and grey"]),
           ("acuarela", ["watercolour"]), ("algo tradicional", ["traditional"])],
    "fr": [("ligne fine", ["fine line"]), ("réalisme", ["realism"]),
           ("aquarelle géométrique", ["watercolour", "geometric"]),
           ("style japonais", ["japanese"])],
    "de": [("Feinlinie", ["fine line"]), ("Realismus", ["realism"]), ("eher geometrisch", ["geometric"]),
           ("Schriftzug", ["lettering"])],
    "pt": [("linha fina", ["fine line"]), ("realismo", ["realism"]), ("aquarela", ["watercolour"]),
           ("pontilhismo", ["dotwork"])],
    "it": [("linea sottile", ["fine line"]), ("realismo", ["realism"]), ("acquerello", ["watercolour"]),
           ("stile giapponese", ["japanese"])],
}  # fmt: skip

QUESTIONS = {
    "es": ["¿cuánto cuesta un tatuaje pequeño", "cuanto cuesta", "hay citas en mayo", "tienen hueco en junio",
           "y cuánto sería el depósito"],
    "fr": ["combien ça coûte", "est-ce que vous faites des retouches", "quel est le prix", "c'est combien",
           "et combien pour un petit"],
    "de": ["wie viel kostet das", "gibt es noch Termine", "was kostet ein kleines Tattoo", "kann ich zahlen per Karte",
           "habt ihr im Mai Zeit"],
    "pt": ["quanto custa", "quanto fica um pequeno", "vocês fazem cobertura", "tem vaga em junho",
           "onde fica o estúdio"],
    "it": ["quanto costa", "c'è posto a maggio", "ci sono date libere", "avete posto sabato", "quali stili fai"],
}  # fmt: skip
STATEMENTS = ["como un dragón pequeño", "wie ein Drache", "puedo pagar 500", "Dove tattoo on my wrist",
              "quiero una rosa", "je voudrais une rose", "ich möchte eine Rose", "queria uma rosa",
              "vorrei una rosa"]  # fmt: skip

# Whole messages: every answer found, with the English words for placement and style.
MESSAGES = [
    ("Hola! Quiero una rosa en línea fina en el tobillo, unos 10 por 15 cm, unos 500 euros",
     {"placement": "ankle", "style": "fine line", "size": "10x15", "money": (500, 500)}),
    ("Bonjour, une pivoine en ligne fine sur l'avant-bras, 10 sur 15 cm, environ 400 €",
     {"placement": "forearm", "style": "fine line", "size": "10x15", "money": (400, 400)}),
    ("Hallo, eine Rose im Realismus am Unterarm, 10 auf 15 cm, Budget bis 800 €",
     {"placement": "forearm", "style": "realism", "size": "10x15", "money": (None, 800)}),
    ("Olá, quero uma rosa em linha fina no tornozelo, entre 300 e 500 euros",
     {"placement": "ankle", "style": "fine line", "money": (300, 500)}),
    ("Ciao, vorrei una rosa sulla schiena, 10 per 15 cm, budget 1.200,50 €",
     {"placement": "back", "size": "10x15", "money": (1200, 1200)}),
    ("tengo 25 años y quiero un dragón", {}),  # an age is not a budget
    ("puedo ir a las 10", {}),  # a time is not a size or a budget
]  # fmt: skip


def _rows(table: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
    return [(lang, *row) if isinstance(row, tuple) else (lang, row) for lang, rows in table.items() for row in rows]


def test_every_language_has_at_least_25_phrasings() -> None:
    for lang in ("es", "fr", "de", "pt", "it"):
        count = sum(len(table[lang]) for table in (PLACEMENTS, STYLES, QUESTIONS))
        count += sum(1 for text, _ in MESSAGES if lang == "es" and "años" in text)
        assert count + _money_and_size_rows(lang) >= 25, lang


def _money_and_size_rows(lang: str) -> int:
    return len(BY_LANGUAGE[lang]) + len(DIMENSIONS[lang]) + len(HINTS[lang])


@pytest.mark.parametrize(("lang", "text", "expected"), _rows(PLACEMENTS), ids=[r[1] for r in _rows(PLACEMENTS)])
def test_placements_read_as_the_english_word(lang: str, text: str, expected: str) -> None:
    found = placement(text)
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize("text", NOT_PLACEMENTS)
def test_not_a_placement(text: str) -> None:
    assert placement(text) is None
    assert "placement" not in read_message(text, currency="eur").found


@pytest.mark.parametrize(("lang", "text", "expected"), _rows(STYLES), ids=[r[1] for r in _rows(STYLES)])
def test_styles_read_as_the_english_names(lang: str, text: str, expected: list[str]) -> None:
    assert styles(text) == expected
    assert read_message(text, currency="eur").found["style"].value == ", ".join(expected)


@pytest.mark.parametrize(("lang", "text"), _rows(QUESTIONS), ids=[r[1] for r in _rows(QUESTIONS)])
def test_questions_are_recognised_without_a_question_mark(lang: str, text: str) -> None:
    assert asks(text)
    assert read_message(text, currency="eur").questions


@pytest.mark.parametrize("text", STATEMENTS)
def test_statements_are_not_questions(text: str) -> None:
    assert not asks(text)


@pytest.mark.parametrize(("text", "expected"), MESSAGES, ids=[m[0][:50] for m in MESSAGES])
def test_whole_messages(text: str, expected: dict[str, object]) -> None:
    reading = read_message(text, currency="eur")
    found = {name: shown(item) for name, item in reading.found.items() if name != "idea"}
    assert {k: v for k, v in found.items() if k in {"placement", "style", "size", "money"}} == expected

"""parse_size in every spoken language (SPEC §5 "Languages"; docs/conversation.md "What each language's
parsers read"): "10 por 15 cm", "10 sur 15", size words, and the look-alikes that are not sizes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.size import parse_size

# (text, width, height) in cm.
DIMENSIONS: dict[str, list[tuple[str, str, str]]] = {
    "es": [
        ("10 por 15 cm", "10.0", "15.0"),
        ("unos 10 por 15 cm", "10.0", "15.0"),
        ("más o menos 8 x 8", "8.0", "8.0"),
        ("7,5 por 10 centímetros", "7.5", "10.0"),
        ("15 x 20 centimetros", "15.0", "20.0"),
        ("cerca de 10x10 cm", "10.0", "10.0"),
        ("4 por 6 pulgadas", "10.2", "15.2"),
    ],
    "fr": [
        ("10 sur 15", "10.0", "15.0"),
        ("10 sur 15 cm", "10.0", "15.0"),
        ("environ 8 x 8 cm", "8.0", "8.0"),
        ("12 par 8 centimètres", "12.0", "8.0"),
        ("7,5 sur 10", "7.5", "10.0"),
        ("100 sur 150 millimètres", "10.0", "15.0"),
    ],
    "de": [
        ("10 auf 15 cm", "10.0", "15.0"),
        ("10 mal 15", "10.0", "15.0"),
        ("ca. 12 x 12 cm", "12.0", "12.0"),
        ("15 x 20 Zentimeter", "15.0", "20.0"),
        ("7,5 mal 10 cm", "7.5", "10.0"),
        ("ungefähr 20 auf 30", "20.0", "30.0"),
    ],
    "pt": [
        ("10 por 15", "10.0", "15.0"),
        ("cerca de 10 por 15 cm", "10.0", "15.0"),
        ("15 x 20 centímetros", "15.0", "20.0"),
        ("7,5 por 10", "7.5", "10.0"),
        ("4 por 6 polegadas", "10.2", "15.2"),
    ],
    "it": [
        ("10 per 15 cm", "10.0", "15.0"),
        ("circa 10 per 15", "10.0", "15.0"),
        ("15 x 20 centimetri", "15.0", "20.0"),
        ("7,5 per 10 cm", "7.5", "10.0"),
        ("4 per 6 pollici", "10.2", "15.2"),
    ],
}
DIMENSION_CASES = [(lang, *row) for lang, rows in DIMENSIONS.items() for row in rows]

HINTS: dict[str, list[tuple[str, str]]] = {
    "es": [("pequeño", "small"), ("una pequeñita", "small"), ("tamaño de la palma", "medium"),
           ("mediano", "medium"), ("no muy grande", "medium"), ("grande", "large"), ("media manga", "large"),
           ("manga completa", "xl")],
    "fr": [("petit", "small"), ("une petite", "small"), ("taille de la paume", "medium"), ("moyen", "medium"),
           ("pas trop grand", "medium"), ("grand", "large"), ("demi-manche", "large"), ("bras complet", "xl")],
    "de": [("klein", "small"), ("ein kleines", "small"), ("handflächengroß", "medium"), ("mittelgroß", "medium"),
           ("nicht zu groß", "medium"), ("groß", "large"), ("halber Arm", "large"), ("ganzer Arm", "xl")],
    "pt": [("pequeno", "small"), ("uma pequenininha", "small"), ("tamanho da palma", "medium"),
           ("médio", "medium"), ("não muito grande", "medium"), ("grande", "large"), ("meia manga", "large"),
           ("braço fechado", "xl")],
    "it": [("piccolo", "small"), ("una piccolina", "small"), ("grande come il palmo", "medium"),
           ("medio", "medium"), ("non troppo grande", "medium"), ("grande", "large"), ("mezza manica", "large"),
           ("manica completa", "xl")],
}  # fmt: skip
HINT_CASES = [(lang, *row) for lang, rows in HINTS.items() for row in rows]

# Look-alikes: a single number, a time, an age, a count, a rating are not sizes.
NOT_SIZES = [
    "unos 10 cm",  # one side only, as "about 10cm" in English
    "environ 8 cm",
    "ca. 12 cm",
    "cerca de 10 cm",
    "circa 10 cm",
    "7,5 cm",
    "15 centímetros",
    "15 Zentimeter",
    "a las 10",
    "alle 10",
    "tengo 25 años",
    "2 sesiones",
    "10 por 15 por 20",  # three sides
    "10-12 por 15",  # a range
]


@pytest.mark.parametrize(("lang", "text", "width", "height"), DIMENSION_CASES, ids=[r[1] for r in DIMENSION_CASES])
def test_dimensions(lang: str, text: str, width: str, height: str) -> None:
    result = parse_size(text)
    assert (result.kind, result.width_cm, result.height_cm) == ("dimensions", Decimal(width), Decimal(height))


@pytest.mark.parametrize(("lang", "text", "hint"), HINT_CASES, ids=[r[1] for r in HINT_CASES])
def test_size_words(lang: str, text: str, hint: str) -> None:
    result = parse_size(text)
    assert (result.kind, result.category_hint) == ("descriptive", hint)


@pytest.mark.parametrize("text", NOT_SIZES)
def test_not_a_size(text: str) -> None:
    assert parse_size(text).kind == "invalid"


def test_too_big_in_any_language() -> None:
    assert parse_size("200 por 10 cm").kind == "too_big"
    assert parse_size("10 auf 150").kind == "too_big"


@given(st.integers(1, 100), st.integers(1, 100), st.sampled_from(["por", "sur", "auf", "mal", "per", "par"]))
def test_joiner_round_trip(a: int, b: int, joiner: str) -> None:
    result = parse_size(f"{a} {joiner} {b} cm")
    assert (result.kind, result.width_cm, result.height_cm) == ("dimensions", Decimal(a), Decimal(b))


@given(st.integers(1, 99), st.integers(0, 9), st.integers(1, 99))
def test_decimal_comma_round_trip(whole: int, tenth: int, b: int) -> None:
    result = parse_size(f"{whole},{tenth} por {b} cm")
    assert (result.width_cm, result.height_cm) == (Decimal(f"{whole}.{tenth}"), Decimal(b))

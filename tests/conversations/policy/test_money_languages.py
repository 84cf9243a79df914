"""parse_money in every spoken language (SPEC §5 "Languages"; docs/conversation.md "What each language's
parsers read"): "unos 500 euros", "environ 400 €", "1.200 €", and the look-alikes that are not budgets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.money import Money, parse_money

# (text, min, max in major units, approximate); the default currency is eur, so a bare number is euros.
BY_LANGUAGE: dict[str, list[tuple[str, float | None, float | None, bool]]] = {
    "es": [
        ("unos 500 euros", 500, 500, True),
        ("alrededor de 600 €", 600, 600, True),
        ("más o menos 450€", 450, 450, True),
        ("entre 300 y 500 euros", 300, 500, False),
        ("de 300 a 500 €", 300, 500, False),
        ("hasta 800", None, 800, False),
        ("máximo 700", None, 700, False),
        ("maximo 700 euros", None, 700, False),
        ("no más de 700", None, 700, False),
        ("más de 700", 700, None, False),
        ("al menos 400 €", 400, None, False),
        ("mi presupuesto es de 1.200 €", 1200, 1200, False),
        ("600 euros como máximo", None, 600, False),
        ("500 o más", 500, None, False),
    ],
    "fr": [
        ("environ 400 €", 400, 400, True),
        ("400 euros", 400, 400, False),
        ("1 200 €", 1200, 1200, False),
        ("1\u202f200 €", 1200, 1200, False),  # the narrow no-break space French typing puts in
        ("1\u00a0200,50 €", 1200.50, 1200.50, False),
        ("de 300 à 500 €", 300, 500, False),
        ("entre 300 et 500 euros", 300, 500, False),
        ("jusqu'à 800 €", None, 800, False),
        ("jusqu’à 800 €", None, 800, False),
        ("maximum 700", None, 700, False),
        ("pas plus de 700 €", None, 700, False),
        ("au moins 400 €", 400, None, False),
        ("à peu près 350 €", 350, 350, True),
        ("500 € maximum", None, 500, False),
    ],
    "de": [
        ("500 Euro", 500, 500, False),
        ("1.200 €", 1200, 1200, False),
        ("1.200,50 €", 1200.50, 1200.50, False),
        ("zwischen 300 und 500 Euro", 300, 500, False),
        ("von 300 bis 500 €", 300, 500, False),
        ("bis 800 €", None, 800, False),
        ("bis zu 800 Euro", None, 800, False),
        ("höchstens 700", None, 700, False),
        ("hoechstens 700", 700, 700, False),  # only the umlaut or "o": "oe" is not read
        ("mindestens 400 €", 400, None, False),
        ("ungefähr 500 €", 500, 500, True),
        ("ca. 600 Euro", 600, 600, True),
        ("so um die 500 Euro", 500, 500, True),
        ("600 € oder mehr", 600, None, False),
    ],
    "pt": [
        ("uns 500 euros", 500, 500, True),
        ("cerca de 400 €", 400, 400, True),
        ("entre 300 e 500 euros", 300, 500, False),
        ("de 300 a 500 euros", 300, 500, False),
        ("até 800", None, 800, False),
        ("ate 800 euros", None, 800, False),
        ("no máximo 700 €", None, 700, False),
        ("pelo menos 400 €", 400, None, False),
        ("mais de 400 euros", 400, None, False),
        ("não mais de 700 €", None, 700, False),
        ("o meu orçamento é 1.500 €", 1500, 1500, False),
        ("600 € ou menos", None, 600, False),
    ],
    "it": [
        ("circa 500 euro", 500, 500, True),
        ("tra 300 e 500 euro", 300, 500, False),
        ("fra 300 e 500 €", 300, 500, False),
        ("da 300 a 500 euro", 300, 500, False),
        ("fino a 800", None, 800, False),
        ("massimo 700 €", None, 700, False),
        ("al massimo 700 euro", None, 700, False),
        ("non più di 700 euro", None, 700, False),
        ("almeno 400 €", 400, None, False),
        ("più o meno 450 euro", 450, 450, True),
        ("intorno a 600 €", 600, 600, True),
        ("1.000 euro", 1000, 1000, False),
    ],
}
CASES = [(lang, *row) for lang, rows in BY_LANGUAGE.items() for row in rows]


def _minor(major: float | None) -> int | None:
    return None if major is None else round(major * 100)


@pytest.mark.parametrize(("lang", "text", "low", "high", "approximate"), CASES, ids=[row[1] for row in CASES])
def test_amounts(lang: str, text: str, low: float | None, high: float | None, approximate: bool) -> None:
    assert parse_money(text, "eur") == Money(_minor(low), _minor(high), "eur", approximate)


@pytest.mark.parametrize(
    "text",
    [
        "tengo 25 años",  # an age
        "j'ai 25 ans",
        "ich bin 25 Jahre alt",
        "tenho 25 anos",
        "ho 25 anni",
        "a las 10",  # a time
        "alle 10:30",
        "às 9",
        "um 9 Uhr",
        "vers 18h",
        "3 horas",
        "2 séances",
        "10 por 15 cm",  # a size
        "10 sur 15",
    ],
)
def test_not_a_budget(text: str) -> None:
    assert parse_money(text, "eur") is None


@pytest.mark.parametrize(
    ("text", "major"),
    [
        ("1.200", 1200),  # three digits after a single point: a thousands point, whatever the language
        ("1.200 €", 1200),
        ("£1.200", 1200),
        ("1.20 €", 1.20),  # two digits: a decimal point
        ("1,20 €", 1.20),
        ("1.5k", 1500),  # a multiplier: the point is a decimal point (documented shorthand)
        ("1.200.000", None),  # over the limit
        ("1.234.567,89 €", None),
        ("12.345,67 €", 12345.67),
        ("12,345.67", 12345.67),
    ],
)
def test_the_point_before_three_digits_groups_thousands(text: str, major: float | None) -> None:
    money = parse_money(text, "eur")
    assert (money.min_minor if money else None) == _minor(major)


def test_every_language_keeps_the_english_rules() -> None:
    assert parse_money("2-3000") == Money(200000, 300000, "gbp", False)
    assert parse_money("about 500 quid") == Money(50000, 50000, "gbp", True)
    assert parse_money("between 400 and 600") == Money(40000, 60000, "gbp", False)


@given(st.integers(1, 999_999), st.integers(0, 99))
def test_european_formatting_round_trip(n: int, cents: int) -> None:
    points = f"{n:,}".replace(",", ".")
    assert parse_money(f"{points} €", "gbp") == Money(n * 100, n * 100, "eur", False)
    assert parse_money(f"{points},{cents:02d} €", "gbp") == Money(n * 100 + cents, n * 100 + cents, "eur", False)
    assert parse_money(f"{points} Euro", "gbp") == Money(n * 100, n * 100, "eur", False)


@given(st.integers(1, 99_999), st.integers(0, 99), st.sampled_from(["\u202f", "\u00a0", " "]))
def test_french_spaces_round_trip(n: int, cents: int, space: str) -> None:
    grouped = f"{n:,}".replace(",", space)
    assert parse_money(f"{grouped} €", "gbp") == Money(n * 100, n * 100, "eur", False)
    assert parse_money(f"{grouped},{cents:02d} €", "gbp") == Money(n * 100 + cents, n * 100 + cents, "eur", False)


@given(
    st.integers(1, 99_999),
    st.integers(1, 99_999),
    st.sampled_from(["entre {a} y {b} euros", "zwischen {a} und {b} Euro", "tra {a} e {b} euro", "de {a} € à {b} €"]),
)
def test_ranges_round_trip(a: int, b: int, template: str) -> None:
    low, high = sorted((a, b))
    scale = 10 ** (len(str(b)) - 1)
    if 1 <= a <= 9 and b >= 100 and b % scale == 0 and a * scale < b and "€ à" not in template:
        low = a * scale  # the English shorthand "2-3000" holds in every language
    assert parse_money(template.format(a=a, b=b), "gbp") == Money(low * 100, high * 100, "eur", False)

"""parse_money: budgets as amounts or ranges in minor units (docs/conversation.md, ``budget``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.money import Money, parse_money

# (text, min in major units, max in major units, currency, approximate); default currency gbp.
CASES: list[tuple[str, float | None, float | None, str, bool]] = [
    ("£500", 500, 500, "gbp", False),
    # Number words and shorthand.
    ("six hundred pounds", 600, 600, "gbp", False),
    ("fifteen hundred", 1500, 1500, "gbp", False),
    ("about three hundred quid", 300, 300, "gbp", True),
    ("twenty five pounds", 25, 25, "gbp", False),
    ("a couple of hundred", 200, 200, "gbp", False),
    ("a couple hundred quid", 200, 200, "gbp", False),
    ("three hundred and fifty", 350, 350, "gbp", False),
    ("two and a half grand", 2500, 2500, "gbp", False),
    ("two grand", 2000, 2000, "gbp", False),
    ("two thousand five hundred euros", 2500, 2500, "eur", False),
    ("up to eight hundred", None, 800, "gbp", False),
    ("at least four hundred", 400, None, "gbp", False),
    ("between four and six hundred", 400, 600, "gbp", False),
    ("4-500", 400, 500, "gbp", False),
    ("around 4-500", 400, 500, "gbp", True),
    ("£4-500", 400, 500, "gbp", False),
    ("£1 - £900", 1, 900, "gbp", False),  # both written out: not shorthand (found by hypothesis)
    ("6 - 700", 600, 700, "gbp", False),
    ("2-3000", 2000, 3000, "gbp", False),
    ("40-500", 40, 500, "gbp", False),
    ("1-1500", 1, 1500, "gbp", False),
    ("1-1.5k", 1000, 1500, "gbp", False),
    ("£2000+", 2000, None, "gbp", False),
    ("under 500", None, 500, "gbp", False),
    ("no more than 500", None, 500, "gbp", False),
    ("max 500", None, 500, "gbp", False),
    ("at least 400", 400, None, "gbp", False),
    ("500", 500, 500, "gbp", False),
    ("500 GBP", 500, 500, "gbp", False),
    ("gbp500", 500, 500, "gbp", False),
    ("500gbp", 500, 500, "gbp", False),
    ("€400", 400, 400, "eur", False),
    ("400 EUR", 400, 400, "eur", False),
    ("300 euros", 300, 300, "eur", False),
    ("$600", 600, 600, "usd", False),
    ("USD 700", 700, 700, "usd", False),
    ("US$500", 500, 500, "usd", False),
    ("A$500", 500, 500, "aud", False),
    ("CHF 900", 900, 900, "chf", False),
    ("aud 800", 800, 800, "aud", False),
    ("500 quid", 500, 500, "gbp", False),
    ("500 pounds", 500, 500, "gbp", False),
    ("50 bucks", 50, 50, "usd", False),
    ("1.200,00 €", 1200, 1200, "eur", False),
    ("400-600", 400, 600, "gbp", False),
    ("400–600", 400, 600, "gbp", False),
    ("400 to 600", 400, 600, "gbp", False),
    ("400/600", 400, 600, "gbp", False),
    ("400 or 500", 400, 500, "gbp", False),
    ("between 400 and 600", 400, 600, "gbp", False),
    ("between £400 & £600", 400, 600, "gbp", False),
    ("400-600 GBP", 400, 600, "gbp", False),
    ("£400 - £600", 400, 600, "gbp", False),
    ("600-400", 400, 600, "gbp", False),
    ("600 - 400 euro", 400, 600, "eur", False),
    ("£1,200 to £1,500", 1200, 1500, "gbp", False),
    ("1200-1500€", 1200, 1500, "eur", False),
    ("5k", 5000, 5000, "gbp", False),
    ("5K", 5000, 5000, "gbp", False),
    ("1.5k", 1500, 1500, "gbp", False),
    ("1,5k", 1500, 1500, "gbp", False),
    ("£2k-3k", 2000, 3000, "gbp", False),
    ("2-3k", 2000, 3000, "gbp", False),
    ("500-2k", 500, 2000, "gbp", False),
    ("between 2 and 3k", 2000, 3000, "gbp", False),
    ("3 or 4 hundred", 300, 400, "gbp", False),
    ("a grand", 1000, 1000, "gbp", False),
    ("half a grand", 500, 500, "gbp", False),
    ("2 grand", 2000, 2000, "gbp", False),
    ("1,200", 1200, 1200, "gbp", False),
    ("1 200", 1200, 1200, "gbp", False),
    ("£5,000.00", 5000, 5000, "gbp", False),
    ("£450.50", 450.50, 450.50, "gbp", False),
    ("450,50 €", 450.50, 450.50, "eur", False),
    ("£99.99", 99.99, 99.99, "gbp", False),
    ("up to 600", None, 600, "gbp", False),
    ("max 600", None, 600, "gbp", False),
    ("no more than 600", None, 600, "gbp", False),
    ("under 600", None, 600, "gbp", False),
    ("less than a grand", None, 1000, "gbp", False),
    ("600 max", None, 600, "gbp", False),
    ("500 tops", None, 500, "gbp", False),
    ("up to £1.2k", None, 1200, "gbp", False),
    ("at least 500", 500, None, "gbp", False),
    ("from 500", 500, None, "gbp", False),
    ("500+", 500, None, "gbp", False),
    ("5k+", 5000, None, "gbp", False),
    ("500 or more", 500, None, "gbp", False),
    ("no less than 500", 500, None, "gbp", False),
    ("300 minimum", 300, None, "gbp", False),
    ("from 400 up to 600", 400, 600, "gbp", False),
    ("at least 400 but no more than 600", 400, 600, "gbp", False),
    ("500 min, 800 max", 500, 800, "gbp", False),
    ("0-500", None, 500, "gbp", False),
    ("around 500", 500, 500, "gbp", True),
    ("about £500", 500, 500, "gbp", True),
    ("roughly 500", 500, 500, "gbp", True),
    ("approx 500", 500, 500, "gbp", True),
    ("~500", 500, 500, "gbp", True),
    ("500ish", 500, 500, "gbp", True),
    ("£500-ish", 500, 500, "gbp", True),
    ("£500 or so", 500, 500, "gbp", True),
    ("£500 for a 10x15", 500, 500, "gbp", False),
    ("10 x 15 cm, budget £500", 500, 500, "gbp", False),
    ("£500 for 10cm", 500, 500, "gbp", False),
    ("£500 on the 2nd at 2pm", 500, 500, "gbp", False),
    ("3 sessions at £200", 200, 200, "gbp", False),
    ("Budget is around £500-£600 tbh 🙏", 500, 600, "gbp", True),
    ("hiya, i can do 250 quid x", 250, 250, "gbp", False),
    ("my budget is £500 - £700 max", 500, 700, "gbp", False),
    ("£400-600 but flexible!!", 400, 600, "gbp", False),
    ("£500 max 🙏", None, 500, "gbp", False),
    ("idk maybe 400?", 400, 400, "gbp", False),
    ("￡５００", 500, 500, "gbp", False),
    ("１，２００ポンド", 1200, 1200, "gbp", False),
    ("£1,000,000", 1_000_000, 1_000_000, "gbp", False),
]


def _minor(major: float | None) -> int | None:
    return None if major is None else round(major * 100)


@pytest.mark.parametrize(("text", "low", "high", "currency", "approximate"), CASES)
def test_amounts(text: str, low: float | None, high: float | None, currency: str, approximate: bool) -> None:
    assert parse_money(text) == Money(_minor(low), _minor(high), currency, approximate)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "not sure",
        "cheap",
        "no budget",
        "idk 🤷",
        "£££",
        "$$$",
        "0",
        "£0",
        "up to 0",
        "2000000",
        "£1.5m",
        "10x15",
    ],
)
def test_no_amount(text: str) -> None:
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("text", "default", "currency"),
    [
        ("$600", "aud", "aud"),
        ("$600", "usd", "usd"),
        ("$600", "eur", "usd"),
        ("50 bucks", "cad", "cad"),
        ("600 dollars", "nzd", "nzd"),
        ("US$600", "aud", "usd"),
        ("600", "EUR", "eur"),
        ("£600", "usd", "gbp"),
    ],
)
def test_dollar_and_default_currency(text: str, default: str, currency: str) -> None:
    money = parse_money(text, default)
    assert money is not None
    assert money.currency == currency


def test_zero_decimal_currency_counts_whole_units() -> None:
    assert parse_money("¥5000") == Money(5000, 5000, "jpy", False)


def _check(money: Money | None) -> None:
    if money is None:
        return
    assert money.min_minor is not None or money.max_minor is not None
    for value in (money.min_minor, money.max_minor):
        assert value is None or 0 < value <= 100_000_000
    if money.min_minor is not None and money.max_minor is not None:
        assert money.min_minor <= money.max_minor
    assert money.currency == money.currency.lower()


@given(st.text())
def test_never_raises_never_negative(text: str) -> None:
    _check(parse_money(text))


@given(st.text(alphabet="0123456789 £€$-–.,/k+~xtoupmaish", max_size=30), st.sampled_from(["gbp", "usd", "jpy"]))
def test_never_raises_on_money_like_text(text: str, default: str) -> None:
    _check(parse_money(text, default))


@given(st.integers(1, 100_000))
def test_pounds_round_trip(n: int) -> None:
    assert parse_money(f"£{n}") == Money(n * 100, n * 100, "gbp", False)
    assert parse_money(f"£{n:,}") == Money(n * 100, n * 100, "gbp", False)
    assert parse_money(f"{n} EUR", "gbp") == Money(n * 100, n * 100, "eur", False)


@given(st.integers(1, 100_000), st.integers(1, 100_000))
def test_range_round_trip(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert parse_money(f"£{a} - £{b}") == Money(low * 100, high * 100, "gbp", False)
    scale = 10 ** (len(str(b)) - 1)
    if 1 <= a <= 9 and b >= 100 and b % scale == 0 and a * scale < b:
        low = a * scale  # "between 2 and 3000" is 2,000 to 3,000: people leave the zeros off the first
    assert parse_money(f"between {a} and {b}", "eur") == Money(low * 100, high * 100, "eur", False)


@given(st.integers(1, 99_999), st.integers(0, 99))
def test_pence_round_trip(n: int, pence: int) -> None:
    assert parse_money(f"£{n}.{pence:02d}") == Money(n * 100 + pence, n * 100 + pence, "gbp", False)

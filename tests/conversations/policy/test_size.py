"""parse_size: width by height in cm, size words, and what is refused (docs/conversation.md, ``size``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.size import SizeResult, area_cm2, parse_size

DIMENSIONS = [
    ("10x15", "10.0", "15.0"),
    ("10 x 15", "10.0", "15.0"),
    ("10 x 15 cm", "10.0", "15.0"),
    ("10X15", "10.0", "15.0"),
    ("10 by 15", "10.0", "15.0"),
    ("ten by fifteen cm", "10.0", "15.0"),
    ("ten by fifteen", "10.0", "15.0"),
    ("five by five cm", "5.0", "5.0"),
    ("twenty cm by thirty cm", "20.0", "30.0"),
    ("about twelve x eight", "12.0", "8.0"),
    ("four by six inches", "10.2", "15.2"),
    ("10×15", "10.0", "15.0"),
    ("10 × 15cm", "10.0", "15.0"),
    ("10*15", "10.0", "15.0"),
    ("10cm x 15cm", "10.0", "15.0"),
    ("10 cm x 15 cm", "10.0", "15.0"),
    ("10x15cm", "10.0", "15.0"),
    ("10x15 cms", "10.0", "15.0"),
    ("10 x 15 centimetres", "10.0", "15.0"),
    ("10 cm wide and 15 cm tall", "10.0", "15.0"),
    ("10 wide 15 high", "10.0", "15.0"),
    ("10cm wide by 15cm tall", "10.0", "15.0"),
    ("15 tall, 10 wide", "10.0", "15.0"),
    ("w10 h15", "10.0", "15.0"),
    ("Width: 10cm, Height: 15cm", "10.0", "15.0"),
    ("7.5x10", "7.5", "10.0"),
    ("7,5 x 10", "7.5", "10.0"),
    ("7,5 x 10,5 cm", "7.5", "10.5"),
    ("12.25 x 8", "12.3", "8.0"),
    ("4x6 in", "10.2", "15.2"),
    ("4x6 inches", "10.2", "15.2"),
    ("4 inch by 6 inch", "10.2", "15.2"),
    ('4" x 6"', "10.2", "15.2"),
    ("4'' x 6''", "10.2", "15.2"),
    ("100x150mm", "10.0", "15.0"),
    ("100 by 150 millimetres", "10.0", "15.0"),
    ("85 x 55 mm", "8.5", "5.5"),
    ("4in x 10cm", "10.2", "10.0"),
    ("10cm x 40mm", "10.0", "4.0"),
    ("about 10x15", "10.0", "15.0"),
    ("roughly 10 by 15 cm please", "10.0", "15.0"),
    ("Around 20 x 30 I think? 🙏", "20.0", "30.0"),
    ("umm maybe like 8x8 lol", "8.0", "8.0"),
    ("hiya! 10x15 would be perfect thanks x", "10.0", "15.0"),
    ("１０ｘ１５", "10.0", "15.0"),
    ("１０ × １５ ｃｍ", "10.0", "15.0"),
    ("10x15 in black and grey", "10.0", "15.0"),
    ("100x100", "100.0", "100.0"),
    ("100.04 x 100", "100.0", "100.0"),
    ("0.5x1", "0.5", "1.0"),
    ("1m x 0.5m", "100.0", "50.0"),
]


@pytest.mark.parametrize(("text", "width", "height"), DIMENSIONS)
def test_dimensions(text: str, width: str, height: str) -> None:
    result = parse_size(text)
    assert result == SizeResult("dimensions", Decimal(width), Decimal(height), None, text.strip())


@pytest.mark.parametrize(
    ("text", "width", "height"),
    [
        ("200x10", "200.0", "10.0"),
        ("10 x 101", "10.0", "101.0"),
        ("50x50 in", "127.0", "127.0"),
        ("2x1m", "200.0", "100.0"),
    ],
)
def test_too_big(text: str, width: str, height: str) -> None:
    result = parse_size(text)
    assert (result.kind, result.width_cm, result.height_cm) == ("too_big", Decimal(width), Decimal(height))


@pytest.mark.parametrize(
    "text",
    [
        "10",
        "10cm",
        "10 cm",
        "0x10",
        "10 x 0",
        "0.04x10",
        "-10x15",
        "10x-15",
        "10-15 x 20",
        "10x15-20",
        "10x15x20",
        "1234567890x5",
        "idk",
        "not sure",
        "dunno yet, whatever you think",
        "",
        "   ",
        "🙏",
        "💪🔥",
        "small, about 10cm",
        "?",
    ],
)
def test_invalid(text: str) -> None:
    result = parse_size(text)
    assert result == SizeResult("invalid", None, None, None, text.strip())


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("small", "small"),
        ("Tiny!", "small"),
        ("just a little one", "small"),
        ("palm sized", "medium"),
        ("palm-sized 🤚", "medium"),
        ("about hand sized", "medium"),
        ("fist sized", "medium"),
        ("medium", "medium"),
        ("not too big", "medium"),
        ("half sleeve", "large"),
        ("Half-sleeve 💪", "large"),
        ("thigh piece", "large"),
        ("calf", "large"),
        ("big", "large"),
        ("full sleeve", "xl"),
        ("full back piece", "xl"),
        ("backpiece", "xl"),
        ("chest piece", "xl"),
        ("bodysuit", "xl"),
        ("a small back piece", "xl"),
    ],
)
def test_descriptive(text: str, hint: str) -> None:
    result = parse_size(text)
    assert result == SizeResult("descriptive", None, None, hint, text.strip())


def test_text_is_the_stripped_original() -> None:
    assert parse_size("  About 10 X 15  \n").text == "About 10 X 15"


def test_area() -> None:
    assert area_cm2(parse_size("7.5 x 10")) == Decimal("75.00")
    assert area_cm2(parse_size("palm sized")) is None
    assert area_cm2(parse_size("idk")) is None


@given(st.text())
def test_never_raises_and_dimensions_are_in_range(text: str) -> None:
    result = parse_size(text)
    assert result.kind in {"dimensions", "descriptive", "too_big", "invalid"}
    if result.kind == "dimensions":
        assert result.width_cm is not None
        assert result.height_cm is not None
        assert Decimal(0) < result.width_cm <= Decimal(100)
        assert Decimal(0) < result.height_cm <= Decimal(100)
    if result.kind == "descriptive":
        assert result.category_hint in {"small", "medium", "large", "xl"}


@given(st.text(alphabet="0123456789 xX×*.,-cminby\"'wideht", max_size=30))
def test_never_raises_on_size_like_text(text: str) -> None:
    result = parse_size(text)
    if result.kind == "dimensions":
        assert result.width_cm is not None
        assert result.height_cm is not None
        assert Decimal(0) < result.width_cm <= Decimal(100)
        assert Decimal(0) < result.height_cm <= Decimal(100)


@given(
    st.integers(1, 100), st.integers(1, 100), st.sampled_from(["{a}x{b}", "{a} x {b} cm", "{a} by {b}", "{a}cm×{b}cm"])
)
def test_integer_round_trip(a: int, b: int, template: str) -> None:
    result = parse_size(template.format(a=a, b=b))
    assert (result.kind, result.width_cm, result.height_cm) == ("dimensions", Decimal(a), Decimal(b))


@given(st.integers(1, 1000), st.integers(1, 1000))
def test_tenths_round_trip(a: int, b: int) -> None:
    width, height = Decimal(a) / 10, Decimal(b) / 10
    result = parse_size(f"{width}x{height}")
    assert (result.width_cm, result.height_cm) == (width, height)


@given(st.integers(1, 39), st.integers(1, 39))
def test_inches_convert(a: int, b: int) -> None:
    result = parse_size(f"{a}x{b} in")
    expected = tuple((Decimal(n) * Decimal("2.54")).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) for n in (a, b))
    assert result.kind == "dimensions"
    assert (result.width_cm, result.height_cm) == expected


@given(st.integers(101, 10_000), st.integers(1, 100))
def test_over_100_cm_is_too_big(big: int, small: int) -> None:
    assert parse_size(f"{big}x{small}").kind == "too_big"
    assert parse_size(f"{small}x{big}").kind == "too_big"

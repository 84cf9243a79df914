"""Money and times shown to people: minor units in, "£500" / "€450.50" / "£400–600" out; an
instant in, "Thu 26 Nov at 10:00" in the studio's time zone out."""

from __future__ import annotations

from datetime import datetime, tzinfo

SYMBOLS = {"gbp": "£", "eur": "€", "usd": "$", "aud": "A$", "cad": "C$", "nzd": "NZ$", "jpy": "¥"}
ZERO_DECIMAL = frozenset({"jpy", "krw", "vnd", "clp", "isk", "huf"})


def _major(minor: int, currency: str) -> str:
    if currency in ZERO_DECIMAL:
        return f"{minor:,}"
    whole, cents = divmod(minor, 100)
    return f"{whole:,}" if cents == 0 else f"{whole:,}.{cents:02d}"


def format_money(minor: int | None, currency: str) -> str:
    if minor is None:
        return ""
    code = (currency or "").lower()
    symbol = SYMBOLS.get(code)
    amount = _major(minor, code)
    return f"{symbol}{amount}" if symbol else f"{amount} {code.upper()}".strip()


def format_range(low: int | None, high: int | None, currency: str) -> str:
    """A range as people write it: "£500", "£400–600", "up to £600", "£500+"."""
    if low is not None and high is not None and low != high:
        high_text = _major(high, currency.lower()) if currency.lower() in SYMBOLS else format_money(high, currency)
        return f"{format_money(low, currency)}–{high_text}"
    if low is not None and high is None:
        return f"{format_money(low, currency)}+"
    if low is None and high is not None:
        return f"up to {format_money(high, currency)}"
    return format_money(low, currency)


def format_local_time(at: datetime | None, tz: tzinfo) -> str:
    """``Thu 26 Nov at 10:00`` in the given (the studio's) time zone; "" for none."""
    return at.astimezone(tz).strftime("%a %-d %b at %H:%M") if at else ""

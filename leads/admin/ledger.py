"""The deposit ledger on the lead page (docs/payments.md "The deposit ledger"): one line per payment,
refund, forfeit, dispute and session, in the studio's time zone."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join

from conversations.messaging.formatting import format_money
from leads.models import Lead, StudioSettings
from payments.deposits import deposit_ledger

WORDS = {
    "deposit_paid": "Deposit paid",
    "refund_requested": "Refund asked of Stripe",
    "refunded": "Refunded",
    "disputed": "Disputed by the customer's bank",
    "taken_off_price": "Taken off the price of session {session}",
    "booked": "Session {session} booked for {start}",
    "moved_by_customer": "Session {session} ({start}) moved by the customer",
    "moved_by_artist": "Session {session} ({start}) moved by the artist",
    "cancelled_by_customer": "Session {session} ({start}) cancelled by the customer",
    "cancelled_by_artist": "Session {session} ({start}) cancelled by the artist",
    "done": "Session {session} ({start}) done",
    "no_show": "Session {session} ({start}): no-show",
}


def ledger_lines(lead: Lead, studio: StudioSettings) -> list[tuple[str, str, str]]:
    """(when, what, money) for each line of the lead's ledger."""
    tz = studio.tzinfo
    lines = deposit_ledger(lead.deposits.all(), lead.appointments.all(), sessions_planned=lead.sessions_planned)
    rows = []
    for line in lines:
        what: str = line["what"]
        start = line.get("start")
        values: dict[str, Any] = {
            "session": line.get("session", ""),
            "start": f"{start.astimezone(tz):%a %-d %b %H:%M}" if start else "",
        }
        if what.startswith("forfeited:"):
            text = f"Forfeited ({what.partition(':')[2].replace('_', ' ')}): kept by the studio"
        else:
            text = WORDS.get(what, what).format(**values)
        amount = line["amount"]
        money = format_money(amount, line["currency"]) if amount and "currency" in line else ""
        rows.append((f"{line['at'].astimezone(tz):%d %b %Y %H:%M}", text, money))
    return rows


def ledger_html(lead: Lead, studio: StudioSettings) -> str:
    rows = ledger_lines(lead, studio)
    if not rows:
        return "No deposit paid yet."
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
    return format_html('<table class="ledger"><tbody>{}</tbody></table>', body)

"""Every message template renders for a sample lead: no raw keys, no template syntax, no doubled symbols."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.messaging.copy import render_copy, variant_for
from conversations.messaging.formatting import format_money, format_range
from leads.models import Artist, Lead, StudioSettings
from tests.paths import ROOT

TEMPLATES = sorted(p.stem for p in (ROOT / "templates" / "messages").glob("*.txt"))
CONTEXT: dict[str, Any] = {
    "name": "Ana",
    "prompt": "Where on your body would it go?",
    "example": "e.g. left forearm",
    "first": False,
    "summary": "10×15 cm, London, £500–600",
    "answer": "The studio works by appointment.",
    "city": "Tokyo",
    "minimum": "£400",
    "home_city": "London",
    "stop_city": "Berlin",
    "start": "1 Mar",
    "end": "4 Mar 2027",
    "can_continue": True,
    "phone": "+447700900123",
    "reason": "keyword:human",
    "text": "can I talk to a human",
    "admin_url": "https://studio.test/admin/leads/lead/1/change/",
    "answers": [("Idea", "a swallow"), ("Budget", "£500–600")],
    "size_category": "medium",
    "deposit": "£150",
    "estimate": "one 3 h session (medium)",
    "status": "pending_approval",
    "tour_stop": "",
    "recent": ["hi", "a swallow"],
    "panic": True,
    "amount": "£150",
    "url": "https://checkout.stripe.test/c/pay/abc123",
    "expires": "Thu 26 Nov, 10:00",
    "policy": "Deposits are non-refundable but move with you once.",
    "again": False,
    "note": "",
    "full": True,
    "problem": "Stripe is not configured.",
    "labels": ["Tue 1 Dec, 10:00–13:00", "Wed 2 Dec, 14:00–17:00"],
    "intro": "taken",
    "when": "Tue 1 Dec, 10:00–13:00",
    "tz": "London",
    "windows": ["weekday mornings", "any Saturday"],
    "refunded": True,
    "days": 2,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_renders_cleanly_in_every_variant(name: str, make_lead) -> None:
    studio = StudioSettings.load()
    studio.artist_name = "Mika"
    for _ in range(12):  # enough leads to see all three variants
        lead = make_lead()
        text = render_copy(name, lead=lead, studio=studio, **CONTEXT)
        assert text.strip(), name
        for bad in ("{{", "}}", "{%", "%}", "££", "€€", "None", "&amp;", "&#x27;", "&quot;"):
            assert bad not in text, (name, bad, text)
        if not name.startswith("artist_"):  # customers never see a raw key like pending_approval
            assert "_" not in text, (name, text)
    assert len({variant_for(make_lead(), name) for _ in range(30)}) == 3


def test_variant_is_fixed_per_lead_and_message() -> None:
    lead = Lead(pk=41)
    assert variant_for(lead, "welcome") == variant_for(lead, "welcome")


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (50000, "gbp", "£500"),
        (45050, "gbp", "£450.50"),
        (120000, "eur", "€1,200"),
        (9900, "chf", "99 CHF"),
        (5000, "jpy", "¥5,000"),
    ],
)
def test_money(minor: int, currency: str, text: str) -> None:
    assert format_money(minor, currency) == text


def test_ranges() -> None:
    assert format_range(40000, 60000, "gbp") == "£400–600"
    assert format_range(None, 60000, "gbp") == "up to £600"
    assert format_range(50000, None, "gbp") == "£500+"
    assert format_range(50000, 50000, "gbp") == "£500"


@pytest.mark.django_db
def test_artist_name_comes_from_settings(make_lead) -> None:
    """In a one-artist studio the settings' artist name is the artist's (kept the same both ways)."""
    studio = StudioSettings.load()
    studio.artist_name = "Rosa Marlowe"
    studio.save()
    assert Artist.objects.get().name == "Rosa Marlowe"
    assert "Rosa Marlowe" in render_copy("welcome", lead=make_lead(), studio=studio, name="Ana")
    artist = Artist.objects.get()
    artist.name = "Rosa M."
    artist.save()
    assert StudioSettings.load().artist_name == "Rosa M."


@pytest.mark.django_db
def test_with_several_artists_the_copy_names_the_lead_s_artist(make_lead) -> None:
    first = Artist.objects.get()
    kai = Artist.objects.create(name="Kai")
    studio = StudioSettings.load()
    studio.artist_name = "Studio Nine"
    studio.save()
    assert Artist.objects.get(pk=first.pk).name == first.name  # several artists: each its own name
    lead = make_lead()
    assert lead.artist is None  # two active artists: the customer chooses
    assert "Studio Nine" in render_copy("welcome", lead=lead, studio=studio, name="Ana")
    Lead.objects.filter(pk=lead.pk).update(artist=kai)
    lead.refresh_from_db()
    assert "to reach Kai, or STOP" in render_copy("welcome", lead=lead, studio=studio, name="Ana")

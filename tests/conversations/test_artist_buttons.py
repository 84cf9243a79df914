"""Artist notifications carry Approve / Reject / Open; the artist's taps act, anyone else's do nothing."""

from __future__ import annotations

from django.test import Client

from conversations.models import OutboundMessage
from leads.models import ActionToken, Lead
from payments.models import Deposit
from tests.conversations.chat import ARTIST
from tests.conversations.chat import Customer as Chat
from tests.conversations.engine.test_golden import HAPPY, qualify


def button_id(action: str) -> str:
    summary = OutboundMessage.objects.filter(to=ARTIST, kind="buttons").latest("id")
    return str(next(b["id"] for b in summary.payload["buttons"] if b["id"].startswith(f"{action}:")))


def artist_taps(client: Client, reply_id: str, kind: str = "interactive") -> list[str]:
    artist = Chat(client, phone=ARTIST, name="Mika")
    artist.seen = OutboundMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if kind == "button":  # a template's quick reply
        return artist.send_message(artist.message("button", button={"payload": reply_id, "text": "Approve"}))
    return artist.taps(reply_id, reply_id.split(":")[0].capitalize())


def test_the_summary_has_buttons_and_one_tap_links(ana: Chat) -> None:
    qualify(ana)
    summary = OutboundMessage.objects.get(to=ARTIST)
    lead = ana.lead
    assert summary.kind == "buttons"
    ids = [b["id"] for b in summary.payload["buttons"]]
    assert [i.split(":")[0] for i in ids] == ["approve", "reject", "open"]
    assert all(len(i.split(":")[1]) >= 40 for i in ids)  # each a single-use token, not the lead id
    assert summary.text.count("https://studio.test/a/") == 3
    assert set(ActionToken.objects.filter(lead=lead).values_list("action", "lead_status")) == {
        ("approve", "pending_approval"),
        ("reject", "pending_approval"),
        ("open", "pending_approval"),
    }


def test_the_artist_approves_by_tapping(client: Client, ana: Chat) -> None:
    qualify(ana)
    reply = artist_taps(client, button_id("approve"))
    assert ana.lead.status == "awaiting_deposit"
    assert Deposit.objects.get(lead=ana.lead).amount == 20000  # large: the size rule
    assert "Approved #" in reply[0]


def test_a_template_quick_reply_rejects(client: Client, ana: Chat) -> None:
    qualify(ana)
    artist_taps(client, button_id("reject"), kind="button")
    assert ana.lead.status == "rejected"


def test_a_tap_for_a_lead_no_longer_waiting_explains(client: Client, ana: Chat) -> None:
    qualify(ana)
    approve, reject = button_id("approve"), button_id("reject")
    artist_taps(client, approve)
    reply = artist_taps(client, reject)
    assert ana.lead.status == "awaiting_deposit"
    assert "Not done" in reply[0]
    assert "Not done: This link was already used." in artist_taps(client, approve)[0]


def test_a_made_up_button_does_nothing(client: Client, ana: Chat) -> None:
    qualify(ana)
    reply = artist_taps(client, f"approve:{ana.lead.pk}")  # the lead id is not a token
    assert ana.lead.status == "pending_approval"
    assert "not valid" in reply[0]


def test_the_same_tap_from_a_customer_does_nothing(client: Client, ana: Chat) -> None:
    qualify(ana)
    lead = ana.lead
    other = Chat(client, phone="+447700900777")
    other.taps(button_id("approve"), "Approve")
    assert Lead.objects.get(pk=lead.pk).status == "pending_approval"
    assert not Deposit.objects.exists()


def test_no_buttons_once_the_decision_is_not_the_artists(ana: Chat) -> None:
    qualify(ana, [*HAPPY[:6], ("Tokyo", "city"), HAPPY[7]])  # waitlisted: nothing to decide
    notes = OutboundMessage.objects.filter(to=ARTIST)
    assert all(note.kind == "text" for note in notes)

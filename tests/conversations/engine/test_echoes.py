"""The artist's own messages from the WhatsApp Business app (echoes): the artist's lines in the
transcript, the bot paused, no lead started, the window left shut, the lead kept fresh."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conversations.models import OutboundMessage, ProcessedMessage, TranscriptMessage
from leads.artist.decisions import lead_resume, lead_send_message
from leads.models import Customer, Lead
from leads.timers import stale_leads
from tests.conftest import force_status
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages, post_signed
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db

_clock = count(1_796_000_000, 10)


def echo_body(text: str, *, to: str = "+447700900123", user_id: str = "") -> dict[str, Any]:
    """Meta's ``smb_message_echoes`` body: the artist typed ``text`` to ``to`` in the Business app."""
    body: dict[str, Any] = json.loads((FIXTURES / "whatsapp" / "smb_message_echoes_with_user_id.json").read_text())
    value = body["entry"][0]["changes"][0]["value"]
    echo, contact = value["message_echoes"][0], value["contacts"][0]
    echo.update(id=f"wamid.echo.{uuid.uuid4().hex}", timestamp=str(next(_clock)), text={"body": text})
    echo["to"] = contact["wa_id"] = to.lstrip("+")
    echo["to_user_id"] = contact["user_id"] = user_id
    if not user_id:  # as in Meta's reference example: no user id fields
        echo.pop("to_user_id")
        contact.pop("user_id")
    return body


def artist_writes(client: Client, text: str, **kw: Any) -> None:
    response = post_signed(client, echo_body(text, **kw))
    assert response.status_code == 200, response.content
    assert response.json()["queued"] == 1


def test_an_echo_mid_qualifying_pauses_the_bot_until_the_artist_resumes(client: Client, ana: Chat) -> None:
    assert ana.says("Hi, I'd like a tattoo")  # the welcome and the first question
    artist_writes(client, "Hey Ana, it's Mia - tell me about the piece?")
    lead = ana.lead
    assert (lead.status, lead.needs_artist, lead.handover_reason) == ("needs_artist_reply", True, "artist_replied")
    assert lead.history.latest("id").actor == "artist"
    line = TranscriptMessage.objects.filter(lead=lead).latest("id")
    assert (line.direction, line.by, line.text) == ("out", "artist", "Hey Ana, it's Mia - tell me about the piece?")
    assert ana.replies() == []  # the echo itself makes no message

    told = len(artist_messages())
    assert ana.says("a fine-line swallow on my wrist") == []
    assert ana.says("CONTINUE") == []  # the artist has the conversation: the customer cannot take it back
    assert ana.says("hello?") == []
    new = artist_messages()[told:]
    assert len(new) == 1  # told once per holding cooldown, with the words
    assert "a fine-line swallow on my wrist" in new[0]
    assert ana.lead.status == "needs_artist_reply"

    lead_resume(lead_id=lead.pk, actor="artist:staff")
    assert ana.replies()  # the bot takes over again: the current question
    assert ana.says("a fine-line swallow")


def test_the_echo_is_the_artist_s_line_in_the_lead_json(client: Client, ana: Chat, staff_client: Client) -> None:
    ana.says("Hi, I'd like a tattoo")
    artist_writes(client, "Hi! Mia here.")
    body = staff_client.get(f"/api/leads/{ana.lead.pk}/").json()
    by = [(line["direction"], line["by"]) for line in body["transcript"]]
    assert by[0] == ("in", "customer")
    assert ("out", "bot") in by
    assert by[-1] == ("out", "artist")
    assert body["transcript"][-1]["text"] == "Hi! Mia here."


def test_an_echo_starts_no_lead_and_opens_no_window(client: Client) -> None:
    artist_writes(client, "Hi, are you the one who asked about a cover-up?", to="+447700900555")
    customer = Customer.objects.get(wa_id="+447700900555")
    assert not Lead.objects.exists()
    assert customer.last_inbound_at is None  # only the customer's own messages open the window
    assert customer.artist_wrote_at is not None
    assert TranscriptMessage.objects.get(customer=customer).by == "artist"
    assert not OutboundMessage.objects.exists()
    assert ProcessedMessage.objects.get().state == "processed"


def test_the_customer_answering_the_artist_reaches_the_artist_not_the_welcome(client: Client) -> None:
    artist_writes(client, "Hi, are you the one who asked about a cover-up?", to="+447700900555")
    customer = Chat(client, phone="+447700900555", name="Bea Test")
    assert customer.says("yes that's me!") == []  # no welcome over the artist's conversation
    lead = customer.lead
    assert (lead.status, lead.handover_reason) == ("needs_artist_reply", "artist_replied")
    [told] = artist_messages()
    assert "yes that's me!" in told
    assert f"#{lead.pk}" in told


def test_an_echo_leaves_the_window_as_the_customer_left_it(client: Client, ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    before = Customer.objects.get().last_inbound_at
    artist_writes(client, "Hi!")
    assert Customer.objects.get().last_inbound_at == before


def test_an_echo_found_by_user_id_alone_is_the_same_customer(client: Client) -> None:
    user_id = "US.13491208655302741918"
    artist_writes(client, "first", to="+16505551234", user_id=user_id)
    body = echo_body("second", user_id=user_id)
    value = body["entry"][0]["changes"][0]["value"]
    value["message_echoes"][0].pop("to")
    value["contacts"][0].pop("wa_id")
    assert post_signed(client, body).status_code == 200
    [customer] = Customer.objects.all()
    assert customer.user_id == user_id
    assert list(customer.transcript.values_list("text", flat=True)) == ["first", "second"]


def test_from_the_deposit_on_an_echo_flags_the_lead_and_keeps_its_status(client: Client, ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    lead = ana.lead
    force_status(lead, "awaiting_deposit")
    ana.replies()
    artist_writes(client, "I sent you the link, any questions just ask")
    lead.refresh_from_db()
    assert (lead.status, lead.needs_artist, lead.handover_reason) == ("awaiting_deposit", True, "artist_replied")
    told = len(artist_messages())
    assert ana.says("will do, thanks!") == []  # no link resend over the artist
    assert "will do, thanks!" in artist_messages()[told]


def test_while_the_artist_writes_the_lead_never_goes_stale(client: Client, ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    artist_writes(client, "Hi Ana!")
    lead = ana.lead
    later = timezone.now() + timedelta(days=8)
    Lead.objects.filter(pk=lead.pk).update(status_changed_at=later - timedelta(days=8))
    Customer.objects.filter(pk=lead.customer_id).update(artist_wrote_at=later - timedelta(days=3))
    assert stale_leads(now=later) == 0
    assert Lead.objects.get(pk=lead.pk).status == "needs_artist_reply"
    Customer.objects.filter(pk=lead.customer_id).update(artist_wrote_at=later - timedelta(days=7, minutes=1))
    assert stale_leads(now=later) == 1
    assert Lead.objects.get(pk=lead.pk).status == "stale"


def test_a_customer_answering_the_artist_on_a_stale_lead_reaches_the_artist(client: Client, ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    lead = ana.lead
    force_status(lead, "stale")
    ana.replies()
    artist_writes(client, "Sorry for the wait Ana, still keen?")
    assert Lead.objects.get(pk=lead.pk).status == "stale"  # an echo reopens nothing by itself
    told = len(artist_messages())
    assert ana.says("yes!") == []  # not the welcome
    lead.refresh_from_db()
    assert (lead.status, lead.handover_reason) == ("needs_artist_reply", "artist_replied")
    assert "yes!" in artist_messages()[told]


def test_a_stale_lead_the_artist_did_not_write_to_restarts_with_the_welcome(ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    force_status(ana.lead, "stale")
    ana.replies()
    assert ana.says("hello again")  # the bot greets a returning customer as before


def test_an_artist_message_from_the_admin_keeps_the_bot_out_too(ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    lead_send_message(lead_id=ana.lead.pk, actor="artist:staff", text="Hi Ana, Mia here")
    assert ana.replies() == ["Hi Ana, Mia here"]
    assert ana.says("oh hi Mia!") == []  # no "the artist will get back to you" over the artist
    assert TranscriptMessage.objects.filter(text="Hi Ana, Mia here").get().by == "artist"


def test_an_echo_to_an_opted_out_customer_is_kept_and_changes_nothing(client: Client, ana: Chat) -> None:
    ana.says("Hi, I'd like a tattoo")
    ana.says("STOP")
    artist_writes(client, "Sorry to see you go")
    lead = ana.lead
    assert lead.status == "optout"
    assert not lead.needs_artist
    assert TranscriptMessage.objects.filter(lead=lead).latest("id").by == "artist"

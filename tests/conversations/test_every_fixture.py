"""Every WhatsApp fixture Meta sends, as Meta sends it, through the webhook, the inbox and the sender
against a fake Graph API: answered 200, nothing failed, each message a transcript line (a
customer's marked read, the artist's echo not), each template event recorded."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conversations.messaging.sending import outbound_send_queue
from conversations.models import InboxState, OutboundMessage, OutboundState, ProcessedMessage, TranscriptMessage
from conversations.policy.inbound import parse_webhook
from leads.models import SystemEvent
from tests.conversations.chat import post_signed
from tests.fakes.meta import FakeMeta
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db

WHATSAPP = FIXTURES / "whatsapp"
ALL = sorted(p.name for p in WHATSAPP.glob("*.json"))


def test_the_fixtures_are_all_here() -> None:
    assert len(ALL) >= 30
    assert {"username_only_text.json", "smb_message_echoes.json", "audio_voice.json", "user_preferences.json"} <= set(
        ALL
    )


@pytest.mark.parametrize("name", ALL)
def test_every_fixture_end_to_end(name: str, client: Client, cloud_meta: FakeMeta, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    raw = (WHATSAPP / name).read_bytes()
    parsed = parse_webhook(json.loads(raw))
    events_before = SystemEvent.objects.count()

    response = post_signed(client, raw)  # signed and drained: the inbox ran as a worker would
    assert response.status_code == 200, response.content
    assert response.json()["received"] is True
    for to in set(OutboundMessage.objects.values_list("to", flat=True)):
        outbound_send_queue(to=to)

    assert not ProcessedMessage.objects.exclude(state=InboxState.PROCESSED).exists()
    assert not OutboundMessage.objects.filter(state=OutboundState.QUEUED).exists()  # every reply went
    for message in parsed.messages:
        line = TranscriptMessage.objects.get(provider_message_id=message.message_id)
        assert line.by == ("artist" if message.echo else "customer")
    customers = [m.message_id for m in parsed.messages if not m.echo]
    assert cloud_meta.read_receipts() == customers
    if parsed.template_events:
        assert SystemEvent.objects.count() > events_before
    for body in cloud_meta.sent():  # what the bot sent went to the customer's one address
        assert ("to" in body) != ("recipient" in body)

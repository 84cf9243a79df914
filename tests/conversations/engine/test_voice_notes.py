"""Voice notes (and audio files): fetched and kept as a file for the artist, playable on the lead
page, the artist told ("voice note from …" with the admin link) at most once per holding
cooldown, the customer asked to type under the "please type" cooldown where the bot talks."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from conversations.messaging.media import media_fetch
from conversations.messaging.sending import outbound_send_queue
from conversations.models import ReferenceMedia, TranscriptMessage
from leads.models import Customer, Lead
from tests.conftest import force_status
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages, post_signed
from tests.fakes.meta import FakeMeta
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db

PHONE = "+972987654321"  # the fixture's sender
MEDIA_ID = "1234567890987654321"
OGG = b"OggS\x00\x02" + b"\x00" * 64  # the first bytes of an Ogg stream; the content is not decoded
_clock = count(1_797_000_000, 10)


def voice_body(*, voice: bool = True, media_id: str = MEDIA_ID, mime: str = "audio/ogg; codecs=opus") -> dict[str, Any]:
    """Meta's voice-note webhook (``audio_voice.json``), with a fresh message id and time."""
    body: dict[str, Any] = json.loads((FIXTURES / "whatsapp" / "audio_voice.json").read_text())
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update(id=f"wamid.voice.{uuid.uuid4().hex}", timestamp=str(next(_clock)))
    message["audio"].update(voice=voice, id=media_id, mime_type=mime)
    return body


def _post(client: Client, body: dict[str, Any]) -> None:
    response = post_signed(client, body)
    assert response.status_code == 200, response.content
    assert response.json()["queued"] == 1


def _sent_to(fake: FakeMeta, to: str, since: int = 0) -> list[dict[str, Any]]:
    return [b for b in fake.sent()[since:] if b.get("to") == to.lstrip("+")]


@pytest.fixture
def stored(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sandra(client: Client) -> Chat:
    """The fixture's customer (by number), for text messages around the voice notes."""
    return Chat(client, phone=PHONE, name="Test Name")


def test_a_voice_note_is_kept_the_artist_told_with_the_link_the_customer_asked_to_type(
    client: Client, cloud_meta: FakeMeta, stored: None
) -> None:
    cloud_meta.media[MEDIA_ID] = (OGG, "audio/ogg; codecs=opus")
    _post(client, voice_body())
    outbound_send_queue(to=PHONE)

    customer = Customer.objects.get(wa_id=PHONE)
    assert customer.user_id == "US.13491208655302741918"
    lead = customer.leads.get()
    line = TranscriptMessage.objects.get(lead=lead, direction="in")
    assert (line.message_type, line.by, line.processed) == ("audio", "customer", True)
    media = ReferenceMedia.objects.get(lead=lead)
    assert (media.media_type, media.media_id, media.state) == ("audio", MEDIA_ID, "pending")

    assert media_fetch(media_pk=media.pk) == "stored"  # what the ``conversations.fetch_media`` task runs
    media.refresh_from_db()
    assert (media.state, media.mime_type, media.size_bytes) == ("stored", "audio/ogg", len(OGG))
    assert str(media.file.name).endswith(".ogg")
    assert media.file.read() == OGG

    [words] = artist_messages()  # the artist's number has not written: its window is Meta's concern
    assert words.startswith("Voice note from Test Name (+972987654321)")
    assert f"https://studio.test/admin/leads/lead/{lead.pk}/change/" in words
    [to_customer] = _sent_to(cloud_meta, PHONE)
    assert "voice note" in to_customer["text"]["body"]
    assert "type" in to_customer["text"]["body"]

    client.force_login(User.objects.create_superuser("mia", password="pw-mia-123"))
    url = f"/staff/media/{media.pk}"
    page = client.get(f"/admin/leads/lead/{lead.pk}/change/")
    assert f'<audio controls preload="none" src="{url}"></audio>'.encode() in page.content
    response: Any = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert response["Content-Disposition"].startswith("inline")  # plays in the page
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == OGG


def test_more_voice_notes_within_the_cooldowns_are_kept_without_more_messages(
    client: Client, cloud_meta: FakeMeta, stored: None
) -> None:
    for n in range(3):
        _post(client, voice_body(media_id=f"m{n}"))
    outbound_send_queue(to=PHONE)
    lead = Customer.objects.get(wa_id=PHONE).leads.get()
    assert ReferenceMedia.objects.filter(lead=lead, media_type="audio").count() == 3
    assert len(artist_messages()) == 1
    assert len(_sent_to(cloud_meta, PHONE)) == 1

    later = timezone.now() + timedelta(hours=2)  # past the customer's "please type" cooldown (1 h)
    with time_machine.travel(later):
        _post(client, voice_body(media_id="m3"))
        outbound_send_queue(to=PHONE)
    assert len(artist_messages()) == 1  # the artist's cooldown is the holding one (6 h)
    assert len(_sent_to(cloud_meta, PHONE)) == 2

    with time_machine.travel(later + timedelta(hours=5)):  # past the artist's too
        _post(client, voice_body(media_id="m4"))
        outbound_send_queue(to=PHONE)
    assert len(artist_messages()) == 2
    assert len(_sent_to(cloud_meta, PHONE)) == 3


def test_an_audio_file_is_named_as_such(client: Client, sandra: Chat) -> None:
    _post(client, voice_body(voice=False))
    [told] = artist_messages()
    assert told.startswith("Audio file from Test Name")


def test_a_voice_note_after_the_booking_tells_the_artist_and_nobody_else(client: Client, sandra: Chat) -> None:
    sandra.says("hi")
    force_status(sandra.lead, "booked")
    seen = len(sandra.replies())
    _post(client, voice_body())
    assert sandra.replies()[seen:] == []  # the bot says nothing after the booking
    [told] = artist_messages()
    assert told.startswith("Voice note from")
    assert Lead.objects.get(pk=sandra.lead.pk).status == "booked"


def test_an_opted_out_customer_s_voice_note_is_a_transcript_line_only(client: Client, sandra: Chat) -> None:
    sandra.says("STOP")
    seen = len(sandra.replies())
    _post(client, voice_body())
    assert sandra.replies()[seen:] == []
    assert artist_messages() == []
    assert not ReferenceMedia.objects.exists()  # nothing of an opted-out customer is fetched
    assert TranscriptMessage.objects.filter(message_type="audio").count() == 1


def test_a_type_outside_the_allowed_audio_is_refused_clearly(
    client: Client, cloud_meta: FakeMeta, stored: None
) -> None:
    cloud_meta.media[MEDIA_ID] = (b"RIFF....WAVE", "audio/x-wav")
    _post(client, voice_body(mime="audio/x-wav"))
    media = ReferenceMedia.objects.get()
    assert media_fetch(media_pk=media.pk) == "failed"
    media.refresh_from_db()
    assert "is not an image, PDF, video or audio" in media.error
    assert not media.file


def test_a_download_of_another_type_than_announced_is_refused(
    client: Client, cloud_meta: FakeMeta, stored: None, monkeypatch
) -> None:
    from integrations.whatsapp.cloud import CloudBackend

    cloud_meta.media[MEDIA_ID] = (OGG, "audio/ogg")
    _post(client, voice_body())
    media = ReferenceMedia.objects.get()
    real = CloudBackend.media_download

    def as_html(self: CloudBackend, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        data, _ = real(self, url, max_bytes=max_bytes)
        return data, "text/html"

    monkeypatch.setattr(CloudBackend, "media_download", as_html)
    assert media_fetch(media_pk=media.pk) == "failed"
    media.refresh_from_db()
    assert media.error == "download is text/html, not audio/ogg"

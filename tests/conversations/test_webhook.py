"""POST/GET /webhooks/whatsapp (docs/conversation.md) with Meta's real payloads from ../shared/fixtures/whatsapp/."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conversations.models import OutboundMessage, ProcessedMessage, ReferenceMedia, TranscriptMessage
from integrations.whatsapp.signature import sign, verify
from leads.models import Customer, Lead, SystemEvent
from tests.conversations.chat import SECRET, body_for, post_signed, status_body
from tests.paths import FIXTURES as SHARED_FIXTURES

FIXTURES = SHARED_FIXTURES / "whatsapp"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_readme_worked_signature_example_verifies() -> None:
    raw = fixture_bytes("text.json")
    assert len(raw) == 1034
    header = "sha256=539004114ddfe258e472eeb3020fd0ca0e57951a627b90e437862aa3b9963c1d"
    assert sign("test_app_secret", raw) == header
    assert verify("test_app_secret", raw, header)
    assert not verify("test_app_secret", raw + b" ", header)
    assert not verify("", raw, header)  # no "no secret configured" bypass


class TestHandshake:
    def test_right_token_echoes_the_challenge(self, client: Client) -> None:
        response = client.get(
            "/webhooks/whatsapp",
            {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"},
        )
        assert response.status_code == 200
        assert response.content == b"1158201444"
        assert response["Content-Type"].startswith("text/plain")

    @pytest.mark.parametrize(
        "params",
        [
            {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
            {"hub.mode": "unsubscribe", "hub.verify_token": "verify-me", "hub.challenge": "1"},
            {},
        ],
    )
    def test_anything_else_is_403(self, client: Client, params) -> None:
        assert client.get("/webhooks/whatsapp", params).status_code == 403

    def test_trailing_slash_works(self, client: Client) -> None:
        params = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "7"}
        assert client.get("/webhooks/whatsapp/", params).content == b"7"


class TestSignature:
    def test_missing_signature_is_403_and_stores_nothing(self, client: Client) -> None:
        response = client.post("/webhooks/whatsapp", data=fixture_bytes("text.json"), content_type="application/json")
        assert response.status_code == 403
        assert response.json()["error"] == "invalid_signature"
        assert not ProcessedMessage.objects.exists()
        assert not Customer.objects.exists()
        assert SystemEvent.objects.filter(type="signature_failure").count() == 1

    def test_wrong_signature_is_403(self, client: Client) -> None:
        raw = fixture_bytes("text.json")
        response = post_signed(client, raw, secret="not-the-secret")
        assert response.status_code == 403
        assert not TranscriptMessage.objects.exists()

    def test_signature_over_re_serialised_json_is_refused(self, client: Client) -> None:
        raw = fixture_bytes("text.json")
        compact = json.dumps(json.loads(raw)).encode()
        response = client.post(
            "/webhooks/whatsapp", data=raw, content_type="application/json",
            headers={"X-Hub-Signature-256": sign(SECRET, compact)},
        )  # fmt: skip
        assert response.status_code == 403

    def test_no_secret_configured_refuses_everything(self, client: Client, settings) -> None:
        settings.WHATSAPP_APP_SECRET = ""
        assert post_signed(client, fixture_bytes("text.json"), secret="").status_code == 403


class TestBadBodies:
    @pytest.mark.parametrize(
        "raw",
        [
            b"not json",
            b"\xff\xfe",
            b"[]",
            b'{"object": "page", "entry": []}',
            b'{"object": "whatsapp_business_account", "entry": {}}',
            b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": []}]}]}',
            b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"messages": [{"id": "x"}]}}]}]}',  # noqa: E501
            json.dumps(
                body_for("447700900123", {"from": "447700900123", "id": "m", "timestamp": "soon", "type": "text"})
            ).encode(),
            json.dumps(body_for("447700900123", {"from": "bob", "id": "m", "timestamp": "1", "type": "text"})).encode(),
        ],
    )
    def test_400_and_nothing_stored(self, client: Client, raw: bytes) -> None:
        response = post_signed(client, raw)
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_payload"
        assert not ProcessedMessage.objects.exists()
        assert not Customer.objects.exists()


class TestFixtures:
    def post(self, client: Client, name: str):
        return post_signed(client, fixture_bytes(name))

    def test_text(self, client: Client) -> None:
        response = self.post(client, "text.json")
        assert response.status_code == 200
        assert response.json() == {"received": True, "queued": 1, "duplicate": False}
        row = ProcessedMessage.objects.get(message_id="wamid.xyzxyz")
        assert (row.state, row.payload, row.wa_id) == ("processed", {}, "")  # processed rows keep no content
        assert Lead.objects.get().status == "qualifying"
        customer = Customer.objects.get()
        assert (customer.wa_id, customer.profile_name) == ("+972987654321", "Test Name")
        assert TranscriptMessage.objects.filter(direction="in", text="Body Text").count() == 1
        assert OutboundMessage.objects.filter(to="+972987654321").count() == 2  # welcome + first question

    def test_contacts_profile_name(self, client: Client) -> None:
        assert self.post(client, "contacts_profile_name.json").status_code == 200
        assert Customer.objects.get().profile_name == "Sheena Nelson"

    @pytest.mark.parametrize(
        "name", ["interactive_button_reply.json", "interactive_list_reply.json", "button_quick_reply.json"]
    )
    def test_replies_count_as_text(self, client: Client, name: str) -> None:
        assert self.post(client, name).status_code == 200
        message = TranscriptMessage.objects.get(direction="in")
        assert message.text == "title"
        assert Lead.objects.get().status == "qualifying"

    @pytest.mark.parametrize("name", ["image_with_caption.json", "image_with_url.json"])
    def test_images_are_kept_as_reference_media(self, client: Client, name: str) -> None:
        assert self.post(client, name).status_code == 200
        media = ReferenceMedia.objects.get()
        assert (media.media_id, media.media_type, media.mime_type) == ("65463453", "image", "image/jpeg")
        if name == "image_with_caption.json":
            assert TranscriptMessage.objects.get(direction="in").text == "caption"

    @pytest.mark.parametrize(
        "name",
        [
            "location.json",
            "location_named.json",
            "reaction.json",
            "reaction_removed.json",
            "shared_contacts_message.json",
            "unsupported.json",
            "unsupported_no_subtype.json",
        ],
    )
    def test_odd_types_are_stored_and_get_please_type(self, client: Client, name: str) -> None:
        assert self.post(client, name).status_code == 200
        assert TranscriptMessage.objects.filter(direction="in").count() == 1
        (reply,) = OutboundMessage.objects.all()
        assert "Please type" in reply.text

    @pytest.mark.parametrize(
        ("name", "state"),
        [
            ("statuses_sent.json", "sent"),
            ("statuses_delivered.json", "delivered"),
            ("statuses_read.json", "read"),
            ("statuses_failed.json", "failed"),
            ("statuses_failed_131047.json", "failed"),
        ],
    )
    def test_statuses_update_the_outbox_row(self, client: Client, name: str, state: str) -> None:
        wamid = json.loads(fixture_bytes(name))["entry"][0]["changes"][0]["value"]["statuses"][0]["id"]
        row = OutboundMessage.objects.create(
            idempotency_key="k", to="+972987654321", wamid=wamid, state="sending", due_at="2026-01-01T00:00Z"
        )
        response = self.post(client, name)
        assert response.status_code == 200
        row.refresh_from_db()
        assert row.state == state
        if name == "statuses_failed_131047.json":
            assert row.error_code == "131047"
        if name == "statuses_failed.json":
            assert row.error_code == "130472"

    def test_unknown_status_ids_are_ignored_with_200(self, client: Client) -> None:
        response = self.post(client, "statuses_read.json")
        assert response.status_code == 200
        assert response.json() == {"received": True, "queued": 0, "duplicate": False}


def test_statuses_never_move_backwards(client: Client) -> None:
    OutboundMessage.objects.create(
        idempotency_key="k", to="+1", wamid="wamid.w1", state="sent", due_at="2026-01-01T00:00Z"
    )

    for value in ["read", "delivered", "sent"]:
        assert post_signed(client, status_body("wamid.w1", value)).status_code == 200
    assert OutboundMessage.objects.get().state == "read"


def test_duplicate_delivery_is_skipped(client: Client) -> None:
    raw = fixture_bytes("text.json")
    assert post_signed(client, raw).status_code == 200
    again = post_signed(client, raw)
    assert again.status_code == 200
    assert again.json() == {"received": True, "queued": 0, "duplicate": True}
    assert ProcessedMessage.objects.count() == 1
    assert OutboundMessage.objects.count() == 2


def test_every_entry_and_change_is_read(client: Client) -> None:
    def message(i: int) -> dict[str, object]:
        return {
            "from": "447700900123",
            "id": f"wamid.multi.{i}",
            "timestamp": str(1700000000 + i),
            "type": "text",
            "text": {"body": f"m{i}"},
        }

    first, second, third = (body_for("447700900123", message(i)) for i in range(3))
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "1", "changes": [first["entry"][0]["changes"][0], second["entry"][0]["changes"][0]]},
            {"id": "2", "changes": third["entry"][0]["changes"]},
        ],
    }
    response = post_signed(client, body)
    assert response.status_code == 200
    assert response.json()["queued"] == 3
    assert list(ProcessedMessage.objects.order_by("id").values_list("message_id", flat=True)) == [
        "wamid.multi.0",
        "wamid.multi.1",
        "wamid.multi.2",
    ]
    assert list(TranscriptMessage.objects.filter(direction="in").order_by("id").values_list("text", flat=True)) == [
        "m0",
        "m1",
        "m2",
    ]


def test_out_of_order_message_is_stored_but_not_run(ana) -> None:
    ana.says("hi", timestamp=1700000100)
    ana.says("a rose", timestamp=1700000200)
    assert ana.lead.current_question == "placement"
    late = ana.says("an older message", timestamp=1700000150)
    assert late == []
    assert ana.lead.current_question == "placement"
    stored = TranscriptMessage.objects.get(text="an older message")
    assert stored.processed is False


def test_a_follow_up_in_the_same_second_is_not_out_of_order(ana) -> None:
    ana.says("hi", timestamp=1700000100)
    ana.says("a rose", timestamp=1700000100)
    assert ana.lead.current_question == "placement"


def test_artist_messages_never_start_a_lead(client: Client) -> None:
    message = {
        "from": "447700900999",
        "id": "wamid.artist.1",
        "timestamp": "1700000000",
        "type": "text",
        "text": {"body": "hello"},
    }
    response = post_signed(client, body_for("447700900999", message))
    assert response.status_code == 200
    assert response.json()["queued"] == 1
    assert not Lead.objects.exists()
    assert ProcessedMessage.objects.filter(message_id="wamid.artist.1").exists()


def test_pilot_mode_stores_and_replies_once_per_cooldown(client: Client, ana) -> None:
    from leads.models import StudioSettings

    StudioSettings.objects.filter(pk=1).update(pilot_mode=True, pilot_allow_list="+447700900777")
    first = ana.says("hello")
    assert len(first) == 1
    assert "isn't open" in first[0]
    assert ana.says("hello again") == []
    assert not Lead.objects.exists()
    assert TranscriptMessage.objects.filter(direction="in").count() == 2

    from tests.conversations.chat import Customer as Chat

    allowed = Chat(client, phone="+447700900777")
    assert len(allowed.says("hi")) == 2  # welcome + first question

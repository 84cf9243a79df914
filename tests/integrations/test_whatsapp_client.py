"""The WhatsApp Cloud API client against a fake Meta on 127.0.0.1: the bodies it builds (checked
against Meta's own payloads), its requests, and Meta's errors as typed errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from integrations.whatsapp.cloud import CloudBackend
from integrations.whatsapp.errors import OutsideWindow, WhatsAppError
from integrations.whatsapp.messages import build_body, buttons_body, document_body, list_body, template_body, text_body
from tests.fakes.meta import FakeMeta
from tests.paths import FIXTURES as SHARED_FIXTURES

OUTBOUND = SHARED_FIXTURES / "whatsapp" / "outbound"
TOKEN = "EAAB-test-token"
PHONE_ID = "1122334455"


def fixture(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((OUTBOUND / name).read_text())
    return data


@pytest.fixture
def meta() -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    yield fake
    fake.stop()


def backend(meta: FakeMeta) -> CloudBackend:
    return CloudBackend(base_url=meta.base_url, phone_number_id=PHONE_ID, token=TOKEN)


class TestBodies:
    """The bodies we build are Meta's request syntax, field for field."""

    def test_text(self) -> None:
        assert text_body("+16505550123", "Thanks! What size and placement are you thinking of?") == fixture(
            "send_text.request.json"
        )

    def test_buttons(self) -> None:
        buttons = [
            {"id": "design_yes", "title": "Yes, I have one"},
            {"id": "design_help", "title": "Need help"},
            {"id": "design_flash", "title": "Show flash"},
        ]
        body = buttons_body("16505550123", "Do you already have a design in mind?", buttons, "Tap one option")
        assert body == fixture("send_reply_buttons.request.json")

    def test_list(self) -> None:
        sections = [
            {
                "title": "Arms",
                "rows": [
                    {"id": "place_forearm", "title": "Forearm", "description": "Inner or outer forearm"},
                    {"id": "place_upper_arm", "title": "Upper arm"},
                ],
            },
            {
                "title": "Other",
                "rows": [{"id": "place_back", "title": "Back"}, {"id": "place_other", "title": "Somewhere else"}],
            },
        ]
        body = list_body(
            "16505550123", "Where would the tattoo go?", "Choose placement", sections, "Placement", "Pick one"
        )
        assert body == fixture("send_list.request.json")

    def test_template(self) -> None:
        body = template_body("16505550123", "deposit_reminder", "en_US", ["Sheena", "Friday 14:00"])
        assert body == fixture("send_template.request.json")

    def test_document(self) -> None:
        """Meta's document by link (Cloud API, "Send a document message")."""
        link = "https://studio.test/c/12.1:abc.ics"
        expected = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "16505550123",
            "type": "document",
            "document": {"link": link, "filename": "appointment.ics", "caption": "Thu 3 Dec, 13:00"},
        }
        assert document_body("+16505550123", link, "appointment.ics", "Thu 3 Dec, 13:00") == expected
        stored = {"link": link, "filename": "appointment.ics"}
        assert build_body("+16505550123", "document", "Thu 3 Dec, 13:00", stored) == expected
        assert "caption" not in build_body("+16505550123", "document", "", stored)["document"]


class TestClient:
    def test_send_posts_with_bearer_auth_and_returns_the_wamid(self, meta: FakeMeta) -> None:
        wamid = backend(meta).send(text_body("447700900123", "hi"))
        assert wamid.startswith("wamid.fake.")
        (request,) = meta.requests
        assert (request.method, request.path) == ("POST", f"/v21.0/{PHONE_ID}/messages")
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Content-Type"] == "application/json"
        assert request.body == text_body("447700900123", "hi")

    def test_mark_read_posts_meta_s_receipt_body(self, meta: FakeMeta) -> None:
        backend(meta).mark_read("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJC")
        (request,) = meta.requests
        assert (request.method, request.path) == ("POST", f"/v21.0/{PHONE_ID}/messages")
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.body == {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJC",
        }

    def test_mark_read_without_meta_s_success_is_an_error(self, meta: FakeMeta, monkeypatch) -> None:
        client = backend(meta)
        monkeypatch.setattr(client.client, "json", lambda *a, **kw: {"success": False})
        with pytest.raises(WhatsAppError, match="did not confirm"):
            client.mark_read("wamid.x")

    def test_mark_read_errors_are_typed_and_its_timeouts_short(self, meta: FakeMeta, monkeypatch) -> None:
        from tests.fakes.meta import Scripted

        meta.receipt_failure = Scripted(400, code=100)
        with pytest.raises(WhatsAppError) as caught:
            backend(meta).mark_read("wamid.x")
        assert caught.value.code == "100"
        seen: list[object] = []
        client = backend(meta)
        real = client.client.session.request

        def recording(*args: Any, **kwargs: Any) -> Any:
            seen.append(kwargs["timeout"])
            return real(*args, **kwargs)

        monkeypatch.setattr(client.client.session, "request", recording)
        meta.receipt_failure = None
        client.mark_read("wamid.y")
        client.send(text_body("447700900123", "hi"))
        assert seen == [(2.0, 5.0), (5.0, 20.0)]  # a receipt never holds a worker as long as a send may

    @pytest.mark.parametrize(
        ("status", "code", "permanent", "window"),
        [
            (500, None, False, False),
            (503, 131000, False, False),
            (429, 130429, False, False),
            (400, 131056, False, False),
            (400, 131047, True, True),
            (400, 470, True, True),
            (400, 131026, True, False),
            (401, 190, True, False),
        ],
    )
    def test_meta_errors_become_typed_errors(
        self, meta: FakeMeta, status: int, code, permanent: bool, window: bool
    ) -> None:
        meta.fail_next(status, code)
        with pytest.raises(WhatsAppError) as raised:
            backend(meta).send(text_body("447700900123", "hi"))
        assert raised.value.permanent is permanent
        assert isinstance(raised.value, OutsideWindow) is window
        assert raised.value.code == (str(code) if code is not None else "")

    def test_a_slow_meta_is_a_transient_timeout(self, meta: FakeMeta) -> None:
        from integrations.whatsapp.http import GraphClient

        meta.fail_next(200, delay=1.0)
        client = GraphClient(meta.base_url, TOKEN, timeout=(1.0, 0.2))
        with pytest.raises(WhatsAppError) as raised:
            CloudBackend(base_url=meta.base_url, phone_number_id=PHONE_ID, token=TOKEN, client=client).send(
                text_body("1", "x")
            )
        assert (raised.value.permanent, raised.value.code) == (False, "network")

    def test_the_environments_proxy_is_read_once_and_used(self, meta: FakeMeta, monkeypatch) -> None:
        """The session reads HTTP(S)_PROXY / NO_PROXY when it is made, not on every call; a proxy set
        in the environment still carries the calls (here the fake answers as the proxy)."""
        proxy = meta.base_url.removesuffix("/v21.0")
        for name in ("HTTP_PROXY", "http_proxy"):
            monkeypatch.setenv(name, proxy)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        remote = CloudBackend(base_url="http://graph.example.test/v21.0", phone_number_id=PHONE_ID, token=TOKEN)
        assert remote.send(text_body("1", "via the proxy")).startswith("wamid.fake.")
        assert meta.requests[-1].path == f"http://graph.example.test/v21.0/{PHONE_ID}/messages"
        assert remote.client.session.trust_env is False  # nothing looked up per call
        assert remote.client.other_hosts.trust_env is True  # media hosts: the proxy rules for their own host

        monkeypatch.setenv("NO_PROXY", "graph.example.test")
        monkeypatch.setenv("no_proxy", "graph.example.test")
        bypass = CloudBackend(base_url="http://graph.example.test/v21.0", phone_number_id=PHONE_ID, token=TOKEN)
        assert bypass.client.session.proxies == {}

    def test_network_error_is_transient(self) -> None:
        with pytest.raises(WhatsAppError) as raised:
            CloudBackend(base_url="http://127.0.0.1:9", phone_number_id="1", token="t").send(text_body("1", "x"))
        assert (raised.value.permanent, raised.value.code) == (False, "network")

    def test_media_metadata_and_download(self, meta: FakeMeta) -> None:
        meta.media["m1"] = (b"\x89PNG fake", "image/png")
        info = backend(meta).media_info("m1")
        assert info.mime_type == "image/png"
        assert info.file_size == 9
        data, content_type = backend(meta).media_download(info.url)
        assert (data, content_type) == (b"\x89PNG fake", "image/png")
        assert [r.path for r in meta.requests] == ["/v21.0/m1", "/download/m1"]
        assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in meta.requests)

    def test_media_over_the_limit_is_refused(self, meta: FakeMeta) -> None:
        meta.media["big"] = (b"x" * 2048, "image/jpeg")
        info = backend(meta).media_info("big")
        with pytest.raises(WhatsAppError) as raised:
            backend(meta).media_download(info.url, max_bytes=1024)
        assert (raised.value.code, raised.value.permanent) == ("too_large", True)

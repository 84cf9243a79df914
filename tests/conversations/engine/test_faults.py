"""A fault loses nothing: the message rolls back, Meta's retry processes it cleanly."""

from __future__ import annotations

import pytest
from django.test import Client

from conversations.engine.orchestrator import run_turn
from conversations.models import OutboundMessage, ProcessedMessage, TranscriptMessage
from leads.models import Customer, Lead
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import body_for, post_signed


def test_engine_exception_is_500_and_stores_nothing_then_the_retry_succeeds(client: Client, monkeypatch) -> None:
    chat = Chat(client)
    body = body_for(chat.phone.lstrip("+"), chat.message("text", text={"body": "hello"}))
    real = run_turn
    calls = {"n": 0}

    def flaky(turn):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("engine blew up")
        return real(turn)

    monkeypatch.setattr("conversations.engine.inbound_processing.run_turn", flaky)
    failed = post_signed(client, body)
    assert failed.status_code == 500
    assert failed.json()["error"] == "processing_failed"
    for model in (ProcessedMessage, Customer, Lead, TranscriptMessage, OutboundMessage):
        assert not model.objects.exists(), model

    retried = post_signed(client, body)
    assert retried.status_code == 200
    assert retried.json()["conversation"][0]["step"] == "idea"
    assert ProcessedMessage.objects.count() == 1
    assert OutboundMessage.objects.count() == 2


def test_a_failure_mid_body_keeps_the_earlier_messages_and_retries_the_rest(client: Client, monkeypatch) -> None:
    chat = Chat(client)
    first = chat.message("text", text={"body": "hello"})
    second = chat.message("text", text={"body": "a rose"})
    body = body_for(chat.phone.lstrip("+"), first)
    body["entry"][0]["changes"][0]["value"]["messages"].append(second)
    real = run_turn

    def fail_on_rose(turn):
        if turn.message.text == "a rose" and not getattr(fail_on_rose, "done", False):
            fail_on_rose.done = True  # type: ignore[attr-defined]
            raise RuntimeError("boom")
        return real(turn)

    monkeypatch.setattr("conversations.engine.inbound_processing.run_turn", fail_on_rose)
    assert post_signed(client, body).status_code == 500
    assert ProcessedMessage.objects.count() == 1
    retried = post_signed(client, body)
    assert retried.status_code == 200
    items = retried.json()["conversation"]
    assert items[0] == {"message_id": first["id"], "duplicate": True}
    assert items[1]["step"] == "placement"


@pytest.mark.parametrize("kind", ["sticker", "audio"])
def test_please_type_once_per_cooldown(client: Client, kind: str) -> None:
    chat = Chat(client)
    chat.says("hi")

    def odd(media_id: str) -> dict[str, object]:
        message = chat.message(kind)
        message[kind] = {"id": media_id}
        return message

    assert len(chat.send_message(odd("x1"))) == 1
    assert chat.send_message(odd("x2")) == []

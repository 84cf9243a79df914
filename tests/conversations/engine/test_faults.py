"""A fault loses nothing: the message rolls back, the inbox retries it; after five tries it fails alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conversations.engine.inbox import inbox_drain, inbox_sweep
from conversations.engine.orchestrator import run_turn
from conversations.models import OutboundMessage, ProcessedMessage, TranscriptMessage
from leads.models import Customer, Lead, SystemEvent
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages, body_for, post_signed


def _after(seconds: float):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def test_an_engine_exception_is_200_to_meta_rolls_the_message_back_and_the_retry_succeeds(
    client: Client, monkeypatch
) -> None:
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
    response = post_signed(client, body)
    assert response.status_code == 200  # Meta never sees an engine problem
    assert response.json() == {"received": True, "queued": 1, "duplicate": False}
    row = ProcessedMessage.objects.get()
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "RuntimeError: engine blew up")
    for model in (Customer, Lead, TranscriptMessage, OutboundMessage):
        assert not model.objects.exists(), model  # the message's transaction rolled back whole
    assert post_signed(client, body).json() == {"received": True, "queued": 0, "duplicate": True}
    with _after(6):
        inbox_drain()  # its retry is due
    row.refresh_from_db()
    assert row.state == "processed"
    assert OutboundMessage.objects.count() == 2


def test_a_failure_mid_body_keeps_the_earlier_messages_and_holds_the_later_ones(client: Client, monkeypatch) -> None:
    chat = Chat(client)
    first = chat.message("text", text={"body": "hello"})
    second = chat.message("text", text={"body": "a rose"})
    third = chat.message("text", text={"body": "my forearm"})
    body = body_for(chat.phone.lstrip("+"), first)
    body["entry"][0]["changes"][0]["value"]["messages"] += [second, third]
    real = run_turn

    def fail_on_rose(turn):
        if turn.message.text == "a rose" and not getattr(fail_on_rose, "done", False):
            fail_on_rose.done = True  # type: ignore[attr-defined]
            raise RuntimeError("boom")
        return real(turn)

    monkeypatch.setattr("conversations.engine.inbound_processing.run_turn", fail_on_rose)
    assert post_signed(client, body).json()["queued"] == 3
    states = dict(ProcessedMessage.objects.values_list("message_id", "state"))
    assert states == {first["id"]: "processed", second["id"]: "pending", third["id"]: "pending"}
    with _after(6):
        inbox_drain()
    assert set(ProcessedMessage.objects.values_list("state", flat=True)) == {"processed"}
    lead = chat.lead
    assert (lead.idea, lead.placement) == ("a rose", "forearm")  # in order, after the retry


def test_five_failures_fail_the_message_tell_the_artist_and_the_next_one_goes_on(client: Client, monkeypatch) -> None:
    chat = Chat(client)
    chat.says("hi")
    real = run_turn

    def never_a_rose(turn):
        if turn.message.text == "a rose":
            raise RuntimeError("always")
        return real(turn)

    monkeypatch.setattr("conversations.engine.inbound_processing.run_turn", never_a_rose)
    rose = chat.message("text", text={"body": "a rose"})
    wolf = chat.message("text", text={"body": "a wolf"})
    body = body_for(chat.phone.lstrip("+"), rose)
    body["entry"][0]["changes"][0]["value"]["messages"].append(wolf)
    post_signed(client, body)
    for seconds in (6, 20, 45, 90, 200):
        with _after(seconds):
            inbox_drain()
    row = ProcessedMessage.objects.get(message_id=rose["id"])
    assert (row.state, row.attempts) == ("failed", 5)
    assert row.payload["message"]["text"]["body"] == "a rose"  # kept for ops
    assert SystemEvent.objects.filter(type="inbox_failed").count() == 1
    assert any("could not be processed" in text for text in artist_messages())
    assert ProcessedMessage.objects.get(message_id=wolf["id"]).state == "processed"
    assert chat.lead.idea == "a wolf"


def test_the_sweeper_dispatches_pending_messages_older_than_30_seconds(client: Client) -> None:
    chat = Chat(client)
    post_signed(client, body_for(chat.phone.lstrip("+"), chat.message("text", text={"body": "hi"})), process=False)
    assert inbox_sweep() == 0  # too young: its own task is on its way
    with _after(31):
        assert inbox_sweep() == 1  # eager in tests: processed now
    assert ProcessedMessage.objects.get().state == "processed"
    assert len(chat.replies()) == 2


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_broker_down_at_commit_loses_nothing_the_sweeper_processes_it(client: Client, monkeypatch) -> None:
    chat = Chat(client)

    def broker_down(name: str, *args: object, **kwargs: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr("conversations.engine.inbox.send_task_now", broker_down)
    body = body_for(chat.phone.lstrip("+"), chat.message("text", text={"body": "hi"}))
    response = post_signed(client, body, process=False)
    assert response.json() == {"received": True, "queued": 1, "duplicate": False}  # stored before the 200
    row = ProcessedMessage.objects.get()
    assert row.state == "pending"
    monkeypatch.undo()
    with _after(31):
        assert inbox_sweep() == 1
    row.refresh_from_db()
    assert row.state == "processed"
    assert len(chat.replies()) == 2

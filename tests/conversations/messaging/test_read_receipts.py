"""Read receipts: each processed message a person sent is marked read at Meta, once, after the
turn's replies; never the artist's echoes or the sandbox's; a failure is logged and changes nothing."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from conversations.engine.inbox import inbox_drain
from conversations.messaging.backend import console_backend
from conversations.messaging.sending import outbound_send_queue
from conversations.models import InboxState, ProcessedMessage
from leads.models import Customer, Lead
from tests.conversations.chat import ARTIST, post_signed
from tests.conversations.chat import Customer as Chat
from tests.conversations.engine.test_echoes import echo_body
from tests.fakes.meta import FakeMeta, Recorded, Scripted

pytestmark = pytest.mark.django_db


def receipt_requests(fake: FakeMeta) -> list[Recorded]:
    """Every read-receipt call Meta got, whatever it answered."""
    return [r for r in fake.requests if r.body.get("status") == "read"]


def test_a_processed_message_is_marked_read_with_meta_s_body(ana: Chat, cloud_meta: FakeMeta) -> None:
    message = ana.message("text", text={"body": "hi, I'd like a tattoo"})
    ana.send_message(message)
    assert cloud_meta.read_receipts() == [message["id"]]
    [receipt] = receipt_requests(cloud_meta)
    assert receipt.method == "POST"
    assert receipt.path == "/v21.0/123/messages"
    assert receipt.body == {"messaging_product": "whatsapp", "status": "read", "message_id": message["id"]}
    outbound_send_queue(to=ana.phone)
    assert len(cloud_meta.sent()) == 2  # the welcome and the first question: receipts are not messages


def test_every_message_gets_its_own_receipt_in_order(ana: Chat, cloud_meta: FakeMeta) -> None:
    messages = [ana.message("text", text={"body": text}) for text in ("hi", "a rose", "on my arm")]
    for message in messages:
        ana.send_message(message)
    assert cloud_meta.read_receipts() == [m["id"] for m in messages]


def test_a_duplicate_delivery_is_not_marked_twice(ana: Chat, cloud_meta: FakeMeta) -> None:
    message = ana.message("text", text={"body": "hi"})
    ana.send_message(message)
    ana.send_message(message)  # Meta retries its webhook: stored once, processed once
    assert cloud_meta.read_receipts() == [message["id"]]


def test_a_username_only_customer_s_message_is_marked_by_its_id(client: Client, cloud_meta: FakeMeta) -> None:
    from tests.conversations.engine.test_identity import USER_ID, _send

    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    [read] = cloud_meta.read_receipts()
    assert read.startswith("wamid.")
    [receipt] = receipt_requests(cloud_meta)
    assert receipt.body.keys() == {"messaging_product", "status", "message_id"}  # Meta finds the chat by the id


def test_the_artist_s_echo_is_not_marked_read(client: Client, ana: Chat, cloud_meta: FakeMeta) -> None:
    ana.says("hi")
    response = post_signed(client, echo_body("I'll take it from here", to=ana.phone))
    assert response.status_code == 200
    assert len(cloud_meta.read_receipts()) == 1  # ana's "hi" only


def test_the_artist_s_own_message_to_the_number_is_marked_read(client: Client, cloud_meta: FakeMeta) -> None:
    artist = Chat(client, phone=ARTIST, name="The Artist")
    message = artist.message("text", text={"body": "morning"})
    artist.send_message(message)
    assert cloud_meta.read_receipts() == [message["id"]]


def test_the_sandbox_is_never_marked_read_at_meta(ana: Chat, cloud_meta: FakeMeta) -> None:
    ana.says("hi")
    Customer.objects.filter(wa_id=ana.phone).update(is_sandbox=True)
    ana.says("a rose")
    assert len(cloud_meta.read_receipts()) == 1


def test_a_failed_receipt_is_logged_and_changes_nothing(ana: Chat, cloud_meta: FakeMeta, caplog) -> None:
    cloud_meta.receipt_failure = Scripted(500, code=1)
    message = ana.message("text", text={"body": "hi, I'd like a tattoo"})
    with caplog.at_level(logging.WARNING, logger="conversations.messaging.receipts"):
        replies = ana.send_message(message)
    assert len(replies) == 2  # the turn ran as ever
    assert ProcessedMessage.objects.get(message_id=message["id"]).state == InboxState.PROCESSED
    assert Lead.objects.get().status == "qualifying"
    [receipt] = receipt_requests(cloud_meta)
    assert receipt.status == 500
    assert cloud_meta.read_receipts() == []
    assert f"read receipt for {message['id']} not sent" in caplog.text
    inbox_drain()  # nothing is retried: a lost receipt costs two grey ticks, not a worker's time
    assert len(receipt_requests(cloud_meta)) == 1
    outbound_send_queue(to=ana.phone)
    assert len(cloud_meta.sent()) == 2


def test_meta_unreachable_costs_no_message(ana: Chat, settings) -> None:
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_BASE_URL = "http://127.0.0.1:9/v21.0"  # nothing listens
    settings.WHATSAPP_ACCESS_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = "t", "123"
    message = ana.message("text", text={"body": "hi"})
    assert len(ana.send_message(message)) == 2
    assert ProcessedMessage.objects.get(message_id=message["id"]).state == InboxState.PROCESSED


def test_a_message_that_fails_is_marked_read_only_once_it_is_processed(
    ana: Chat, cloud_meta: FakeMeta, monkeypatch
) -> None:
    def broken(turn):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr("conversations.engine.inbound_processing.run_turn", broken)
    message = ana.message("text", text={"body": "hi"})
    ana.send_message(message)
    assert ProcessedMessage.objects.get(message_id=message["id"]).state == InboxState.PENDING
    assert cloud_meta.read_receipts() == []

    monkeypatch.undo()
    ProcessedMessage.objects.filter(message_id=message["id"]).update(next_attempt_at=None)
    inbox_drain()
    assert cloud_meta.read_receipts() == [message["id"]]


def test_receipts_can_be_turned_off(ana: Chat, cloud_meta: FakeMeta, settings) -> None:
    settings.WHATSAPP_READ_RECEIPTS = False
    ana.says("hi")
    assert cloud_meta.read_receipts() == []
    outbound_send_queue(to=ana.phone)
    assert len(cloud_meta.sent()) == 2


def test_the_console_backend_records_them(ana: Chat) -> None:
    message = ana.message("text", text={"body": "hi"})
    ana.send_message(message)
    assert console_backend().read[-1] == message["id"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_receipt_follows_the_replies_after_the_commit(ana: Chat, cloud_meta: FakeMeta) -> None:
    """Outside a test's transaction the worker sends the turn's replies itself, then the receipt:
    the blue ticks never hold up an answer."""
    message = ana.message("text", text={"body": "hi, I'd like a tattoo"})
    ana.send_message(message)
    posts = [r for r in cloud_meta.requests if r.method == "POST"]
    assert ["status" in r.body for r in posts] == [False, False, True]
    assert posts[-1].body["message_id"] == message["id"]

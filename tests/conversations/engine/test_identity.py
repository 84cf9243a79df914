"""Customers by number and/or Meta's business-scoped user id (usernames): one person, one customer,
replies addressed the way Meta can deliver them."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conversations.engine.inbox import inbox_drain
from conversations.erasure import customer_erase
from conversations.messaging.sending import outbound_send_queue
from conversations.models import OutboundMessage, ProcessedMessage
from integrations.whatsapp.messages import build_body
from leads.api.serializers import LeadListSerializer
from leads.models import Customer, Lead
from leads.models.customer import hash_phone, hash_user_id
from leads.sheet_mirror import lead_row
from tests.conversations.chat import post_signed
from tests.fakes.meta import FakeMeta
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db

USER_ID = "US.13491208655302741918"
PHONE = "+16505550188"
_clock = count(1_795_000_000, 10)


def _body(text: str, *, phone: str = "", user_id: str = "", username: str = "realsheenanelson") -> dict[str, Any]:
    """Meta's body for one text message: the number and/or the user id, as Meta would send them."""
    body: dict[str, Any] = json.loads((FIXTURES / "whatsapp" / "username_only_text.json").read_text())
    value = body["entry"][0]["changes"][0]["value"]
    contact, message = value["contacts"][0], value["messages"][0]
    message.update(id=f"wamid.identity.{uuid.uuid4().hex}", timestamp=str(next(_clock)), text={"body": text})
    for part in (contact, message):
        for key in ("user_id", "from_user_id", "parent_user_id", "from_parent_user_id"):
            part.pop(key, None)
    contact["profile"]["username"] = username
    if user_id:
        contact["user_id"], message["from_user_id"] = user_id, user_id
    if phone:
        contact["wa_id"], message["from"] = phone.lstrip("+"), phone.lstrip("+")
    return body


def _send(client: Client, text: str, **who: str) -> None:
    response = post_signed(client, _body(text, **who))
    assert response.status_code == 200, response.content


def test_phone_only_then_both_then_the_user_id_alone_is_one_customer(client: Client) -> None:
    _send(client, "Hi I'd like a tattoo", phone=PHONE)
    _send(client, "a fine-line swallow", phone=PHONE, user_id=USER_ID)
    _send(client, "forearm", user_id=USER_ID)
    [customer] = Customer.objects.all()
    assert (customer.wa_id, customer.user_id, customer.username) == (PHONE, USER_ID, "realsheenanelson")
    assert customer.phone_hash == hash_phone(PHONE)
    assert customer.user_id_hash == hash_user_id(USER_ID)
    [lead] = Lead.objects.all()
    assert (lead.idea, lead.placement) == ("a fine-line swallow", "forearm")
    assert set(ProcessedMessage.objects.values_list("state", flat=True)) == {"processed"}
    # The customer has a number: every reply, whichever way the message came, goes to the number.
    assert set(OutboundMessage.objects.values_list("to", flat=True)) == {PHONE}


def test_the_user_id_first_then_a_message_with_both_links_the_number(client: Client) -> None:
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    _send(client, "a fine-line swallow", phone=PHONE, user_id=USER_ID)
    [customer] = Customer.objects.all()
    assert (customer.wa_id, customer.user_id) == (PHONE, USER_ID)
    assert Lead.objects.get().idea == "a fine-line swallow"


def test_a_username_only_customer_qualifies_and_is_answered_by_user_id(client: Client, settings) -> None:
    for text in ("Hi I'd like a tattoo", "a fine-line swallow", "forearm", "10x15 cm", "blackwork", "skip"):
        _send(client, text, user_id=USER_ID)
    customer = Customer.objects.get()
    assert customer.wa_id is None
    assert customer.phone_hash is None
    assert str(customer) == "Sheena Nelson (@realsheenanelson)"
    lead = Lead.objects.get()
    assert lead.status == "qualifying"
    assert (lead.idea, lead.placement) == ("a fine-line swallow", "forearm")
    assert lead.size_width_cm == 10
    rows = list(OutboundMessage.objects.filter(customer=customer).order_by("id"))
    assert len(rows) >= 6
    assert {row.to for row in rows} == {USER_ID}
    body = build_body(rows[0].to, rows[0].kind, rows[0].text, rows[0].payload)
    assert body["recipient"] == USER_ID
    assert "to" not in body  # Meta: ``to`` wins when both are set


def test_an_erased_username_customer_keeps_only_the_hash_and_is_recognised(client: Client) -> None:
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    customer = Customer.objects.get()
    customer_erase(customer=customer, now=timezone.now())
    customer.refresh_from_db()
    assert (customer.user_id, customer.username, customer.wa_id) == (None, "", None)
    assert customer.user_id_hash == hash_user_id(USER_ID)
    _send(client, "hello again", user_id=USER_ID)
    [again] = Customer.objects.all()
    assert again.pk == customer.pk
    assert again.opted_out
    assert again.user_id is None  # nothing given back until the customer writes START


@pytest.fixture
def meta(settings) -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_BASE_URL = fake.base_url
    settings.WHATSAPP_ACCESS_TOKEN = "t"
    settings.WHATSAPP_PHONE_NUMBER_ID = "123"
    yield fake
    fake.stop()


def test_replies_to_a_username_only_customer_reach_meta_with_recipient(client: Client, meta: FakeMeta) -> None:
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    outbound_send_queue(to=USER_ID)  # what the worker did already, if anything is left
    posted = meta.sent()
    assert len(posted) == 2  # the welcome and the first question
    assert all(body.get("recipient") == USER_ID for body in posted)
    assert all("to" not in body for body in posted)
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_a_message_with_neither_a_number_nor_a_user_id_is_refused_and_stores_nothing(client: Client) -> None:
    body = _body("hi", user_id=USER_ID)
    broken = copy.deepcopy(body)
    value = broken["entry"][0]["changes"][0]["value"]
    value["messages"][0].pop("from_user_id")
    value["contacts"][0].pop("user_id")
    response = post_signed(client, broken)
    assert response.status_code == 400
    assert not ProcessedMessage.objects.exists()
    inbox_drain()
    assert not Customer.objects.exists()


def test_where_there_is_no_number_the_api_and_the_sheet_show_the_username(client: Client) -> None:
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    lead = Lead.objects.select_related("customer").get()
    data = LeadListSerializer(lead).data
    assert (data["phone"], data["user_id"], data["username"]) == (None, USER_ID, "realsheenanelson")
    assert lead_row(lead, "Europe/London")[5] == "@realsheenanelson"  # the sheet's phone column


def _user_id_update(previous: str, current: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / "whatsapp" / "user_id_update.json").read_text())
    body["entry"][0]["changes"][0]["value"]["user_id_update"][0]["user_id"] = {"previous": previous, "current": current}
    return body


def test_a_user_id_update_re_keys_the_customer_and_the_next_message_finds_it(client: Client) -> None:
    new_id = "US.10000000000000000001"
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    response = post_signed(client, _user_id_update(USER_ID, new_id))
    assert response.status_code == 200
    assert response.json() == {"received": True, "queued": 0, "duplicate": False}
    customer = Customer.objects.get()
    assert (customer.user_id, customer.user_id_hash) == (new_id, hash_user_id(new_id))
    _send(client, "a fine-line swallow", user_id=new_id)
    assert Customer.objects.count() == 1
    assert Lead.objects.get().idea == "a fine-line swallow"
    latest = OutboundMessage.objects.filter(customer=customer).latest("id")
    assert latest.to == new_id  # replies follow the new id


def test_a_user_id_update_for_an_erased_customer_moves_the_kept_hash(client: Client) -> None:
    new_id = "US.10000000000000000001"
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    customer_erase(customer=Customer.objects.get(), now=timezone.now())
    assert post_signed(client, _user_id_update(USER_ID, new_id)).status_code == 200
    customer = Customer.objects.get()
    assert (customer.user_id, customer.user_id_hash) == (None, hash_user_id(new_id))
    _send(client, "hello", user_id=new_id)
    assert Customer.objects.get().opted_out  # still recognised, still opted out


def test_a_user_id_update_onto_an_id_another_customer_holds_changes_nothing(client: Client) -> None:
    other = "US.10000000000000000001"
    _send(client, "Hi I'd like a tattoo", user_id=USER_ID)
    _send(client, "Hi I'd like a tattoo", user_id=other, username="someoneelse")
    assert post_signed(client, _user_id_update(USER_ID, other)).status_code == 200
    assert set(Customer.objects.values_list("user_id", flat=True)) == {USER_ID, other}


def test_an_opted_out_customer_is_still_linked_so_the_opt_out_holds_by_either_id(client: Client) -> None:
    _send(client, "Hi I'd like a tattoo", phone=PHONE)
    _send(client, "STOP", phone=PHONE)
    _send(client, "hello?", phone=PHONE, user_id=USER_ID)  # Meta starts sending the user id
    _send(client, "hello??", user_id=USER_ID)
    [customer] = Customer.objects.all()
    assert customer.opted_out
    assert customer.user_id == USER_ID


def test_an_erased_customer_is_linked_by_hash_only(client: Client) -> None:
    _send(client, "Hi I'd like a tattoo", phone=PHONE)
    customer_erase(customer=Customer.objects.get(), now=timezone.now())
    _send(client, "hello", phone=PHONE, user_id=USER_ID)
    _send(client, "hello again", user_id=USER_ID)
    [customer] = Customer.objects.all()
    assert (customer.wa_id, customer.user_id, customer.user_id_hash) == (None, None, hash_user_id(USER_ID))
    assert customer.opted_out


def test_a_user_id_update_for_a_customer_known_by_number_gives_it_the_new_id(client: Client) -> None:
    new_id = "US.10000000000000000001"
    _send(client, "Hi I'd like a tattoo", phone="+16505551234")  # the fixture's number, no user id yet
    assert post_signed(client, _user_id_update(USER_ID, new_id)).status_code == 200
    customer = Customer.objects.get()
    assert (customer.wa_id, customer.user_id) == ("+16505551234", new_id)


def test_a_username_only_enquiry_reaches_the_artist_all_replies_by_user_id(
    client: Client, meta: FakeMeta, monkeypatch
) -> None:
    """The whole enquiry, from "Hi" to ``pending_approval``, from a customer Meta names only by a user
    id: every reply reaches Meta with ``recipient``, each message is marked read, the artist's
    summary names the username."""
    from tests.conversations.chat import artist_messages
    from tests.conversations.engine.test_golden import HAPPY

    monkeypatch.setattr("conversations.messaging.ratelimit.PAIR_INTERVAL_S", 0.001)  # not Meta's pace here
    texts = ["Hi! I'd love a tattoo", *(text for text, _ in HAPPY)]
    for text in texts:
        _send(client, text, user_id=USER_ID)
        assert outbound_send_queue(to=USER_ID) >= 1  # every message is answered

    lead = Lead.objects.get()
    assert lead.status == "pending_approval"
    assert lead.customer.wa_id is None
    assert (lead.placement, lead.city) == ("left forearm", "London")
    posted = meta.sent()
    to_customer = OutboundMessage.objects.filter(to=USER_ID)
    assert len(posted) == to_customer.count() >= len(texts)
    assert set(to_customer.values_list("state", flat=True)) == {"sent"}
    assert all(body["recipient"] == USER_ID and "to" not in body for body in posted)
    assert len(meta.read_receipts()) == len(texts)
    [summary] = [text for text in artist_messages() if "@realsheenanelson" in text]
    assert "left forearm" in summary

"""A delivery status that comes before the send recorded its wamid is kept and applied then."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conversations.messaging import sending
from conversations.messaging.statuses import early_statuses_purge
from conversations.models import EarlyStatus, OutboundMessage
from integrations.whatsapp.console import ConsoleBackend
from leads.models import Customer
from leads.models.customer import hash_phone
from tests.conversations.chat import post_signed, status_body

pytestmark = pytest.mark.django_db


class FasterThanUs(ConsoleBackend):
    """Meta's statuses for the message arrive while the send is still on its way back."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def send(self, body: dict[str, object]) -> str:
        for status in ("sent", "delivered"):
            assert post_signed(self.client, status_body("wamid.early.1", status)).status_code == 200
        return "wamid.early.1"


def test_a_status_before_the_wamid_is_applied_when_the_send_records_it(client: Client, monkeypatch) -> None:
    phone = "+447700900123"
    customer = Customer.objects.create(wa_id=phone, phone_hash=hash_phone(phone), last_inbound_at=timezone.now())
    row = OutboundMessage.objects.create(
        idempotency_key="k", to=phone, customer=customer, text="hi", due_at=timezone.now()
    )  # inside the customer's 24-hour window
    monkeypatch.setattr(sending, "_backend_for", lambda message: FasterThanUs(client))
    sending.outbound_send(message_id=row.pk)
    row.refresh_from_db()
    assert (row.wamid, row.state) == ("wamid.early.1", "delivered")
    assert row.delivered_at is not None
    assert not EarlyStatus.objects.exists()  # applied, then gone


def test_an_early_status_never_claimed_is_purged_after_a_day(client: Client) -> None:
    assert post_signed(client, status_body("wamid.someone-else", "read")).status_code == 200
    assert EarlyStatus.objects.filter(wamid="wamid.someone-else").count() == 1
    assert post_signed(client, status_body("wamid.someone-else", "read")).status_code == 200
    assert EarlyStatus.objects.count() == 1  # a repeat is one row
    assert early_statuses_purge() == 0
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert early_statuses_purge() == 1
    assert not EarlyStatus.objects.exists()

"""A customer on WhatsApp, for tests: signed webhook posts in, outbox rows out."""

from __future__ import annotations

import json
import uuid
from itertools import count
from typing import Any

from django.test import Client

from conversations.engine.inbox import inbox_drain
from conversations.models import OutboundMessage
from integrations.whatsapp.signature import sign
from leads.models import Lead
from leads.models.customer import hash_phone

SECRET = "test_app_secret"
ARTIST = "+447700900999"
_clock = count(1_790_000_000, 10)


def body_for(wa_id: str, message: dict[str, Any], name: str = "Ana Test") -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "447700900000", "phone_number_id": "123"},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


def status_body(wamid: str, status: str, code: int | None = None, title: str = "") -> dict[str, Any]:
    """A Meta delivery-status notification for one outbound message."""
    entry: dict[str, Any] = {"id": wamid, "status": status, "timestamp": "1700000000", "recipient_id": "1"}
    if code is not None:
        entry["errors"] = [{"code": code, "title": title}]
    value = {"messaging_product": "whatsapp", "metadata": {}, "statuses": [entry]}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


def post_signed(client: Client, body: bytes | dict[str, Any], secret: str = SECRET, *, process: bool = True):
    """POST a signed body; with ``process`` the inbox is then drained here, standing in for the
    workers (their own tests run real worker processes), so a test reads the replies at once."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = client.post(
        "/webhooks/whatsapp",
        data=raw,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(secret, raw)},
    )
    if process and response.status_code == 200:
        inbox_drain()
    return response


class Customer:
    """Sends messages as one WhatsApp number and reads what the bot queued for it."""

    def __init__(self, client: Client, phone: str = "+447700900123", name: str = "Ana Test") -> None:
        self.client, self.phone, self.name = client, phone, name
        self.seen = 0

    def message(self, kind: str = "text", timestamp: int | None = None, **fields: Any) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "from": self.phone.lstrip("+"),
            "id": f"wamid.test.{uuid.uuid4().hex}",
            "timestamp": str(timestamp if timestamp is not None else next(_clock)),
            "type": kind,
        }
        msg.update(fields)
        return msg

    def send_message(self, message: dict[str, Any]) -> list[str]:
        response = post_signed(self.client, body_for(self.phone.lstrip("+"), message, self.name))
        assert response.status_code == 200, response.content
        return self.replies()

    def says(self, text: str, **kw: Any) -> list[str]:
        return self.send_message(self.message("text", text={"body": text}, **kw))

    def taps(self, reply_id: str, title: str) -> list[str]:
        return self.send_message(
            self.message(
                "interactive", interactive={"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}
            )
        )

    def sends_image(self, caption: str = "") -> list[str]:
        image = {"id": f"media.{uuid.uuid4().hex[:8]}", "mime_type": "image/jpeg", "sha256": "abc"}
        if caption:
            image["caption"] = caption
        return self.send_message(self.message("image", image=image))

    def sends_sticker(self) -> list[str]:
        return self.send_message(self.message("sticker", sticker={"id": "st1", "mime_type": "image/webp"}))

    def replies(self) -> list[str]:
        rows = list(OutboundMessage.objects.filter(to=self.phone, id__gt=self.seen).order_by("id"))
        if rows:
            self.seen = rows[-1].pk
        return [row.text for row in rows]

    @property
    def lead(self) -> Lead:
        return Lead.objects.filter(customer__phone_hash=hash_phone(self.phone)).latest("id")


def artist_messages() -> list[str]:
    return list(OutboundMessage.objects.filter(to=ARTIST).order_by("id").values_list("text", flat=True))

"""Sandbox customers: staff talk to the bot as a customer ("try the bot", ``manage.py chat``).

Their messages are Meta-shaped bodies read by the real parser and run through
the real engine; their replies go out through the console backend only.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.db import transaction

from conversations.engine.inbox import customer_key, inbox_drain, inbox_store
from conversations.messaging.sending import outbound_send_queue
from conversations.models import OutboundMessage
from conversations.policy.inbound import parse_webhook
from leads.models import Customer
from leads.services import customer_get_or_create


def sandbox_body(wa_id: str, name: str, message_id: str, timestamp: int, line: str) -> dict[str, Any]:
    """Meta's body for one line typed by a sandbox customer (``/image`` and ``/sticker`` are special)."""
    message: dict[str, Any] = {"from": wa_id, "id": message_id, "timestamp": str(timestamp)}
    if line == "/image":
        message |= {"type": "image", "image": {"id": f"media-{message_id}", "mime_type": "image/jpeg"}}
    elif line == "/sticker":
        message |= {"type": "sticker", "sticker": {"id": f"media-{message_id}", "mime_type": "image/webp"}}
    else:
        message |= {"type": "text", "text": {"body": line}}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "0", "phone_number_id": settings.WHATSAPP_PHONE_NUMBER_ID or "0"},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "0", "changes": [{"field": "messages", "value": value}]}],
    }


def render_for_customer(message: OutboundMessage) -> str:
    """A reply as the customer's phone shows it: the text, then buttons, list rows or the file."""
    lines = [message.text]
    if message.kind == "buttons":
        lines.append("  " + "  ".join(f"[{b['title']}]" for b in message.payload.get("buttons", [])))
    elif message.kind == "list":
        rows = [row for section in message.payload.get("sections", []) for row in section.get("rows", [])]
        lines += [f"  {i}. {row['title']}" for i, row in enumerate(rows, start=1)]
    elif message.kind == "document":
        lines.append(f"  [{message.payload.get('filename', 'file')}] {message.payload.get('link', '')}")
    return "\n".join(lines)


def sandbox_customer(*, phone: str, name: str) -> Customer:
    customer = customer_get_or_create(wa_id=phone, profile_name=name)
    if not customer.is_sandbox:
        customer.is_sandbox = True
        customer.save(update_fields=["is_sandbox", "updated_at"])
    return customer


def sandbox_say(*, customer: Customer, line: str) -> None:
    """One line from the sandbox customer through the parser and the engine; replies sent (console)."""
    if not (customer.is_sandbox and customer.wa_id):
        raise ValueError("only a sandbox customer with a number can use the sandbox")
    message_id = f"wamid.sandbox.{secrets.token_hex(8)}"
    body = sandbox_body(customer.wa_id.lstrip("+"), customer.profile_name, message_id, int(time.time()), line)
    messages = parse_webhook(body).messages
    with transaction.atomic():
        inbox_store(messages)
    # The sandbox answers at once: its messages are processed here rather than by a worker.
    inbox_drain(keys=[customer_key(message) for message in messages])
    outbound_send_queue(to=customer.wa_id)

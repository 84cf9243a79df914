"""Talk to the bot from a terminal, as a customer (``python manage.py chat [+phone]``).

Each line goes through the real webhook: a Meta-shaped body, signed with
``WHATSAPP_APP_SECRET`` (a throw-away secret when none is configured), posted
in-process to ``/webhooks/whatsapp``, then processed from the inbox in this process (no
worker needed). The bot's replies print as the customer
would see them. The chat customer is a sandbox customer: nothing reaches Meta.

Type ``/image`` to send a picture, ``/sticker`` for something the bot cannot
read, ``/quit`` (or Ctrl-D) to leave.
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max
from django.test import Client, override_settings

from conversations.engine.inbox import inbox_drain
from conversations.messaging.sending import outbound_send_queue
from conversations.models import OutboundMessage
from conversations.sandbox import render_for_customer, sandbox_body, sandbox_customer
from integrations.whatsapp.signature import sign
from leads.models import Lead
from tattoobot.foundations.phones import InvalidPhoneNumber, to_e164


class Command(BaseCommand):
    help = "Chat with the bot as a customer, through the real webhook path."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("phone", nargs="?", default="+447700900000")
        parser.add_argument("--name", default="Terminal Customer")
        parser.add_argument("--script", help="read the customer's lines from this file instead of the keyboard")

    def handle(self, *args: Any, phone: str, name: str, script: str | None, **options: Any) -> None:
        try:
            number = to_e164(phone)
        except InvalidPhoneNumber as exc:
            raise CommandError(f"{phone!r} is not a phone number") from exc
        if script:
            with open(script, encoding="utf-8") as lines:
                self._chat(number, name, lines)
        else:
            self._chat(number, name, sys.stdin)

    def _chat(self, number: str, name: str, stream: TextIO) -> None:
        sandbox_customer(phone=number, name=name)
        secret = settings.WHATSAPP_APP_SECRET or secrets.token_hex(16)
        host = next((h for h in settings.ALLOWED_HOSTS if h not in {"*", ""} and not h.startswith(".")), "localhost")
        client = Client(HTTP_HOST=host)
        seen = OutboundMessage.objects.filter(to=number).order_by("-id").values_list("id", flat=True).first() or 0
        self.stdout.write(f"Chatting as {number}. /image, /sticker, /quit.")
        # Meta's timestamps are whole seconds; never behind what this number already sent.
        last = Lead.objects.filter(customer__wa_id=number).aggregate(last=Max("last_inbound_ts"))["last"] or 0
        clock = max(int(time.time()), last)
        with override_settings(WHATSAPP_APP_SECRET=secret):
            for count, raw in enumerate(stream, start=1):
                line = raw.strip()
                if line in {"/quit", "/exit"}:
                    break
                if not line:
                    continue
                clock = max(clock, int(time.time()))
                message_id = f"wamid.chat.{secrets.token_hex(8)}.{count}"
                payload = json.dumps(sandbox_body(number.lstrip("+"), name, message_id, clock, line)).encode()
                response = client.post(
                    "/webhooks/whatsapp",
                    data=payload,
                    content_type="application/json",
                    headers={"X-Hub-Signature-256": sign(secret, payload)},
                )
                if response.status_code != 200:
                    self.stderr.write(f"webhook answered {response.status_code}: {response.content.decode()[:300]}")
                    continue
                # The terminal waits for nobody: the message is processed here, not by a worker.
                inbox_drain(keys=[f"wa:{number}"])
                outbound_send_queue(to=number)
                for reply in OutboundMessage.objects.filter(to=number, id__gt=seen).order_by("id"):
                    self.stdout.write(f"bot> {render_for_customer(reply)}")
                    seen = reply.pk

"""One inbound message being handled: what the engine reads, and the effects it may cause."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from conversations.messaging.copy import render_copy
from conversations.messaging.notify import artist_notify
from conversations.messaging.outbox import outbox_enqueue
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose
from conversations.policy.inbound import InboundMessage
from conversations.policy.keywords import KeywordMatch
from leads.models import Customer, Lead, Question, StudioSettings
from leads.services import lead_transition


def cooldown_passed(store: dict[str, str], kind: str, minutes: int, now: datetime) -> bool:
    last = store.get(kind)
    return last is None or now - datetime.fromisoformat(last) >= timedelta(minutes=minutes)


@dataclass
class Turn:
    customer: Customer
    lead: Lead
    message: InboundMessage
    phone: str  # the customer's number (E.164) as this message gave it, even once erased; "" if withheld
    now: datetime
    studio: StudioSettings
    questions: list[Question]
    keyword: KeywordMatch | None = None  # the global keyword the message is, if any
    user_id: str = ""  # the customer's WhatsApp user id as this message gave it, if any
    actor: str = "customer"
    replies: list[OutboundMessage] = field(default_factory=list)
    step_reached: str = ""
    lead_saved: bool = False  # whether the turn wrote the whole lead row (a save or a transition)
    _seq: int = 0

    # --- effects -------------------------------------------------------

    def effect_key(self, suffix: str) -> str:
        """Idempotency key of the n-th effect of this message: the same on Meta's retry."""
        self._seq += 1
        digest = hashlib.sha256(self.message.message_id.encode()).hexdigest()[:32]
        return f"wa:{digest}:{self._seq}:{suffix}"

    def reply(
        self,
        template: str,
        *,
        purpose: str = OutboundPurpose.REPLY,
        kind: str = OutboundKind.TEXT,
        payload: dict[str, Any] | None = None,
        **context: Any,
    ) -> None:
        """Render a message template and write it to the outbox for the customer."""
        text = render_copy(template, lead=self.lead, studio=self.studio, name=self.first_name, **context)
        message = outbox_enqueue(
            key=self.effect_key(template),
            to=self.address,
            text=text,
            purpose=purpose,
            kind=kind,
            payload=payload,
            customer=self.customer,
            lead=self.lead,
            studio=self.studio,
        )
        if message is not None:
            self.replies.append(message)

    def reply_once_per(self, kind: str, minutes: int, template: str, **context: Any) -> None:
        """A reply rate-limited per lead (holding, reviewing, …)."""
        if cooldown_passed(self.lead.reply_cooldowns, kind, minutes, self.now):
            self.lead.reply_cooldowns[kind] = self.now.isoformat()
            self.save_lead()
            self.reply(template, **context)

    def notify_artist(self, template: str, **context: Any) -> None:
        """A WhatsApp message to the artist (with decision buttons and links while the lead waits)."""
        artist_notify(
            lead=self.lead,
            key=self.effect_key(f"artist:{template}"),
            template=template,
            studio=self.studio,
            name=self.customer.profile_name,
            phone=self.phone or self.customer.handle,
            **context,
        )

    def transition(self, name: str, *, reason: str | None = None, actor: str | None = None) -> None:
        # The lead row is locked for the whole turn (``inbound_message_process``): the transition
        # runs on this instance and its save writes the engine's other changes too.
        lead_transition(lead=self.lead, name=name, reason=reason, actor=actor or self.actor, locked=True)
        self.lead_saved = True

    def save_lead(self) -> None:
        """Write the whole lead row: the engine's changes, and the message's last inbound."""
        self.lead.save()
        self.lead_saved = True

    # --- reads ---------------------------------------------------------

    @property
    def address(self) -> str:
        """Where the replies go: the customer's one address (the number once known, else the user
        id, Meta's ``recipient``), so all of a customer's rows are one queue; for an erased
        customer, what this message came from."""
        return self.customer.address or self.phone or self.user_id

    @property
    def first_name(self) -> str:
        return self.customer.first_name

    @property
    def text(self) -> str:
        return self.message.text

    def question_index(self, key: str) -> int | None:
        for index, question in enumerate(self.questions):
            if question.key == key:
                return index
        return None

"""One inbound message being handled: what the engine reads, and the effects it may cause."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from conversations.copy import render_copy
from conversations.models import OutboundKind, OutboundMessage, OutboundPurpose
from conversations.outbox import outbox_enqueue
from conversations.policy.inbound import InboundMessage
from conversations.policy.keywords import KeywordMatch
from leads.models import Customer, Lead, Question, StudioSettings
from leads.models.lead import ARTIST_DECISION_STATUSES
from leads.services import lead_transition
from leads.tokens import action_link, action_token_issue

ACTIONS = ("approve", "reject", "open")
DECISION_TEMPLATES = frozenset({"artist_summary", "artist_handover"})


def cooldown_passed(store: dict[str, str], kind: str, minutes: int, now: datetime) -> bool:
    last = store.get(kind)
    return last is None or now - datetime.fromisoformat(last) >= timedelta(minutes=minutes)


@dataclass
class Turn:
    customer: Customer
    lead: Lead
    message: InboundMessage
    phone: str  # the customer's number (E.164), even once erased
    now: datetime
    studio: StudioSettings
    questions: list[Question]
    keyword: KeywordMatch | None = None  # the global keyword the message is, if any
    actor: str = "customer"
    replies: list[OutboundMessage] = field(default_factory=list)
    step_reached: str = ""
    _seq: int = 0

    # --- effects -------------------------------------------------------

    def _key(self, suffix: str) -> str:
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
            key=self._key(template),
            to=self.phone,
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
        """A WhatsApp message to the artist. While the lead waits for the artist's decision it
        carries Approve / Reject / Open buttons and a one-tap link for each."""
        if not settings.ARTIST_WHATSAPP_NUMBER:
            return
        kind, payload = OutboundKind.TEXT, None
        if self.lead.status in ARTIST_DECISION_STATUSES and template in DECISION_TEMPLATES:
            # One single-use token per action, behind both the link and the button.
            tokens = {action: action_token_issue(lead=self.lead, action=action) for action in ACTIONS}
            context["links"] = {action: action_link(token) for action, token in tokens.items()}
            kind = OutboundKind.BUTTONS
            payload = {"buttons": [{"id": f"{a}:{tokens[a]}", "title": a.capitalize()} for a in ACTIONS]}
        text = render_copy(
            template,
            lead=self.lead,
            studio=self.studio,
            name=self.customer.profile_name,
            phone=self.phone,
            admin_url=f"{settings.PUBLIC_BASE_URL}/admin/leads/lead/{self.lead.pk}/change/",
            **context,
        )
        outbox_enqueue(
            key=self._key(f"artist:{template}"),
            to=settings.ARTIST_WHATSAPP_NUMBER,
            text=text,
            purpose=OutboundPurpose.ARTIST_ALERT,
            kind=kind,
            payload=payload,
            lead=self.lead,
            studio=self.studio,
        )

    def transition(self, name: str, *, reason: str | None = None, actor: str | None = None) -> None:
        self.save_lead()
        self.lead = lead_transition(lead=self.lead, name=name, reason=reason, actor=actor or self.actor)

    def save_lead(self) -> None:
        self.lead.save()

    # --- reads ---------------------------------------------------------

    @property
    def first_name(self) -> str:
        return (self.customer.profile_name or "").split(" ")[0][:40]

    @property
    def text(self) -> str:
        return self.message.text

    def question_index(self, key: str) -> int | None:
        for index, question in enumerate(self.questions):
            if question.key == key:
                return index
        return None

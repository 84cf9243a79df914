"""Asking the current question again when the artist hands a lead back to the bot."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from conversations.copy import render_copy
from conversations.outbox import outbox_enqueue
from leads.models import Lead, Question, StudioSettings


def ask_current_question(*, lead: Lead) -> None:
    question = Question.objects.filter(active=True, key=lead.current_question).first()
    if question is None or not lead.customer.wa_id:
        return
    studio = StudioSettings.load()
    text = render_copy("question", lead=lead, studio=studio, prompt=question.prompt, first=False)
    stamp = hashlib.sha256(f"{lead.pk}:{timezone.now().isoformat()}".encode()).hexdigest()[:16]
    outbox_enqueue(
        key=f"resume:{lead.pk}:{stamp}",
        to=lead.customer.wa_id,
        text=text,
        customer=lead.customer,
        lead=lead,
        studio=studio,
    )

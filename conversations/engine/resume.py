"""Asking the current question again when the artist hands a lead back to the bot."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from conversations.copy import render_copy
from conversations.outbox import outbox_enqueue
from leads.models import Lead, Question, QuestionKind, StudioSettings

YES_NO_BUTTONS = [{"id": "yes", "title": "YES"}, {"id": "no", "title": "NO"}]


def question_buttons(question: Question) -> list[dict[str, str]]:
    """The reply buttons a question is asked with (choice and yes/no kinds), else none."""
    if question.kind == QuestionKind.CHOICE and question.options:
        return [{"id": str(o["id"]), "title": str(o["title"])} for o in question.options][:3]
    if question.kind == QuestionKind.YES_NO:
        return list(YES_NO_BUTTONS)
    return []


def ask_current_question(*, lead: Lead) -> None:
    question = Question.objects.filter(active=True, key=lead.current_question).first()
    if question is None or not lead.customer.wa_id:
        return
    studio = StudioSettings.load()
    text = render_copy("question", lead=lead, studio=studio, prompt=question.prompt, first=False)
    stamp = hashlib.sha256(f"{lead.pk}:{timezone.now().isoformat()}".encode()).hexdigest()[:16]
    buttons = question_buttons(question)
    outbox_enqueue(
        key=f"resume:{lead.pk}:{stamp}",
        to=lead.customer.wa_id,
        text=text,
        kind="buttons" if buttons else "text",
        payload={"buttons": buttons} if buttons else None,
        customer=lead.customer,
        lead=lead,
        studio=studio,
    )

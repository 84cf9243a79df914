"""A question as the customer sees it: its reply buttons, and the current one asked again outside a
turn (the artist hands a lead back to the bot)."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from conversations.messaging.notify import customer_notify
from conversations.models import OutboundKind
from leads.models import Lead, Question, QuestionKind, StudioSettings

YES_NO_BUTTONS = [{"id": "yes", "title": "YES"}, {"id": "no", "title": "NO"}]


def question_buttons(question: Question) -> list[dict[str, str]]:
    """The reply buttons a question is asked with (choice and yes/no kinds), else none."""
    if question.kind == QuestionKind.CHOICE and question.options:
        return [{"id": str(o["id"]), "title": str(o["title"])} for o in question.options][:3]
    if question.kind == QuestionKind.YES_NO:
        return list(YES_NO_BUTTONS)
    return []


def prompt_text(question: Question, studio: StudioSettings, language: str = "") -> str:
    """The question's prompt in ``language`` (English where it has none), with the studio's home city in
    place of ``{home_city}`` (the travel question)."""
    return question.text_in(language)[0].replace("{home_city}", studio.home_city)


def ask_current_question(*, lead: Lead) -> None:
    question = Question.objects.filter(active=True, key=lead.current_question).first()
    if question is None:
        return
    stamp = hashlib.sha256(f"{lead.pk}:{timezone.now().isoformat()}".encode()).hexdigest()[:16]
    buttons = question_buttons(question)
    customer_notify(
        lead=lead,
        key=f"resume:{lead.pk}:{stamp}",
        template="question",
        kind=OutboundKind.BUTTONS if buttons else OutboundKind.TEXT,
        payload={"buttons": buttons} if buttons else None,
        prompt=prompt_text(question, StudioSettings.load(), lead.customer.language),
        first=False,
    )

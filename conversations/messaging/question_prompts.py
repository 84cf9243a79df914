"""A question as the customer sees it: its reply buttons, and the current one asked again outside a
turn (the artist hands a lead back to the bot)."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from conversations.messaging.interactive import option_title, shown_language, yes_no_buttons
from conversations.messaging.notify import customer_notify
from conversations.models import OutboundKind
from leads.models import Lead, Question, QuestionKind, StudioSettings


def question_buttons(question: Question, language: str) -> list[dict[str, str]]:
    """The reply buttons a question is asked with (choice and yes/no kinds), else none; titled in
    ``language`` (``interactive.shown_language``)."""
    if question.kind == QuestionKind.CHOICE and question.options:
        return [{"id": str(o["id"]), "title": option_title(str(o["title"]), language)} for o in question.options][:3]
    if question.kind == QuestionKind.YES_NO:
        return yes_no_buttons(language)
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
    studio = StudioSettings.load()
    buttons = question_buttons(question, shown_language(lead, studio))
    customer_notify(
        lead=lead,
        key=f"resume:{lead.pk}:{stamp}",
        template="question",
        kind=OutboundKind.BUTTONS if buttons else OutboundKind.TEXT,
        payload={"buttons": buttons} if buttons else None,
        studio=studio,
        prompt=prompt_text(question, studio, lead.customer.language),
        first=False,
    )

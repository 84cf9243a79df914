"""The FAQ's answer to a customer's question (docs/conversation.md "Questions")."""

from __future__ import annotations

from django.template import TemplateSyntaxError, engines

from conversations.messaging.formatting import format_money, format_range
from conversations.messaging.policy_text import booking_policy_text
from conversations.policy.asking import match_faq
from leads.models import FaqEntry, StudioSettings
from leads.models.studio import SIZE_CATEGORIES, WEEKDAYS

DEFAULT_LANGUAGE = "en"


def faq_context(studio: StudioSettings) -> dict[str, str]:
    """The placeholders an FAQ answer may use, from the studio settings."""
    deposits = [studio.deposit_for(category) for category in SIZE_CATEGORIES]
    return {
        "artist": studio.artist_name,
        "home_city": studio.home_city,
        "address": studio.address,
        "hours": opening_hours(studio.working_hours),
        "deposit_range": format_range(min(deposits), max(deposits), studio.currency)
        if min(deposits) != max(deposits)
        else format_money(min(deposits), studio.currency),
        "deposit_policy": booking_policy_text(lead=None, studio=studio),
        "currency": studio.currency.upper(),
    }


def opening_hours(working_hours: dict[str, list[str]]) -> str:
    """ "Mon–Fri 10:00–18:00, Sat 10:00–16:00": runs of days with the same hours."""
    runs: list[tuple[str, str, str]] = []
    for day in WEEKDAYS:
        hours = working_hours.get(day)
        if not hours:
            continue
        span = f"{hours[0]}–{hours[1]}"
        if runs and runs[-1][2] == span and WEEKDAYS.index(runs[-1][1]) == WEEKDAYS.index(day) - 1:
            runs[-1] = (runs[-1][0], day, span)
        else:
            runs.append((day, day, span))
    return (
        ", ".join(f"{first.title()}{'' if first == last else '–' + last.title()} {span}" for first, last, span in runs)
        or "by appointment"
    )


def faq_answer(question: str, studio: StudioSettings, language: str = DEFAULT_LANGUAGE) -> str | None:
    """The answer of the active entry whose trigger the question contains, rendered; else None. The
    customer's language first (its own trigger phrases and answer), then the English entries."""
    languages = [language, DEFAULT_LANGUAGE] if language != DEFAULT_LANGUAGE else [DEFAULT_LANGUAGE]
    rows = FaqEntry.objects.filter(active=True, language__in=languages).only("topic", "triggers", "answer", "language")
    entries = list(rows)
    entry = None
    for lang in languages:
        own = [e for e in entries if e.language == lang]
        topic = match_faq(question, [(e.topic, e.trigger_phrases) for e in own])
        entry = next((e for e in own if e.topic == topic), None)
        if entry is not None:
            break
    if entry is None:
        return None
    try:
        text = engines["messages"].from_string(entry.answer).render(faq_context(studio))
    except TemplateSyntaxError:
        return None  # the admin form refuses broken syntax; an old row must not break the turn
    return text.strip() or None

"""What Meta says of the approved templates (docs/sending.md "Template status").

``template_event_apply`` records each status, quality or category event as a
system event and as the template's last known state (``TemplateStatus``, by
name and language). A template Meta paused, disabled, rejected or deleted is
unusable: the artist is told once (which template, what Meta said), and every
row that would go as it fails with that reason (``template_refusal``) until an
approval event makes it usable again. A template Meta recategorised as
marketing is not sent to a customer who stopped marketing messages.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from conversations.messaging.notify import artist_alert
from conversations.models import TemplateStatus
from conversations.policy.account_events import TemplateEvent
from leads.events import system_event_record

logger = logging.getLogger(__name__)

UNUSABLE = frozenset({"PAUSED", "DISABLED", "REJECTED", "DELETED", "PENDING_DELETION", "ARCHIVED"})
USABLE = frozenset({"APPROVED", "REINSTATED"})
STATUS_FIELD = "message_template_status_update"
QUALITY_FIELD = "message_template_quality_update"


def template_language(code: str) -> str:
    """One spelling for a language code, whichever Meta used: en-US, en_US → en_us."""
    return code.strip().replace("-", "_").lower()


def configured_templates() -> list[tuple[str, str, str]]:
    """(purpose, name, language) of each template this studio sends, in each language it is approved in."""
    codes = {settings.WHATSAPP_TEMPLATE_LANGUAGE, *settings.WHATSAPP_TEMPLATE_LANGUAGES.values()}
    languages = sorted({template_language(code) for code in codes})
    return [
        (purpose, name, language)
        for purpose, name in sorted(settings.WHATSAPP_TEMPLATES.items())
        for language in languages
    ]


def template_event_apply(*, event: TemplateEvent) -> TemplateStatus:
    """Record one template event; tell the artist when a template of ours stops (or starts again)
    being usable. Idempotent: Meta's retry of the same event changes nothing more."""
    language = template_language(event.language)
    with transaction.atomic():
        row, _ = TemplateStatus.objects.select_for_update().get_or_create(name=event.name[:512], language=language)
        was_usable = row.usable
        row.template_id = event.template_id or row.template_id
        if event.kind == STATUS_FIELD:
            row.status, row.reason = event.event, event.reason
            category = event.raw.get("message_template_category")
            row.category = category[:30] if isinstance(category, str) and category else row.category
            if event.event in UNUSABLE:
                row.usable = False
            elif event.event in USABLE:
                row.usable = True
        elif event.kind == QUALITY_FIELD:
            row.quality = event.event[:20]
        else:
            row.category = event.event[:30]
        row.save()
        unusable_now = was_usable and not row.usable
        system_event_record(
            type="template_" + event.kind.removeprefix("message_").removeprefix("template_").removesuffix("_update"),
            level="warning" if unusable_now else "info",
            message=f"template {row.name} ({language}): {event.event}" + (f" ({event.reason})" if event.reason else ""),
            payload={
                "name": row.name,
                "language": language,
                "template_id": row.template_id,
                "event": event.event,
                "reason": event.reason[:500],
                "field": event.kind,
            },
        )
        if row.usable != was_usable and _ours(row):
            _tell_artist(row, stopped=unusable_now)
    return row


def _ours(row: TemplateStatus) -> bool:
    return any(name == row.name and language == row.language for _, name, language in configured_templates())


def _tell_artist(row: TemplateStatus, *, stopped: bool) -> None:
    if stopped:
        what = f" ({row.reason})" if row.reason else ""
        text = (
            f'WhatsApp template "{row.name}" ({row.language}) is {row.status} at Meta{what}. '
            "Messages that need it outside the 24-hour window will fail until Meta approves it again."
        )
    else:
        text = f'WhatsApp template "{row.name}" ({row.language}) is {row.status} again: messages can use it.'
    # One alert per change of usability (a retried event finds the row changed already).
    artist_alert(key=f"template:{row.pk}:{row.status}:{row.updated_at.isoformat()}", text=text)


def template_refusal(*, name: str, language: str) -> str:
    """Why the template cannot be sent now ("" when it can): Meta's last word on it."""
    row = TemplateStatus.objects.filter(name=name, language=template_language(language), usable=False).first()
    if row is None:
        return ""
    return f"template {name} is {row.status} at Meta" + (f": {row.reason}" if row.reason else "")


def template_is_marketing(*, name: str, language: str) -> bool:
    """Whether Meta files the template as marketing (its last known category)."""
    return TemplateStatus.objects.filter(
        name=name, language=template_language(language), category__iexact="MARKETING"
    ).exists()

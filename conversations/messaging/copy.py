"""Every customer message is a Django template under ``templates/messages/`` (docs/conversation.md "Copy").

Templates see ``variant`` (0, 1 or 2, fixed per lead and message so a customer
never sees the wording flip mid-conversation), ``artist`` (the studio's artist
name), ``currency`` and whatever the caller passes. The engine that renders
them has autoescaping off: WhatsApp is plain text.

Customer messages are written in the customer's language (Django's catalogs under ``locale/``,
``{% translate %}`` / ``{% blocktranslate %}`` in the templates), else the studio default; a language
not in ``COMPLETE_LANGUAGES`` gets the English wording. The artist's notifications (``artist_*``)
are in the studio default.

The artist may override a customer message's wording from admin
(``CopyOverride``, per template and language): the override's text is used
instead of the file. Overrides are read once and kept for ``OVERRIDE_TTL``
seconds per process (a save or delete in this process refreshes at once), so a
turn costs no query for them; another process sees a change within the TTL.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.utils import translation

from conversations.models import CopyOverride
from leads.models import Lead, StudioSettings
from tattoobot.foundations.process_cache import ProcessCache

logger = logging.getLogger("conversations.copy")

VARIANTS = 3
DEFAULT_LANGUAGE = "en"
# The languages whose catalogs (locale/<lang>/LC_MESSAGES/django.po) translate every customer message;
# a customer in another language gets the English wording until theirs is complete
# (docs/conversation.md "Copy"). tests/conversations/messaging/test_copy_languages.py holds them to it.
COMPLETE_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt", "it")
OVERRIDE_TTL = 30.0
_BLANK_LINES = re.compile(r"\n{3,}")


def variant_for(lead: Lead | None, template: str) -> int:
    seed = f"{lead.pk if lead else 0}:{template}".encode()
    return int(hashlib.sha256(seed).hexdigest(), 16) % VARIANTS


def render_copy(
    template: str, *, lead: Lead | None, studio: StudioSettings, variant_key: str = "", **context: Any
) -> str:
    """Render ``templates/messages/<template>.txt`` (or the artist's override of it) for a lead.

    ``variant_key`` picks the variant instead of the template name, so one
    template used at several steps (each question) need not repeat itself.
    """
    values = _values(lead, studio, variant_for(lead, variant_key or template), context)
    language = copy_language(template, lead, studio)
    compiled = _override(template, language) or engines["messages"].get_template(f"messages/{template}.txt")
    with translation.override(rendered_language(language)):
        return _tidy(compiled.render(values))


def written_for(template: str, lead: Lead, studio: StudioSettings, value: Any) -> str:
    """``value`` (a lazy label such as a slot's time) as text in the language ``template`` is
    rendered in for ``lead``: for the words a message carries outside its text (a list's rows, a
    WhatsApp template's parameters)."""
    return written_in(value, rendered_language(copy_language(template, lead, studio)))


def written_in(value: Any, language: str) -> str:
    """``value`` (a lazy label or catalog entry) as text in ``language``."""
    with translation.override(language):
        return str(value)


def rendered_language(language: str) -> str:
    """The catalog a message in ``language`` is rendered with: its own when complete, else English."""
    return language if language in COMPLETE_LANGUAGES else DEFAULT_LANGUAGE


def copy_language(template: str, lead: Lead | None, studio: StudioSettings) -> str:
    """The language a message is written in: the lead's customer's, else the studio default; the
    artist's notifications (``artist_*``) always in the studio default."""
    default = studio.default_language or DEFAULT_LANGUAGE
    if template.startswith("artist_") or lead is None or lead.customer_id is None:
        return default
    return lead.customer.language or default


def _values(lead: Lead | None, studio: StudioSettings, variant: int, context: dict[str, Any]) -> dict[str, Any]:
    """``artist`` is the lead's artist's name, the studio's artist name while the lead has none."""
    artist = lead.artist if lead is not None and lead.artist_id is not None else None
    name = artist.name if artist is not None else studio.artist_name
    return {"variant": variant, "artist": name, "currency": studio.currency, "lead": lead, **context}


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))


# --- overrides --------------------------------------------------------------------------------------


def compile_copy(body: str) -> Any:
    """The override's text as a template of the message engine; raises ``TemplateSyntaxError``."""
    return engines["messages"].from_string(body)


def _compiled_overrides() -> dict[tuple[str, str], Any]:
    compiled = {}
    for row in CopyOverride.objects.all():
        try:
            compiled[(row.template, row.language)] = compile_copy(row.body)
        except TemplateSyntaxError:  # the admin form refuses it; a row written otherwise is ignored
            logger.warning("copy override %s (%s) has broken syntax; the file is used", row.template, row)
    return compiled


_overrides = ProcessCache(_compiled_overrides, ttl=OVERRIDE_TTL, models=[CopyOverride])


def _override(template: str, language: str = DEFAULT_LANGUAGE) -> Any:
    return _overrides.get().get((template, language))


def customer_templates() -> list[str]:
    """The customer-facing message templates (artist notifications are not copy the customer sees)."""
    folder = Path(settings.BASE_DIR) / "templates" / "messages"
    return sorted(p.stem for p in folder.glob("*.txt") if not p.stem.startswith("artist_"))


def template_source(template: str) -> str:
    return (Path(settings.BASE_DIR) / "templates" / "messages" / f"{template}.txt").read_text(encoding="utf-8")


SAMPLE_CONTEXT: dict[str, Any] = {
    "name": "Ana",
    "prompt": "Where on your body would it go?",
    "example": "e.g. left forearm",
    "first": False,
    "summary": "a swallow on your forearm, 10×15 cm, £500–600, London",
    "answer": "The studio works by appointment.",
    "city": "Bristol",
    "minimum": "£400",
    "home_city": "London",
    "stop_city": "Berlin",
    "start": "1 Mar",
    "end": "4 Mar 2027",
    "can_continue": True,
    "amount": "£150",
    "url": "https://checkout.stripe.test/c/pay/cs_test_sample",
    "slots": ["Tue 3 Mar, 11:00", "Wed 4 Mar, 14:00", "Fri 6 Mar, 10:00"],
    "when": "Tue 3 Mar, 11:00",
    "policy": "Your deposit comes off the final price.",
    "expires": "tomorrow 18:00",
    "notice": "72 hours'",
    "free_moves": 1,
    "refund_notice": "7 days",
    "rule": "forfeit",
    "sessions": 1,
}


def preview_copy(template: str, body: str | None, studio: StudioSettings, language: str = DEFAULT_LANGUAGE) -> str:
    """The message as a sample customer writing in ``language`` would get it, with ``body`` (an
    override) or the file's wording."""
    lead = Lead(idea="a swallow with a banner", placement="forearm", city="Bristol", budget_min=50000)
    values = _values(lead, studio, 0, SAMPLE_CONTEXT)
    compiled = compile_copy(body) if body is not None else engines["messages"].get_template(f"messages/{template}.txt")
    with translation.override(rendered_language(language)):
        return _tidy(compiled.render(values))

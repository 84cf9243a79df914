"""The words on the buttons and lists a customer taps, in the customer's language (docs/conversation.md
"Languages").

Each title is a msgid of Django's catalogs (``locale/<lang>/LC_MESSAGES/django.po``, context
"whatsapp button", "whatsapp list" …) and is written in the language the message itself is written in
(``copy_language``, English where the catalogs are not complete). Every translation keeps within
Meta's limits (``TITLES``: a reply button 20 characters, a list's button 20, a row title 24, a row
description 72, a section title 24), so nothing is cut short on the customer's phone;
tests/conversations/messaging/test_interactive_titles.py holds every language to them.

The replies are read by their ids (``yes``, ``tour_no``, ``slot:2``, ``artist:3``), whatever the
title said; a customer who types the word instead ("SÍ", "OUI", "JA", "SIM", "SÌ") is read by
``policy.replies.parse_yes_no``.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from conversations.messaging.copy import copy_language, rendered_language, written_in
from leads.models import Lead, StudioSettings

# Meta's limits (Cloud API, interactive messages).
BUTTON_TITLE = 20
LIST_BUTTON = 20
SECTION_TITLE = 24
ROW_TITLE = 24
ROW_DESCRIPTION = 72

YES = pgettext_lazy("whatsapp button", "YES")
NO = pgettext_lazy("whatsapp button", "NO")
CHOOSE = pgettext_lazy("whatsapp list button", "Choose")
PICK_A_TIME = pgettext_lazy("whatsapp list button", "Pick a time")
OUR_ARTISTS = pgettext_lazy("whatsapp list section", "Our artists")
FREE_TIMES = pgettext_lazy("whatsapp list section", "Free times")
NO_PREFERENCE = pgettext_lazy("whatsapp list row", "No preference")
SOONEST = pgettext_lazy("whatsapp list row description", "the soonest free time")
# Said back in the line that confirms what was taken ("Noted: your reference").
YOUR_REFERENCE = pgettext_lazy("answer said back", "your reference")
# The options of the seeded "choice" question (migration 0002); a studio's own wording is shown as written.
OPTION_CONTEXT = "question option"
OPTIONS = (
    pgettext_lazy(OPTION_CONTEXT, "Simple"),
    pgettext_lazy(OPTION_CONTEXT, "Medium"),
    pgettext_lazy(OPTION_CONTEXT, "Realism"),
)

# Every title and the most characters Meta shows of it.
TITLES: tuple[tuple[Promise, int], ...] = (
    (YES, BUTTON_TITLE),
    (NO, BUTTON_TITLE),
    (CHOOSE, LIST_BUTTON),
    (PICK_A_TIME, LIST_BUTTON),
    (OUR_ARTISTS, SECTION_TITLE),
    (FREE_TIMES, SECTION_TITLE),
    (NO_PREFERENCE, ROW_TITLE),
    (SOONEST, ROW_DESCRIPTION),
    *((option, BUTTON_TITLE) for option in OPTIONS),
)
# What else the customer reads in the catalogs' words (no limit but the message's).
SAID_BACK: tuple[Promise, ...] = (YOUR_REFERENCE,)


def shown_language(lead: Lead | None, studio: StudioSettings) -> str:
    """The language a lead's customer is shown buttons, lists and the answers said back in: the one its
    messages are written in (English where the catalogs are not complete)."""
    return rendered_language(copy_language("", lead, studio))


def title(text: Promise, language: str) -> str:
    return written_in(text, language)


def yes_no_buttons(language: str, yes: str = "yes", no: str = "no") -> list[dict[str, str]]:
    """YES and NO as reply buttons with the ids ``yes`` and ``no`` (read whatever their titles)."""
    return [{"id": yes, "title": title(YES, language)}, {"id": no, "title": title(NO, language)}]


def option_title(text: str, language: str) -> str:
    """A choice question's option in ``language`` where the catalogs know it (the seeded ones), else as written."""
    with translation.override(language):
        return pgettext(OPTION_CONTEXT, text)[:BUTTON_TITLE]


def list_payload(button: Promise, section: Promise, rows: list[dict[str, str]], language: str) -> dict[str, Any]:
    """A WhatsApp list: its button and one titled section of ``rows``."""
    return {"button": title(button, language), "sections": [{"title": title(section, language), "rows": rows}]}

"""Every customer message in every complete language (docs/conversation.md "Copy").

For each language in ``COMPLETE_LANGUAGES``: its catalog translates every msgid of the customer
templates (none missing, empty or fuzzy, placeholders and keywords kept), and every template renders,
in every variant, to text that is not the English one and keeps every value it was given. Through the
webhook, a Spanish customer is welcomed in Spanish while the artist's notifications stay English.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest
from django.template import engines
from django.utils import translation
from django.utils.translation.template import templatize

from conversations.messaging.copy import (
    COMPLETE_LANGUAGES,
    DEFAULT_LANGUAGE,
    SAMPLE_CONTEXT,
    customer_templates,
    render_copy,
    template_source,
)
from conversations.policy.changes import RESCHEDULE, parse_change_intent
from leads.models import StudioSettings
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages
from tests.conversations.messaging.test_copy import CONTEXT as ARTIST_CONTEXT
from tests.paths import ROOT

LANGUAGES = [language for language in COMPLETE_LANGUAGES if language != DEFAULT_LANGUAGE]
KEYWORDS = ("HUMAN", "STOP", "START")
CHOICES = {"rule", "change", "why", "intro"}  # pick a wording, never shown themselves
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# Wordings a language writes exactly as English does (any other msgstr equal to its msgid is untranslated).
SAME_AS_ENGLISH = {"de": {"Hi %(name)s!", "Hi!", "Hey %(name)s!", "Hey!"}}
_GETTEXT = re.compile(r"""gettext\((u(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))\)""")
_PO_STRING = re.compile(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?|msgctxt)?\s*"(.*)"$')

# The sample values of admin's preview, and the ones only some templates take; each must come
# through any translation untouched.
VALUES: dict[str, Any] = {
    **SAMPLE_CONTEXT,
    "tz": "London",
    "link": "https://studio.test/consent/abc",
    "review_link": "https://g.page/r/sample",
    "address": "12 Sample Street",
    "calendar_url": "https://studio.test/ics/abc",
    "labels": ["Tue 3 Mar, 11:00", "Wed 4 Mar, 14:00"],
    "deposit": "£150",
    "notice_hours": 72,
    "refund_days": 7,
    "moves_left": 1,
    "change": "move",
    "why": "no_free_moves",
    "free_moves": 2,
    "sessions": 2,
    "intro": "reschedule",
    "extra": "Bring your ID.",
    "artist": "Mika",
}
# The same message without the optional values: the other msgid of each "with a name or not" pair.
BARE: dict[str, Any] = {**VALUES, "name": "", "when": "", "amount": "", "expires": "", "deposit": "", "again": True}


def catalog(language: str) -> list[dict[str, Any]]:
    """The entries of ``locale/<language>/LC_MESSAGES/django.po`` (the header left out)."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    field = ""
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif match := _PO_STRING.match(line):
            field = {"msgstr[0]": "msgstr"}.get(match.group(1) or field, match.group(1) or field)
            text = ast.literal_eval(f'"{match.group(2)}"')
            entry[field] = entry.get(field, "") + text
    return entries


def template_msgids(template: str) -> list[str]:
    """The msgids a template asks the catalog for (what makemessages would extract)."""
    return [ast.literal_eval(s) for s in _GETTEXT.findall(templatize(template_source(template)))]


def render(template: str, language: str, values: dict[str, Any]) -> str:
    with translation.override(language):
        return engines["messages"].get_template(f"messages/{template}.txt").render(values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_translates_every_customer_message(language: str) -> None:
    entries = {entry["msgid"]: entry for entry in catalog(language)}
    for template in customer_templates():
        for msgid in template_msgids(template):
            entry = entries.get(msgid)
            assert entry is not None, (language, template, msgid, "missing: run makemessages")
            assert entry["msgstr"].strip(), (language, template, msgid, "untranslated")
            assert not entry.get("fuzzy"), (language, template, msgid, "fuzzy")
            if msgid not in SAME_AS_ENGLISH.get(language, set()):
                assert entry["msgstr"] != msgid, (language, template, msgid, "left in English")
            assert sorted(set(PLACEHOLDER.findall(entry["msgstr"]))) == sorted(set(PLACEHOLDER.findall(msgid))), (
                language,
                msgid,
                entry["msgstr"],
            )
            for keyword in KEYWORDS:
                assert (keyword in msgid) == (keyword in entry["msgstr"]), (language, keyword, entry["msgstr"])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", customer_templates())
def test_every_template_is_translated_in_every_variant(language: str, template: str) -> None:
    if not template_msgids(template):  # faq_answer: the FAQ entry's own text, written per language
        assert render(template, language, VALUES) == render(template, DEFAULT_LANGUAGE, VALUES)
        return
    for values in (VALUES, BARE):
        for variant in range(3):
            context = {**values, "variant": variant}
            english, translated = render(template, DEFAULT_LANGUAGE, context), render(template, language, context)
            assert translated.strip(), (language, template, variant)
            assert translated != english, (language, template, variant, "untranslated", translated)
            for bad in ("%(", ")s", "{{", "{%", "%%"):
                assert bad not in translated, (language, template, variant, translated)
            for value in (v for k, v in context.items() if isinstance(v, str) and v and k not in CHOICES):
                if value in english:
                    assert value in translated, (language, template, variant, value, translated)


# The messages that tell a booked customer which word moves the booking, and how a language quotes it.
MOVE_HINTS = (
    '(If another date would suit better, write "reschedule" instead.)',
    'Write "reschedule" again whenever you like.',
)
_QUOTED = re.compile(r'"([^"]+)"|« ?([^»]+?) ?»|„([^“]+)“')


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_word_the_copy_suggests_for_a_move_is_read_as_a_move(language: str) -> None:
    entries = {entry["msgid"]: entry["msgstr"] for entry in catalog(language)}
    for msgid in MOVE_HINTS:
        words = ["".join(groups) for groups in _QUOTED.findall(entries[msgid])]
        assert words, (language, entries[msgid], "no quoted word")
        for word in words:
            assert parse_change_intent(word) == RESCHEDULE, (language, word)


def test_a_spanish_customer_is_welcomed_in_spanish_and_the_artist_told_in_english(ana: Chat) -> None:
    welcome = ana.says("Hola")
    assert ana.lead.customer.language == "es"
    assert welcome
    assert "Puedes escribir HUMAN cuando quieras" in welcome[0], welcome
    assert "STOP para dejar de recibir mensajes" in welcome[0], welcome
    ana.says("quiero hablar con una persona")
    notifications = artist_messages()
    assert notifications, "the artist is told of the handover"
    spanish = [entry["msgstr"] for entry in catalog("es") if len(entry["msgstr"]) > 12]
    for text in notifications:  # the artist's own templates: none of the catalog's Spanish in them
        assert not any(sentence in text for sentence in spanish), text


@pytest.mark.django_db
@pytest.mark.parametrize("template", [t.stem for t in sorted((ROOT / "templates" / "messages").glob("artist_*.txt"))])
def test_artist_notifications_stay_in_the_studio_language_for_a_spanish_customer(template: str, make_lead) -> None:
    studio = StudioSettings.load()
    lead = make_lead()
    english = render_copy(template, lead=lead, studio=studio, **ARTIST_CONTEXT)
    lead.customer.language = "es"
    lead.customer.save(update_fields=["language"])
    assert render_copy(template, lead=lead, studio=studio, **ARTIST_CONTEXT) == english
    assert render_copy("welcome", lead=lead, studio=studio, name="Ana") != render_copy(
        "welcome", lead=make_lead(), studio=studio, name="Ana"
    )

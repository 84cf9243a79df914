"""The customer's language through the webhook (docs/conversation.md "Languages"): chosen from the first
message, else the number's country, else the studio's default; switched on request; the template language
code; what the artist sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import Client
from rest_framework.test import APIClient

from conversations.engine.completion import summary_context
from conversations.messaging.faq import faq_answer, faq_context
from conversations.messaging.templates import configured_templates
from conversations.messaging.window import template_language_code
from leads.models import Customer, FaqEntry, StudioSettings
from tests.conversations.chat import Customer as Chat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phone", "first", "language"),
    [
        ("+447700900301", "Hola", "es"),  # the words decide over the number
        ("+447700900302", "Bonjour, je voudrais un tatouage", "fr"),
        ("+4915112345678", "5cm", "de"),  # nothing to read: the number's country
        ("+393331234567", "10x15", "it"),
        ("+819012345678", "10x15", "en"),  # a country with none of the languages: the default
        ("+447700900303", "hi", "en"),
    ],
)
def test_the_first_message_then_the_number_then_the_default(
    client: Client, phone: str, first: str, language: str
) -> None:
    Chat(client, phone=phone).says(first)
    assert Customer.objects.get(wa_id=phone).language == language


def test_only_spoken_languages_are_chosen(client: Client) -> None:
    StudioSettings.objects.filter(pk=1).update(languages="en,fr", default_language="en")
    Chat(client, phone="+34612345678").says("Hola")  # Spanish words, a Spanish number: neither spoken
    assert Customer.objects.get(wa_id="+34612345678").language == "en"


def test_the_language_is_chosen_once_and_switched_on_request(client: Client, staff_client: APIClient) -> None:
    ana = Chat(client, phone="+447700900304")
    ana.says("hola")
    customer = Customer.objects.get(wa_id="+447700900304")
    assert customer.language == "es"
    ana.says("a fine line rose")  # English words later do not change it
    customer.refresh_from_db()
    assert customer.language == "es"
    lead = ana.lead
    step = lead.qualifying_step
    replies = ana.says("English please")
    customer.refresh_from_db()
    lead.refresh_from_db()
    assert customer.language == "en"
    assert replies  # the question it was on, again
    assert lead.qualifying_step == step  # "English please" is no answer
    assert staff_client.get(f"/api/leads/{lead.pk}/").json()["language"] == "en"


def test_a_switch_to_a_language_the_studio_does_not_speak_is_an_ordinary_message(client: Client) -> None:
    StudioSettings.objects.filter(pk=1).update(languages="en", default_language="en")
    ana = Chat(client, phone="+447700900305")
    ana.says("hi")
    ana.says("en español")
    assert Customer.objects.get(wa_id="+447700900305").language == "en"


def test_templates_go_in_the_customer_s_language_where_approved_else_the_default(settings: Any) -> None:
    settings.WHATSAPP_TEMPLATE_LANGUAGE = "en_GB"
    settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en_GB", "es": "es"}
    assert template_language_code(Customer(language="es")) == "es"
    assert template_language_code(Customer(language="fr")) == "en_GB"  # no French templates approved
    assert template_language_code(Customer(language="")) == "en_GB"
    assert template_language_code(None) == "en_GB"  # the artist's alerts


def test_the_artist_s_summary_says_which_language_the_customer_writes_in(client: Client) -> None:
    ana = Chat(client, phone="+447700900306")
    ana.says("Hola, quiero un tatuaje pequeño")
    answers = summary_context(ana.lead, StudioSettings.load())["answers"]
    assert ("Writes in", "Spanish") in answers  # type: ignore[operator]


def test_the_templates_of_every_approved_language_are_watched(settings: Any) -> None:
    settings.WHATSAPP_TEMPLATES = {"nudge": "nudge_v2"}
    settings.WHATSAPP_TEMPLATE_LANGUAGE = "en_GB"
    settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en_GB", "es": "es"}
    assert configured_templates() == [("nudge", "nudge_v2", "en_gb"), ("nudge", "nudge_v2", "es")]


@pytest.mark.parametrize(
    ("language", "question", "words"),
    [
        ("es", "¿cuánto cuesta un tatuaje así?", "No tenemos lista de precios"),
        ("fr", "c'est combien ?", "Pas de grille de prix"),
        ("de", "Was kostet das ungefähr?", "Eine Preisliste gibt es nicht"),
        ("pt", "quanto custa?", "Não temos tabela de preços"),
        ("it", "quanto costa?", "Non abbiamo un listino"),
        ("es", "how much is it?", "There's no price list"),  # an English question still gets the English answer
    ],
)
def test_the_faq_answers_in_the_customer_s_language(language: str, question: str, words: str) -> None:
    answer = faq_answer(question, StudioSettings.load(), language)
    assert answer is not None
    assert answer.startswith(words)
    assert "{{" not in answer
    assert "£150" in answer  # the placeholders filled in every language


def test_every_faq_entry_of_every_language_renders_whole() -> None:
    studio = StudioSettings.load()
    rows = list(FaqEntry.objects.all())
    assert {row.language for row in rows} == {"en", "es", "fr", "de", "pt", "it"}
    for language in ("es", "fr", "de", "pt", "it"):
        assert {r.topic for r in rows if r.language == language} == {r.topic for r in rows if r.language == "en"}
    for row in rows:
        text = engines["messages"].from_string(row.answer).render(faq_context(studio))
        assert text.strip(), row
        assert "{" not in text, row


def test_a_spanish_customer_s_question_gets_the_spanish_answer_through_the_webhook(client: Client) -> None:
    ana = Chat(client, phone="+34612000111")
    ana.says("Hola")
    replies = ana.says("¿Cuánto cuesta un tatuaje pequeño?")
    assert any(reply.startswith("No tenemos lista de precios") for reply in replies), replies

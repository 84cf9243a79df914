"""Whole conversations in other languages through the webhook (docs/conversation.md "Languages"): a
Spanish customer from "Hola" to pending_approval, and a Portuguese customer switching to English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from conversations.messaging.formatting import format_range
from leads.models import Customer, Lead
from tests.conversations.chat import Customer as Chat

pytestmark = pytest.mark.django_db


def test_a_spanish_customer_from_hola_to_pending_approval(client: Client) -> None:
    ana = Chat(client, phone="+34612000333")
    [welcome, question] = ana.says("Hola")
    assert "reservas" in welcome
    assert question.endswith("¿Qué te gustaría tatuarte? Cuéntame tu idea.")  # the question too
    assert "¿En qué parte del cuerpo iría?" in ana.says("Una golondrina con un banner")[-1]
    for text in (
        "en el antebrazo izquierdo",
        "10 por 15 cm",
        "línea fina",
        "no tengo referencias",
        "unas £600",
        "London",
    ):
        ana.says(text)
    last = ana.says("entre semana por las tardes")
    lead = Lead.objects.get(pk=ana.lead.pk)
    assert lead.status == "pending_approval", last
    assert (lead.placement, lead.style, lead.size_category) == ("left forearm", "fine line", "large")
    assert (lead.size_width_cm, lead.size_height_cm) == (Decimal(10), Decimal(15))
    assert lead.budget_max == 60000
    assert Customer.objects.get(wa_id="+34612000333").language == "es"
    assert any(ch in "áéíóúñ¡¿" for text in last for ch in text)  # the last reply in Spanish too (any variant)


def test_a_portuguese_customer_switches_to_english_midway(client: Client) -> None:
    joao = Chat(client, phone="+351912000444")
    [welcome, _] = joao.says("Olá")
    assert Customer.objects.get(wa_id="+351912000444").language == "pt"
    assert "Olá" in welcome or "Oi" in welcome or "assistente" in welcome
    before = joao.says("Uma andorinha")
    portuguese = "ãõçêéóáíú"
    assert any(ch in portuguese for text in [welcome, *before] for ch in text)  # written in Portuguese so far
    replies = joao.says("English please")
    assert Customer.objects.get(wa_id="+351912000444").language == "en"
    assert replies  # the question it was on, again
    later = joao.says("on my left forearm")
    assert later
    assert not any(ch in portuguese for text in [*replies, *later] for ch in text)  # English from now on


def test_an_italian_customer_s_size_and_budget_are_read(client: Client) -> None:
    """From "Ciao", then the Italian answers: the size "10 per 15 cm" and the budget "circa 500 euro"."""
    giulia = Chat(client, phone="+393331234000")
    [welcome, _] = giulia.says("Ciao")
    assert Customer.objects.get(wa_id="+393331234000").language == "it"
    for text in ("Una rondine con un nastro", "sull'avambraccio sinistro", "10 per 15 cm", "linea sottile"):
        giulia.says(text)
    lead = Lead.objects.get(pk=giulia.lead.pk)
    assert (lead.size_width_cm, lead.size_height_cm) == (Decimal(10), Decimal(15))
    assert lead.placement == "left forearm"
    giulia.says("non ho riferimenti")
    giulia.says("circa 500 euro")
    lead.refresh_from_db()
    assert (lead.budget_min, lead.budget_max, lead.budget_currency) == (50000, 50000, "eur")
    assert "Puoi scrivere HUMAN in qualsiasi momento" in welcome


def test_a_budget_said_back_is_in_the_customer_s_words(client: Client) -> None:
    """The budget "up to £600" is read back to a Spanish customer as "hasta £600"; the artist reads English."""
    ana = Chat(client, phone="+34612000999")
    ana.says("Hola")
    said = ana.says("Una golondrina en el antebrazo izquierdo, 10 por 15 cm, presupuesto hasta 600 libras")
    assert any("hasta £600" in text for text in said), said
    assert not any("up to" in text for text in said), said
    with translation.override("en"):
        assert str(format_range(None, 60000, "gbp")) == "up to £600"

"""Keywords in another language, end to end through the webhook (docs/conversation.md "Keywords in every language")."""

from __future__ import annotations

from leads.models import Customer, Lead
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages


def test_a_spanish_opt_out_then_a_spanish_start(ana: Chat) -> None:
    ana.says("hola")
    ana.says("una rosa")
    confirmation = ana.says("BAJA por favor")
    assert len(confirmation) == 1
    assert ana.lead.status == "optout"
    assert Customer.objects.get(wa_id=ana.phone).opted_out is True
    assert ana.says("¿hola?") == []
    assert ana.says("PARAR") == []  # one confirmation, then silence

    restart = ana.says("EMPEZAR")
    assert ana.lead.status == "qualifying"
    assert ana.lead.current_question == "idea"
    assert restart
    assert Customer.objects.get(wa_id=ana.phone).opted_out is False


def test_a_french_erasure(ana: Chat) -> None:
    ana.says("bonjour")
    ana.says("une hirondelle")
    lead_id = ana.lead.pk
    confirmation = ana.says("Supprimez mes données, merci")
    assert len(confirmation) == 1
    assert any("delete their data" in m for m in artist_messages())
    lead = Lead.objects.get(pk=lead_id)
    assert (lead.status, lead.customer.opted_out) == ("optout", True)
    assert lead.customer.erased_at is not None


def test_a_german_handover_then_weiter(ana: Chat) -> None:
    ana.says("hallo")
    ana.says("eine Rose")
    ana.says("ich möchte mit einem Menschen sprechen")
    lead = ana.lead
    assert (lead.status, lead.handover_reason) == ("needs_artist_reply", "phrase:talk_to_human")
    ana.says("weiter")
    assert ana.lead.status == "qualifying"


def test_an_ordinary_portuguese_sentence_is_an_answer_not_an_opt_out(ana: Chat) -> None:
    ana.says("oi")
    ana.says("uma rosa")
    ana.says("posso sair do trabalho às 5")
    assert ana.lead.status == "qualifying"
    assert Customer.objects.get(wa_id=ana.phone).opted_out is False


def test_a_french_opt_out_then_a_french_start(ana: Chat) -> None:
    ana.says("bonjour")
    ana.says("une hirondelle")
    [confirmation] = ana.says("ARRÊT")
    assert ana.lead.status == "optout"
    assert Customer.objects.get(wa_id=ana.phone).opted_out is True
    assert confirmation.startswith("Tu ne recevras plus de messages")  # confirmed in French
    assert ana.says("arreter svp") == []  # accents optional; one confirmation, then silence
    assert ana.says("c'est encore possible ?") == []

    restart = ana.says("RECOMMENCER")
    assert ana.lead.status == "qualifying"
    assert ana.lead.current_question == "idea"
    assert any("tatouer" in text for text in restart), restart  # asked again, in French
    assert Customer.objects.get(wa_id=ana.phone).opted_out is False

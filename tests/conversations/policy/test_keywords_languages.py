"""Keywords and yes / no in every language the bot speaks (docs/conversation.md "Keywords").

One table per language: what each phrasing must be read as, and look-alikes
that must not be read as a keyword. Each row is (text, kind, detail[, language]):

* ``opt_out`` / ``erase`` / ``handover``: ``match_global`` gives that keyword, the
  reason ``detail`` and the table's language (or the fourth item, for a word
  another language has first, such as "stop");
* ``opt_in`` / ``continue``: the whole message is that keyword, in that language;
* ``yes`` / ``no`` / ``unsure``: ``parse_yes_no`` is True / False / None;
* ``nothing``: no global keyword at all (and not an opt-in);
* ``not_opt_in``: ``match_opt_in`` is False.
"""

from __future__ import annotations

from typing import Any

import pytest

from conversations.policy.keyword_words import LANGUAGES
from conversations.policy.keywords import (
    Keyword,
    KeywordMatch,
    continue_language,
    is_continue,
    match_global,
    match_opt_in,
    opt_in_language,
)
from conversations.policy.replies import parse_yes_no

ES = [
    ("BAJA", "opt_out", "baja"),
    ("baja por favor", "opt_out", "baja"),
    ("Darme de baja", "opt_out", "darme de baja"),
    ("PARAR", "opt_out", "parar"),
    ("¡Parar!", "opt_out", "parar"),
    ("detener", "opt_out", "detener"),
    ("Cancelar suscripción", "opt_out", "cancelar suscripción"),
    ("cancelar suscripcion", "opt_out", "cancelar suscripción"),
    ("desuscribirme gracias", "opt_out", "desuscribirme"),
    ("borrar mis datos", "erase", "borrar mis datos"),
    ("Eliminar mis datos, gracias", "erase", "eliminar mis datos"),
    ("por favor borren mis datos", "erase", "borren mis datos"),
    ("BORRAR DATOS", "erase", "borrar datos"),
    ("quiero hablar con una persona", "handover", "phrase:talk_to_person"),
    ("¿Puedo hablar con el artista?", "handover", "phrase:talk_to_artist"),
    ("necesito hablar con alguien", "handover", "phrase:talk_to_someone"),
    ("hablar con el tatuador por favor", "handover", "phrase:talk_to_artist"),
    ("quiero hablar directamente con un humano", "handover", "phrase:talk_to_human"),
    ("HUMANO", "handover", "keyword:human"),
    ("una persona real", "handover", "keyword:person"),
    ("el artista", "handover", "keyword:artist"),
    ("¿Hay algún descuento?", "handover", "price:discount"),
    ("quiero un reembolso", "handover", "refund"),
    ("EMPEZAR", "opt_in", None),
    ("alta", "opt_in", None),
    ("Sí", "opt_in", None),
    ("continuar", "opt_in", None),
    ("continuar", "continue", None),
    ("seguir por favor", "continue", None),
    ("sigamos", "continue", None),
    ("sí", "yes", None),
    ("si", "yes", None),
    ("claro", "yes", None),
    ("vale", "yes", None),
    ("de acuerdo", "yes", None),
    ("Sí, gracias", "yes", None),
    ("claro que sí", "yes", None),
    ("no", "no", None),
    ("no gracias", "no", None),
    ("para nada", "no", None),
    ("claro que no", "no", None),
    ("si puedo ir el lunes", "unsure", None),
    ("no sé", "unsure", None),
    ("no puedo parar de pensar en el tatuaje", "nothing", None),
    ("quiero cancelar la cita", "nothing", None),
    ("¿cancelar tiene coste?", "nothing", None),
    ("para mi brazo", "nothing", None),
    ("me di de baja en el gimnasio", "nothing", None),
    ("un retrato de una persona", "nothing", None),
    ("hablé con una persona del estudio", "nothing", None),
    ("el artista es increíble", "nothing", None),
    ("alta calidad", "not_opt_in", None),
    ("si puedo", "not_opt_in", None),
]

FR = [
    ("STOP", "opt_out", "stop", "en"),
    ("ARRÊT", "opt_out", "arrêt"),
    ("arret", "opt_out", "arrêt"),
    ("Arrêter svp", "opt_out", "arrêter"),
    ("ARRETER", "opt_out", "arrêter"),
    ("me désabonner", "opt_out", "me désabonner"),
    ("DESINSCRIRE", "opt_out", "désinscrire"),
    ("merci, stop", "opt_out", "stop", "en"),
    ("stop s'il vous plaît", "opt_out", "stop", "en"),
    ("supprimer mes données", "erase", "supprimer mes données"),
    ("Supprimez mes données svp", "erase", "supprimez mes données"),
    ("effacer mes donnees", "erase", "effacer mes données"),
    ("je veux parler à quelqu'un", "handover", "phrase:talk_to_someone"),
    ("parler à un humain", "handover", "phrase:talk_to_human"),
    ("Je voudrais parler avec l'artiste", "handover", "phrase:talk_to_artist"),
    ("est-ce que je peux parler au tatoueur ?", "handover", "phrase:talk_to_artist"),
    ("un humain", "handover", "keyword:human"),
    ("l'artiste", "handover", "keyword:artist"),
    ("une vraie personne", "handover", "keyword:person"),
    ("remboursement ?", "handover", "refund"),
    ("on peut négocier le prix ?", "handover", "price:negotiate"),
    ("RECOMMENCER", "opt_in", None),
    ("oui", "opt_in", None),
    ("reprendre", "opt_in", None),
    ("continuer", "continue", None),
    ("on continue", "continue", None),
    ("oui", "yes", None),
    ("ouais", "yes", None),
    ("d'accord", "yes", None),
    ("bien sûr", "yes", None),
    ("oui merci", "yes", None),
    ("non", "no", None),
    ("non merci", "no", None),
    ("pas du tout", "no", None),
    ("oui mais plus petit", "unsure", None),
    ("je veux arrêter de fumer avant", "nothing", None),
    ("un arrêt de bus sur le bras", "nothing", None),
    ("stop ou encore", "nothing", None),
    ("le portrait d'une personne", "nothing", None),
    ("j'ai parlé à quelqu'un hier", "nothing", None),
    ("personne", "nothing", None),
    ("l'artiste est top", "nothing", None),
    ("commencer par le bras", "not_opt_in", None),
]

DE = [
    ("STOPP", "opt_out", "stopp"),
    ("stopp bitte", "opt_out", "stopp"),
    ("STOP", "opt_out", "stop", "en"),
    ("abmelden", "opt_out", "abmelden"),
    ("Abbestellen, danke", "opt_out", "abbestellen"),
    ("Bitte abmelden", "opt_out", "abmelden"),
    ("meine Daten löschen", "erase", "meine daten löschen"),
    ("Lösche meine Daten", "erase", "lösche meine daten"),
    ("loesche meine daten", "erase", "loesche meine daten"),
    ("Bitte löschen Sie meine Daten", "erase", "löschen sie meine daten"),
    ("ich möchte mit einem Menschen sprechen", "handover", "phrase:talk_to_human"),
    ("mit dem Künstler sprechen", "handover", "phrase:talk_to_artist"),
    ("Kann ich mit jemandem reden?", "handover", "phrase:talk_to_someone"),
    ("ich will den Künstler sprechen", "handover", "phrase:talk_to_artist"),
    ("Mensch", "handover", "keyword:human"),
    ("der Künstler", "handover", "keyword:artist"),
    ("ein echter Mensch", "handover", "keyword:human"),
    ("gibt es Rabatt?", "handover", "price:discount"),
    ("geht es günstiger?", "handover", "price:cheaper"),
    ("Rückerstattung bitte", "handover", "refund"),
    ("START", "opt_in", None, "en"),
    ("weiter", "opt_in", None),
    ("ja", "opt_in", None),
    ("weiter", "continue", None),
    ("weiter bitte", "continue", None),
    ("fortsetzen", "continue", None),
    ("ja", "yes", None),
    ("jawohl", "yes", None),
    ("klar", "yes", None),
    ("genau", "yes", None),
    ("ja gerne", "yes", None),
    ("ja bitte", "yes", None),
    ("nein", "no", None),
    ("nein danke", "no", None),
    ("nö", "no", None),
    ("auf keinen Fall", "no", None),
    ("ja aber kleiner", "unsure", None),
    ("stopp mal, ich meinte 10 cm", "nothing", None),
    ("ein Stoppschild als Tattoo", "nothing", None),
    ("ich habe mit dem Künstler gesprochen", "nothing", None),
    ("ein menschlicher Schädel", "nothing", None),
    ("Mensch, ist das schön!", "nothing", None),
    ("der Künstler ist toll", "nothing", None),
    ("weiter oben am Arm", "not_opt_in", None),
]

PT = [
    ("PARE", "opt_out", "pare"),
    ("parar", "opt_out", "parar", "es"),
    ("sair", "opt_out", "sair"),
    ("Sair por favor", "opt_out", "sair"),
    ("CANCELAR", "nothing", None),  # a booked customer's cancellation (policy/changes.py), not an opt-out
    ("descadastrar", "opt_out", "descadastrar"),
    ("quero sair", "opt_out", "quero sair"),
    ("Pare, obrigado", "opt_out", "pare"),
    ("apagar meus dados", "erase", "apagar meus dados"),
    ("apagar os meus dados", "erase", "apagar os meus dados"),
    ("Eliminar os meus dados", "erase", "eliminar os meus dados"),
    ("apaguem meus dados por favor", "erase", "apaguem meus dados"),
    ("excluir meus dados", "erase", "excluir meus dados"),
    ("quero falar com uma pessoa", "handover", "phrase:talk_to_person"),
    ("falar com o tatuador", "handover", "phrase:talk_to_artist"),
    ("posso falar com alguém?", "handover", "phrase:talk_to_someone"),
    ("quero falar com um humano", "handover", "phrase:talk_to_human"),
    ("atendimento humano", "handover", "keyword:human"),
    ("o tatuador", "handover", "keyword:artist"),
    ("tem desconto?", "handover", "price:discount"),
    ("quero reembolso", "handover", "refund", "es"),
    ("COMEÇAR", "opt_in", None),
    ("comecar", "opt_in", None),
    ("sim", "opt_in", None),
    ("voltar", "opt_in", None),
    ("continuar", "continue", None, "es"),
    ("vamos continuar", "continue", None),
    ("sim", "yes", None),
    ("pode ser", "yes", None),
    ("com certeza", "yes", None),
    ("tá bom", "yes", None),
    ("não", "no", None),
    ("nao", "no", None),
    ("de jeito nenhum", "no", None),
    ("não, obrigado", "no", None),
    ("sim mas menor", "unsure", None),
    ("sair do trabalho às 5", "nothing", None),
    ("posso sair mais cedo?", "nothing", None),
    ("quero cancelar o horário", "nothing", None),
    ("parar de fumar", "nothing", None),
    ("falei com uma pessoa", "nothing", None),
    ("pessoa segurando uma flor", "nothing", None),
    ("voltar a tatuar", "not_opt_in", None),
]

IT = [
    ("FERMA", "opt_out", "ferma"),
    ("stop", "opt_out", "stop", "en"),
    ("BASTA", "opt_out", "basta"),
    ("basta grazie", "opt_out", "basta"),
    ("disiscrivimi", "opt_out", "disiscrivimi"),
    ("Cancellami per favore", "opt_out", "cancellami"),
    ("fermati", "opt_out", "fermati"),
    ("cancella i miei dati", "erase", "cancella i miei dati"),
    ("elimina i miei dati", "erase", "elimina i miei dati"),
    ("Cancellate i miei dati, grazie", "erase", "cancellate i miei dati"),
    ("eliminare i miei dati", "erase", "eliminare i miei dati"),
    ("voglio parlare con una persona", "handover", "phrase:talk_to_person"),
    ("parlare con l'artista", "handover", "phrase:talk_to_artist"),
    ("posso parlare con il tatuatore?", "handover", "phrase:talk_to_artist"),
    ("vorrei parlare con qualcuno", "handover", "phrase:talk_to_someone"),
    ("un operatore", "handover", "keyword:agent"),
    ("l'artista", "handover", "keyword:artist"),
    ("c'è uno sconto?", "handover", "price:discount"),
    ("vorrei un rimborso", "handover", "refund"),
    ("RICOMINCIA", "opt_in", None),
    ("sì", "opt_in", None, "es"),
    ("riprendi", "opt_in", None),
    ("continua", "continue", None),
    ("andiamo avanti", "continue", None),
    ("sì", "yes", None),
    ("si", "yes", None),
    ("certo", "yes", None),
    ("va bene", "yes", None),
    ("d'accordo", "yes", None),
    ("sì grazie", "yes", None),
    ("no", "no", None),
    ("no grazie", "no", None),
    ("per niente", "no", None),
    ("si è piccolo?", "unsure", None),
    ("sì ma più piccolo", "unsure", None),
    ("basta che sia piccolo", "nothing", None),
    ("ho parlato con qualcuno", "nothing", None),
    ("il ritratto di una persona", "nothing", None),
    ("l'artista è bravissimo", "nothing", None),
    ("stop motion", "nothing", None),
    ("inizia dal polso", "not_opt_in", None),
]

TABLES: dict[str, list[tuple[Any, ...]]] = {"es": ES, "fr": FR, "de": DE, "pt": PT, "it": IT}
CASES = [
    pytest.param(text, kind, detail, shared[0] if shared else language, id=f"{language}-{kind}-{text}")
    for language, rows in TABLES.items()
    for text, kind, detail, *shared in rows
]
GLOBAL = {"opt_out": Keyword.OPT_OUT, "erase": Keyword.ERASE, "handover": Keyword.HANDOVER}


@pytest.mark.parametrize(("text", "kind", "detail", "language"), CASES)
def test_phrasings(text: str, kind: str, detail: str | None, language: str) -> None:
    if kind in GLOBAL:
        assert match_global(text) == KeywordMatch(GLOBAL[kind], str(detail), language)
    elif kind == "opt_in":
        assert match_global(text) is None
        assert opt_in_language(text) == language
        assert match_opt_in(text)
    elif kind == "continue":
        assert continue_language(text) == language
        assert is_continue(text)
    elif kind in {"yes", "no", "unsure"}:
        assert parse_yes_no(text) is {"yes": True, "no": False, "unsure": None}[kind]
    elif kind == "nothing":
        assert match_global(text) is None
        assert not match_opt_in(text)
    else:
        assert kind == "not_opt_in"
        assert not match_opt_in(text)
        assert not is_continue(text)


@pytest.mark.parametrize("language", list(TABLES))
def test_every_language_has_positives_and_look_alikes(language: str) -> None:
    kinds = [row[1] for row in TABLES[language]]
    assert len(kinds) >= 25
    assert {"opt_out", "erase", "handover", "opt_in", "continue", "yes", "no", "nothing"} <= set(kinds)
    assert set(TABLES) | {"en"} == set(LANGUAGES)

"""The words of the global keywords in each language the bot speaks (docs/conversation.md "Keywords").

Pure data, read by ``keywords.py``. Phrases are written as people type them,
accents and apostrophes included; ``keywords`` folds both sides the same way
(``keyword_text`` then ``fold_accents``), so "arret" matches "arrêt" and
"quelqu'un" reads "quelquun". German phrases also come with ae / oe / ue for
ä / ö / ü ("loeschen"). When two languages share a word ("stop", "parar",
"sí"), the match names the first language in ``LANGUAGES``.

Per language:

* ``opt_out`` / ``erase`` / ``opt_in`` / ``continue_``: whole-message keywords.
* ``handover``: whole-message handover words, each with the reason's target
  (``keyword:<target>``).
* ``talk_to``: patterns searched anywhere in the folded text; the named group
  ``target`` is looked up in ``targets`` (reason ``phrase:talk_to_<target>``).
  Only infinitives and requests count, so a story ("hablé con una persona",
  "ich habe mit dem Künstler gesprochen") does not hand over.
* ``refund`` / ``price``: whole words anywhere (reasons ``refund``, ``price:<word>``).
* ``courtesy``: words and phrases allowed at either end of a keyword.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt", "it")


@dataclass(frozen=True)
class LanguageWords:
    opt_out: tuple[str, ...]
    erase: tuple[str, ...]
    opt_in: tuple[str, ...]
    continue_: tuple[str, ...]
    courtesy: tuple[str, ...]
    handover: Mapping[str, str] = field(default_factory=dict)
    talk_to: tuple[str, ...] = ()
    targets: Mapping[str, str] = field(default_factory=dict)
    refund: tuple[str, ...] = ()
    price: Mapping[str, str] = field(default_factory=dict)


def _whole(articles: tuple[str, ...], nouns: Mapping[str, str], adjectives: tuple[str, ...] = ()) -> dict[str, str]:
    """Every "[article] noun [adjective]" (adjectives after the noun, as in es / pt / it / fr)."""
    phrases: dict[str, str] = {}
    for noun, target in nouns.items():
        for article in ("", *articles):
            for adjective in ("", *adjectives):
                phrases[" ".join(w for w in (article, noun, adjective) if w)] = target
    return phrases


def _talk_to(verbs: str, prepositions: str, determiners: str, targets: Mapping[str, str]) -> str:
    """A request to talk to someone: verb [adverb] preposition [up to three determiners] target."""
    alternatives = "|".join(sorted(targets, key=len, reverse=True))
    return (
        rf"\b(?:{verbs})(?: \w+mente| directement| personnellement)? (?:{prepositions}) "
        rf"(?:(?:{determiners}) ){{0,3}}(?P<target>{alternatives})\b"
    )


def umlaut_spellings(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """German phrases and, where they have ä / ö / ü / ß, the same written ae / oe / ue / ss."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    spelled = [phrase.translate(table) for phrase in phrases]
    return tuple(dict.fromkeys(phrases + tuple(spelled)))


def _german(phrases: Mapping[str, str]) -> dict[str, str]:
    """``umlaut_spellings`` for a table of phrases."""
    return {spelled: value for phrase, value in phrases.items() for spelled in umlaut_spellings((phrase,))}


# --- English ---------------------------------------------------------------------------------
# The whole-message handover ("the artist", "a real person") and the talk-to phrase are
# regular expressions in keywords.py; they predate the other languages.

EN = LanguageWords(
    opt_out=("stop", "stop all", "unsubscribe", "opt out", "optout"),
    erase=("delete my data", "delete data", "remove my data"),
    opt_in=("start", "resume", "continue", "yes", "unstop"),
    continue_=("continue",),
    courtesy=(
        *("please", "pls", "plz", "plse", "kindly", "thanks", "thx", "ty", "ta", "cheers", "sorry", "now"),
        *("x", "xx", "xxx", "thank you", "thank u", "thanks you"),
    ),
    refund=("refund", "refunds"),
    price={"discount": "discount", "discounts": "discount", "cheaper": "cheaper", "negotiate": "negotiate"},
)

# --- Spanish ---------------------------------------------------------------------------------

_ES_TARGETS = {
    "ser humano": "human",
    "humano": "human",
    "humanos": "human",
    "persona": "person",
    "personas": "person",
    "persona real": "person",
    "alguien": "someone",
    "artista": "artist",
    "tatuador": "artist",
    "tatuadora": "artist",
    "agente": "agent",
    "encargado": "agent",
    "encargada": "agent",
}
ES = LanguageWords(
    opt_out=(
        *("baja", "darme de baja", "dame de baja", "dar de baja", "quiero darme de baja", "parar", "detener"),
        *("cancelar suscripción", "cancelar la suscripción", "anular suscripción", "desuscribir", "desuscribirme"),
    ),
    erase=(
        *("borrar mis datos", "eliminar mis datos", "borra mis datos", "elimina mis datos", "borren mis datos"),
        *("eliminen mis datos", "borrar datos", "eliminar datos", "borrar todos mis datos", "eliminar todos mis datos"),
    ),
    opt_in=("empezar", "comenzar", "alta", "darme de alta", "sí", "si", "continuar", "seguir", "reanudar", "volver"),
    continue_=("continuar", "seguir", "sigue", "sigamos", "continuemos"),
    courtesy=(
        *("por favor", "porfa", "porfavor", "porfis", "xfa", "xfavor", "gracias", "muchas gracias", "ya", "ahora"),
        *("perdón", "disculpa"),
    ),
    handover=_whole(("un", "una", "el", "la"), _ES_TARGETS, ("real", "de verdad")) | {"hablar con alguien": "someone"},
    talk_to=(
        _talk_to(
            "hablar|charlar|conversar|comunicarme|comunicarse|contactar",
            "con",
            "un|una|el|la|algun|alguna|su|tu|vuestro|vuestra|mismo|misma",
            _ES_TARGETS,
        ),
    ),
    targets=_ES_TARGETS,
    refund=("reembolso", "reembolsos"),
    price={"descuento": "discount", "descuentos": "discount", "negociar": "negotiate", "regatear": "negotiate"},
)

# --- French ----------------------------------------------------------------------------------

_FR_TARGETS = {
    "être humain": "human",
    "humain": "human",
    "lhumain": "human",
    "humains": "human",
    "vraie personne": "person",
    "une personne": "person",
    "la personne": "person",
    "personne réelle": "person",
    "quelqu'un": "someone",
    "artiste": "artist",
    "l'artiste": "artist",
    "tatoueur": "artist",
    "tatoueuse": "artist",
    "agent": "agent",
    "l'agent": "agent",
    "conseiller": "agent",
    "conseillère": "agent",
}
FR = LanguageWords(
    opt_out=(
        *("stop", "arrêt", "arrêter", "arrête", "arrêtez", "désabonner", "me désabonner", "désabonnement"),
        *("désinscrire", "me désinscrire", "désinscription", "stop tout"),
    ),
    erase=(
        *("supprimer mes données", "supprimez mes données", "supprime mes données", "effacer mes données"),
        *("effacez mes données", "efface mes données", "supprimer données", "supprimer toutes mes données"),
    ),
    opt_in=("recommencer", "commencer", "reprendre", "continuer", "oui", "démarrer", "réactiver"),
    continue_=("continuer", "continuez", "on continue", "reprendre"),
    courtesy=(
        *("s'il vous plaît", "s'il te plaît", "svp", "stp", "merci", "merci beaucoup", "maintenant"),
        *("désolé", "désolée", "pardon"),
    ),
    handover=_whole(("un", "une", "le", "la"), {"humain": "human", "artiste": "artist", "tatoueur": "artist"})
    | {"l'artiste": "artist", "agent": "agent", "un agent": "agent", "un agent humain": "agent"}
    | {"un vrai humain": "human", "un être humain": "human", "une personne": "person", "une vraie personne": "person"}
    | {"parler à quelqu'un": "someone"},
    talk_to=(
        _talk_to(
            "parler|discuter|causer|échanger",
            "à|a|avec|au",
            "un|une|le|la|vrai|votre|ton|ta",
            _FR_TARGETS,
        ),
    ),
    targets=_FR_TARGETS,
    refund=("remboursement", "remboursements"),
    price={"négocier": "negotiate"},
)

# --- German ----------------------------------------------------------------------------------

_DE_TARGETS = {
    "menschen": "human",
    "mensch": "human",
    "person": "person",
    "jemandem": "someone",
    "jemand": "someone",
    "jemanden": "someone",
    "künstler": "artist",
    "künstlerin": "artist",
    "tätowierer": "artist",
    "tätowiererin": "artist",
    "mitarbeiter": "agent",
    "mitarbeiterin": "agent",
}
_DE_ALTERNATIVES = "|".join(sorted(umlaut_spellings(tuple(_DE_TARGETS)), key=len, reverse=True))
_DE_DETERMINERS = (
    "einem|einer|einen|eine|dem|der|den|die|echten|echtem|echter|richtigen|richtigem|realen|ihrem|eurem|deinem"
)
DE = LanguageWords(
    opt_out=umlaut_spellings(("stopp", "stop", "abmelden", "abbestellen", "austragen", "abmeldung", "stoppen")),
    erase=umlaut_spellings(
        (
            *("meine daten löschen", "lösche meine daten", "löscht meine daten", "löschen sie meine daten"),
            *("daten löschen", "alle meine daten löschen", "meine daten entfernen", "entfernt meine daten"),
        )
    ),
    opt_in=("start", "starten", "weiter", "fortsetzen", "ja", "anmelden", "wieder anmelden"),
    continue_=("weiter", "weitermachen", "fortsetzen", "fortfahren", "weiter gehts", "mach weiter"),
    courtesy=umlaut_spellings(("bitte", "danke", "danke schön", "dankeschön", "vielen dank", "jetzt", "sofort")),
    handover=_german(
        _whole(("ein", "der", "die"), {"mensch": "human", "künstler": "artist", "tätowierer": "artist"})
        | _whole(("ein", "der"), {"echter mensch": "human", "mitarbeiter": "agent", "künstlerin": "artist"})
        | {"mit jemandem sprechen": "someone"}
    ),
    talk_to=(
        # "mit (einem) Menschen sprechen", "mit dem Künstler direkt reden"
        rf"\bmit (?:(?:{_DE_DETERMINERS}) ){{0,3}}(?P<target>{_DE_ALTERNATIVES})(?: \w+){{0,3}}"
        r" (?:sprechen|reden|chatten|schreiben)\b",
        # "(ich möchte) den Künstler sprechen", "einen echten Menschen sprechen"
        rf"\b(?:einen|den|die|eine) (?:(?:echten|richtigen) )?(?P<target>{_DE_ALTERNATIVES}) sprechen\b",
    ),
    targets=_german(_DE_TARGETS),
    refund=umlaut_spellings(("rückerstattung", "rückzahlung")),
    price={
        "rabatt": "discount",
        "rabatte": "discount",
        "günstiger": "cheaper",
        "guenstiger": "cheaper",
        "billiger": "cheaper",
        "verhandeln": "negotiate",
    },
)

# --- Portuguese ------------------------------------------------------------------------------

_PT_TARGETS = {
    "ser humano": "human",
    "humano": "human",
    "humanos": "human",
    "pessoa": "person",
    "pessoas": "person",
    "pessoa real": "person",
    "alguém": "someone",
    "artista": "artist",
    "tatuador": "artist",
    "tatuadora": "artist",
    "atendente": "agent",
    "agente": "agent",
}
PT = LanguageWords(
    opt_out=(
        *("pare", "parar", "sair", "descadastrar", "me descadastrar", "cancelar inscrição"),
        *("parem", "quero sair"),
    ),
    erase=(
        *("apagar meus dados", "apagar os meus dados", "eliminar os meus dados", "eliminar meus dados"),
        *("apague meus dados", "apaguem meus dados", "apaguem os meus dados", "excluir meus dados"),
        *("excluir os meus dados", "deletar meus dados", "apagar dados", "apagar todos os meus dados"),
    ),
    opt_in=("começar", "recomeçar", "voltar", "sim", "continuar", "retomar", "iniciar"),
    continue_=("continuar", "seguir", "vamos continuar", "pode continuar"),
    courtesy=(
        *("por favor", "pfv", "pf", "pfvr", "obrigado", "obrigada", "obg", "brigado", "brigada"),
        *("muito obrigado", "muito obrigada", "agora", "valeu", "desculpa", "desculpe"),
    ),
    handover=_whole(("um", "uma", "o", "a"), _PT_TARGETS, ("real", "de verdade"))
    | {"atendimento humano": "human", "falar com alguém": "someone"},
    talk_to=(
        _talk_to(
            "falar|conversar|papear",
            "com",
            "um|uma|o|a|algum|alguma|seu|sua|teu|tua|próprio|própria",
            _PT_TARGETS,
        ),
    ),
    targets=_PT_TARGETS,
    refund=("reembolso", "reembolsos"),
    price={"desconto": "discount", "descontos": "discount", "negociar": "negotiate"},
)

# --- Italian ---------------------------------------------------------------------------------

_IT_TARGETS = {
    "essere umano": "human",
    "umano": "human",
    "umani": "human",
    "persona": "person",
    "persona reale": "person",
    "persona vera": "person",
    "qualcuno": "someone",
    "artista": "artist",
    "l'artista": "artist",
    "tatuatore": "artist",
    "tatuatrice": "artist",
    "operatore": "agent",
    "l'operatore": "agent",
    "operatrice": "agent",
    "agente": "agent",
}
IT = LanguageWords(
    opt_out=(
        *("ferma", "fermati", "stop", "basta", "disiscrivimi", "disiscrivere", "cancellami", "annulla iscrizione"),
        *("disiscrizione", "non scrivetemi più"),
    ),
    erase=(
        *("cancella i miei dati", "elimina i miei dati", "cancellare i miei dati", "eliminare i miei dati"),
        *("cancellate i miei dati", "eliminate i miei dati", "cancella dati", "cancella tutti i miei dati"),
    ),
    opt_in=("ricomincia", "ricominciare", "inizia", "iniziare", "riprendi", "riprendere", "continua", "sì", "si"),
    continue_=("continua", "continuare", "continuiamo", "andiamo avanti", "avanti", "riprendi"),
    courtesy=(
        *("per favore", "per piacere", "perfavore", "grazie", "grazie mille", "ora", "adesso", "subito"),
        *("scusa", "scusate", "scusi"),
    ),
    handover=_whole(("un", "una", "il"), _IT_TARGETS, ("vero", "vera", "reale")) | {"parlare con qualcuno": "someone"},
    talk_to=(
        _talk_to(
            "parlare|parlarne|chattare|scrivere",
            "con|col",
            "un|uno|una|il|lo|la|qualche|vostro|vostra|tuo|tua|vero|vera",
            _IT_TARGETS,
        ),
    ),
    targets=_IT_TARGETS,
    refund=("rimborso", "rimborsi"),
    price={"sconto": "discount", "sconti": "discount", "negoziare": "negotiate"},
)

WORDS: Mapping[str, LanguageWords] = {"en": EN, "es": ES, "fr": FR, "de": DE, "pt": PT, "it": IT}

"""Global keywords (docs/conversation.md "Keywords"): opt-out, erasure, handover, opt-in and CONTINUE.

The bot's languages are en, es, fr, de, pt and it, and every one of them is
always on: a Spanish "BAJA" opts out in a studio that only speaks English
(compliance), a German "WEITER" resumes. The words of each language are in
``keyword_words.py``; a match says which language it was (``KeywordMatch.language``,
"en" for English and for words English shares, such as "stop").

Every rule compares ``keyword_text`` (``text.normalize``: NFKC, case-folded,
punctuation, symbols and emoji turned into spaces, apostrophes dropped; emoji
variation selectors removed too) with accents folded (``fold_accents``), so
"ＳＴＯＰ!!!", " stop ✋️ " and "Stop." all read "stop", and "ARRET", "Arrêt"
and "arrêt" are one word.

Whole-message rules. A keyword is the whole message, but:

* courtesy words at either end are allowed, in every language ("STOP please",
  "please delete my data", "human thanks x", "BAJA por favor", "merci, STOP",
  "bitte abmelden", "PARE obrigado", "basta grazie"): please, pls, thanks,
  thank you, sorry, now, x …; por favor, gracias, ya; s'il vous plaît, svp,
  merci; bitte, danke, jetzt; por favor, obrigado/obrigada, agora; per favore,
  grazie, ora …;
* the keyword repeated is the keyword ("STOP STOP");
* nothing else: "stop by the studio?", "don't stop", "no puedo parar de pensar
  en el tatuaje", "je veux arrêter de fumer avant", "stopp mal, ich meinte 10 cm",
  "sair do trabalho às 5", "basta che sia piccolo" and "can you delete my data"
  are not keywords. Words that are ordinary answers elsewhere ("parar",
  "sair", "cancelar", "basta", "alta", "sí") count only as the whole message.

Keywords (``match_global``, in this order):

* ``OPT_OUT``: stop, stop all, unsubscribe, opt out ("opt-out"), optout; es
  baja, darme de baja, parar, detener, cancelar suscripción …; fr stop, arrêt,
  arrêter, désabonner, désinscrire …; de stopp, stop, abmelden, abbestellen …;
  pt pare, parar, sair, cancelar, descadastrar …; it ferma, stop, basta,
  disiscrivimi, cancellami … Reason: the keyword as ``keyword_words`` writes it.
* ``ERASE``: delete my data, delete data, remove my data; borrar / eliminar mis
  datos; supprimer / effacer mes données; meine Daten löschen, lösche meine
  Daten; apagar (os) meus dados, eliminar os meus dados; cancella / elimina i
  miei dati …
* ``HANDOVER``, whole message: human, artist, person, agent, real person,
  talk to someone; an article (a / an / the) and real / actual / live may come
  first ("the artist", "a real person", "live agent"). Reason ``keyword:<words>``.
  Other languages: [article] humano / persona / artista / tatuador [real] …,
  un humain, l'artiste, une personne …, (ein) Mensch, der Künstler …, (uma)
  pessoa, o tatuador …, (una) persona, l'artista … Reason ``keyword:<target>``
  (human, person, someone, artist, agent).
* ``HANDOVER``, anywhere in the message: talk / speak / chat [directly |
  personally] to / with / 2 [a | an | the | some | your | one | real | actual |
  live] human(s) / human being / person / someone / somebody / anyone /
  anybody / artist / tattoo artist / tattooist / agent. Only the base verbs
  count: "I was talking to someone" and "I spoke to a person" tell a story,
  they do not ask. A negation is not read ("I don't need to talk to a human"
  hands over: a needless handover is cheap, a missed one is not).
  The same in each language, infinitives only: "quiero hablar con una
  persona", "hablar con el artista", "je veux parler à quelqu'un", "parler à
  un humain", "ich möchte mit einem Menschen sprechen", "mit dem Künstler
  sprechen", "den Künstler sprechen", "quero falar com uma pessoa", "falar com
  o tatuador", "voglio parlare con una persona", "parlare con l'artista".
  Reason ``phrase:talk_to_<human|person|someone|artist|agent>``.
* ``HANDOVER``: the whole word refund or refunds anywhere (reason ``refund``);
  "refundable", "non-refundable" and "refunded" are other words and do not
  hand over ("is the deposit refundable?" is answered by the deposit policy).
  Also reembolso, remboursement, Rückerstattung, rimborso.
* ``HANDOVER``: the whole words discount(s), cheaper, negotiate anywhere
  (reason ``price:discount``, ``price:cheaper``, ``price:negotiate``);
  "discounted" and "negotiable" do not. Also descuento, desconto, sconto,
  Rabatt, günstiger / billiger, negociar, négocier, verhandeln, negoziare.

"human", "person" and "artist" inside a sentence are not handovers ("a human
skull tattoo", "a person holding a flower", "the artist's style", "un retrato
de una persona").

``match_global`` never returns ``OPT_IN`` or ``CONTINUE``: they depend on the
lead's status, so the engine asks ``match_opt_in`` and ``is_continue`` (or
``opt_in_language`` and ``continue_language`` for the language too). Opt-in:
start, resume, continue, yes, unstop; empezar, alta, sí, continuar …;
recommencer, reprendre, oui …; start, weiter, ja …; começar, voltar, sim …;
ricomincia, riprendi, continua, sì … CONTINUE: continue; continuar, seguir;
continuer; weiter, fortsetzen; continuar; continua, andiamo avanti.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from conversations.policy.keyword_words import EN, LANGUAGES, WORDS, LanguageWords
from conversations.policy.text import fold_accents, normalize


class Keyword(StrEnum):
    OPT_OUT = "opt_out"
    ERASE = "erase"
    OPT_IN = "opt_in"
    HANDOVER = "handover"
    CONTINUE = "continue"


@dataclass(frozen=True)
class KeywordMatch:
    keyword: Keyword
    reason: str
    language: str = "en"  # the language whose words matched (the first in LANGUAGES when shared)


# Emoji variation selectors are combining marks, which ``normalize`` keeps as letters.
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

# The English keywords (the other languages are in keyword_words.py).
OPT_OUT_KEYWORDS: tuple[str, ...] = EN.opt_out
ERASE_KEYWORDS: tuple[str, ...] = EN.erase
HANDOVER_KEYWORDS: tuple[str, ...] = ("human", "artist", "person", "agent", "real person", "talk to someone")
OPT_IN_KEYWORDS: tuple[str, ...] = EN.opt_in


def keyword_text(text: str) -> str:
    """``normalize`` with emoji variation selectors removed (accents kept: other parsers read them)."""
    return normalize(_VARIATION_SELECTORS.sub("", text))


def folded_text(text: str) -> str:
    """The form every keyword rule compares: ``keyword_text`` without accents ("ARRÊT!" → "arret")."""
    return fold_accents(keyword_text(text))


def _words(phrase: str) -> tuple[str, ...]:
    folded = folded_text(phrase)
    return tuple(folded.split(" ")) if folded else ()


# words → (the keyword as written, its language); the first language in LANGUAGES wins a shared word.
_Table = Mapping[tuple[str, ...], tuple[str, str]]


def _table(pick: Callable[[LanguageWords], Iterable[str]]) -> _Table:
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for language in LANGUAGES:
        for phrase in pick(WORDS[language]):
            table.setdefault(_words(phrase), (phrase, language))
    return table


def _mapping(pick: Callable[[LanguageWords], Mapping[str, str]]) -> _Table:
    """Like ``_table`` for phrases with a value: words → (value, language)."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for language in LANGUAGES:
        for phrase, value in pick(WORDS[language]).items():
            table.setdefault(_words(phrase), (value, language))
    return table


_OPT_OUT = _table(lambda w: w.opt_out)
_ERASE = _table(lambda w: w.erase)
_OPT_IN = _table(lambda w: w.opt_in)
_CONTINUE = _table(lambda w: w.continue_)
_HANDOVER = _mapping(lambda w: w.handover)
_TARGET_WORDS = _mapping(lambda w: w.targets)
_REFUND = _table(lambda w: w.refund)
_PRICE = _mapping(lambda w: w.price)
_COURTESY = frozenset(_table(lambda w: w.courtesy))
_LONGEST_COURTESY = max(len(words) for words in _COURTESY)

# The longest whole-message keyword, in words ("eliminar os meus dados", "löschen sie meine daten").
MAX_KEYWORD_WORDS = max(len(words) for table in (_OPT_OUT, _ERASE, _OPT_IN, _HANDOVER) for words in table)

_WHOLE_HANDOVER = re.compile(
    r"^(?:(?:a|an|the) )?(?:(?:real|actual|live) )?(?:human|artist|person|agent)$|^talk to someone$"
)
_ARTICLES = frozenset({"a", "an", "the"})

_TALK_TO = re.compile(
    r"\b(?:talk|speak|chat)(?: (?:directly|personally))? (?:to|with|2) "
    r"(?:(?:a|an|the|some|your|one|real|actual|live) ){0,3}"
    r"(?P<target>human beings?|humans?|person|someone|somebody|anyone|anybody|tattoo artist|tattooist|artist|agent)\b"
)
_TARGETS: Mapping[str, str] = {
    "human being": "human",
    "human beings": "human",
    "human": "human",
    "humans": "human",
    "person": "person",
    "someone": "someone",
    "somebody": "someone",
    "anyone": "someone",
    "anybody": "someone",
    "tattoo artist": "artist",
    "tattooist": "artist",
    "artist": "artist",
    "agent": "agent",
}


def _pattern(pattern: str) -> re.Pattern[str]:
    """A pattern of ``keyword_words`` read like a message: accents folded, apostrophes dropped."""
    return re.compile(fold_accents(pattern).replace("'", ""))


_TALK_TO_BY_LANGUAGE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (language, _pattern(pattern)) for language in LANGUAGES for pattern in WORDS[language].talk_to
)


def core_words(text: str) -> tuple[str, ...]:
    """The message's folded words without courtesy words at either end ("please STOP thanks" → ("stop",))."""
    normal = folded_text(text)
    tokens = tuple(normal.split(" ")) if normal else ()
    start, end = 0, len(tokens)
    changed = True
    while changed and start < end:
        changed = False
        for size in range(min(_LONGEST_COURTESY, end - start), 0, -1):
            if tokens[start : start + size] in _COURTESY:
                start, changed = start + size, True
                break
        for size in range(min(_LONGEST_COURTESY, end - start), 0, -1):
            if tokens[end - size : end] in _COURTESY:
                end, changed = end - size, True
                break
    return tokens[start:end]


def _unit(core: tuple[str, ...]) -> tuple[str, ...]:
    """The shortest run of words ``core`` repeats ("stop all stop all" → ("stop", "all"))."""
    length = len(core)
    for size in range(1, min(length // 2, MAX_KEYWORD_WORDS) + 1):
        if length % size == 0 and core == core[:size] * (length // size):
            return core[:size]
    return core


def _whole(core: tuple[str, ...], table: _Table) -> tuple[str, str] | None:
    """The keyword ``core`` is, once or repeated ("stop stop"), and its language; or None."""
    return table.get(_unit(core))


def _whole_handover(core: tuple[str, ...]) -> tuple[str, str] | None:
    unit = _unit(core)
    if unit and _WHOLE_HANDOVER.match(" ".join(unit)):
        return "keyword:" + "_".join(w for w in unit if w not in _ARTICLES), "en"
    found = _HANDOVER.get(unit)
    if found is not None:
        target, language = found
        return "keyword:" + target, language
    return None


def _talk_to(normal: str) -> tuple[str, str] | None:
    talk = _TALK_TO.search(normal)
    if talk is not None:
        return "phrase:talk_to_" + _TARGETS[talk.group("target")], "en"
    for language, pattern in _TALK_TO_BY_LANGUAGE:
        talk = pattern.search(normal)
        if talk is not None:
            target, _ = _TARGET_WORDS[tuple(talk.group("target").split(" "))]
            return "phrase:talk_to_" + target, language
    return None


def _handover(text: str, core: tuple[str, ...]) -> tuple[str, str] | None:
    """The handover reason of a message and its language, or None."""
    found = _whole_handover(core) or _talk_to(folded_text(text))
    if found is not None:
        return found
    tokens = [(token,) for token in folded_text(text).split(" ")]
    for token in tokens:
        if token in _REFUND:
            return "refund", _REFUND[token][1]
    for token in tokens:
        if token in _PRICE:
            word, language = _PRICE[token]
            return "price:" + word, language
    return None


def match_global(text: str) -> KeywordMatch | None:
    """The global keyword a message is, in every status: opt-out, then erase, then handover; else None."""
    core = core_words(text)
    for keyword, table in ((Keyword.OPT_OUT, _OPT_OUT), (Keyword.ERASE, _ERASE)):
        found = _whole(core, table)
        if found is not None:
            return KeywordMatch(keyword, *found)
    handover = _handover(text, core)
    if handover is not None:
        return KeywordMatch(Keyword.HANDOVER, *handover)
    return None


def opt_in_language(text: str) -> str | None:
    """The language of the opt-in word the whole message is (START, EMPEZAR, OUI, WEITER…), or None."""
    found = _whole(core_words(text), _OPT_IN)
    return found[1] if found else None


def match_opt_in(text: str) -> bool:
    """The whole message is START, RESUME, CONTINUE, YES or UNSTOP, in any language (courtesy words
    allowed: "yes please", "sí gracias")."""
    return opt_in_language(text) is not None


def continue_language(text: str) -> str | None:
    """The language of the CONTINUE word the whole message is (continue, continuar, weiter…), or None."""
    found = _whole(core_words(text), _CONTINUE)
    return found[1] if found else None


def is_continue(text: str) -> bool:
    """The whole message is CONTINUE in any language (courtesy words allowed: "continue please")."""
    return continue_language(text) is not None

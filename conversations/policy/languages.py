"""Which of the studio's languages a customer writes in (docs/conversation.md "Languages"): pure.

- ``detect_language``: a rule on the words, not a statistical model. A
  greeting that belongs to one language ("hola", "bonjour", "hallo", "ciao",
  "olá") decides a short message; otherwise each language scores its common
  words and the best must clearly lead (two words at least, and more than
  the runner-up) — a message that could be several ("no", "ok", "5cm") says
  nothing. Only the languages the studio speaks are considered.
- ``language_switch``: "English please", "en español", "auf Deutsch", "in
  italiano", "em português", "en français" and the like name a language.
- ``language_for_country``: the language of a phone number's country.
"""

from __future__ import annotations

import unicodedata

from conversations.policy.text import normalize

LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian"}


def _plain(text: str) -> str:
    """``normalize`` without accents: "olá" and "ola", "français" and "francais" compare equal."""
    decomposed = unicodedata.normalize("NFD", normalize(text))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split(" "))


_GREETINGS: dict[str, frozenset[str]] = {
    "en": frozenset({"hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening"}),
    "es": frozenset({"hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "que tal"}),
    "fr": frozenset({"bonjour", "bonsoir", "salut", "coucou"}),
    "de": frozenset({"hallo", "guten tag", "guten morgen", "guten abend", "servus", "moin", "gruss gott"}),
    "pt": frozenset({"ola", "oi", "bom dia", "boa tarde", "boa noite", "tudo bem"}),
    "it": frozenset({"ciao", "buongiorno", "buonasera", "salve"}),
}
# Common words that mostly belong to one language (accents dropped). Words several languages share
# ("no", "a", "de", "me", "la", "e", "per") are left out: they would only blur the score.
_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and i my want would like tattoo please thanks thank you is it on of for with have can how much "
        "what when where size arm small big about"
    ),
    "es": _words(
        "quiero quisiera tatuaje hacer un una el los las mi mis en brazo con gracias por favor cuanto cuesta "
        "tengo es pequeno grande y tamano donde cuando sobre muneca espalda pierna"
    ),
    "fr": _words(
        "je voudrais veux un une le les mon ma mes tatouage faire avec merci sil vous plait combien coute "
        "est petit grand et taille bras ou quand sur dos jambe poignet cest"
    ),
    "de": _words(
        "ich mochte will ein eine einen der die das mein meine tattoo tattowierung machen mit danke bitte "
        "wie viel kostet ist klein gross und grosse arm wo wann auf rucken bein handgelenk"
    ),
    "pt": _words(
        "eu quero queria gostaria uma um o os meu minha tatuagem fazer com obrigado obrigada por favor quanto "
        "custa tenho pequena grande tamanho braco onde quando sobre costas perna pulso voce"
    ),
    "it": _words(
        "vorrei voglio un una il lo gli mio mia tatuaggio fare con grazie per favore quanto costa ho piccolo "
        "grande e dimensione braccio dove quando sulla schiena gamba polso sono"
    ),
}
_LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("english", "ingles", "anglais", "englisch", "inglese", "ingles"),
    "es": ("spanish", "espanol", "castellano", "espagnol", "spanisch", "spagnolo", "espanhol"),
    "fr": ("french", "frances", "francais", "franzosisch", "francese", "frances"),
    "de": ("german", "aleman", "allemand", "deutsch", "tedesco", "alemao"),
    "pt": ("portuguese", "portugues", "portugais", "portugiesisch", "portoghese"),
    "it": ("italian", "italiano", "italien", "italienisch"),
}
_SWITCH_LEADS = (
    "in",
    "en",
    "auf",
    "em",
    "speak",
    "habla",
    "hablame",
    "parle",
    "parlez",
    "sprich",
    "sprechen sie",
    "fala",
    "parla",
    "can you speak",
    "puedes hablar",
    "pouvez vous parler",
    "do you speak",
    "hablas",
    "parlez vous",
    "sprechen sie",
    "falas",
    "parli",
)
_SWITCH_TAILS = ("please", "por favor", "sil vous plait", "svp", "bitte", "per favore", "pls", "thanks", "gracias")

_COUNTRIES: dict[str, str] = {
    **dict.fromkeys(("GB", "IE", "US", "CA", "AU", "NZ", "ZA", "MT"), "en"),
    **dict.fromkeys(("ES", "MX", "AR", "CO", "CL", "PE", "VE", "UY", "EC", "BO", "PY", "CR", "CU", "DO"), "es"),
    **dict.fromkeys(("FR", "BE", "LU", "MC", "SN", "CI"), "fr"),
    **dict.fromkeys(("DE", "AT", "LI"), "de"),
    **dict.fromkeys(("PT", "BR", "AO", "MZ"), "pt"),
    **dict.fromkeys(("IT", "SM", "VA"), "it"),
    "CH": "de",
}


def detect_language(text: str, spoken: tuple[str, ...] = LANGUAGES) -> str | None:
    """The one spoken language the message is clearly written in, else None."""
    plain = _plain(text)
    if not plain:
        return None
    tokens = plain.split(" ")
    greeting = _greeting(plain, spoken)
    if greeting and len(tokens) <= 3:
        return greeting
    scores = {lang: sum(1 for token in tokens if token in _WORDS[lang]) for lang in spoken if lang in _WORDS}
    if greeting:
        scores[greeting] = scores.get(greeting, 0) + 2
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None  # no clear lead: a mixed or ambiguous message
    return ranked[0][0]


def _greeting(plain: str, spoken: tuple[str, ...]) -> str | None:
    found = {lang for lang in spoken for g in _GREETINGS.get(lang, ()) if plain == g or plain.startswith(g + " ")}
    return found.pop() if len(found) == 1 else None


def language_switch(text: str) -> str | None:
    """The language a message asks for ("English please", "en español", "auf Deutsch"), else None.
    The whole message must be the request (a language name inside a sentence is not one)."""
    plain = _plain(text)
    for tail in _SWITCH_TAILS:
        if plain.endswith(" " + tail):
            plain = plain[: -len(tail) - 1]
    for lang, names in _LANGUAGE_WORDS.items():
        for name in names:
            if plain == name:
                return lang
            for lead in _SWITCH_LEADS:
                if plain == f"{lead} {name}":
                    return lang
    return None


def language_for_country(country: str, spoken: tuple[str, ...] = LANGUAGES) -> str | None:
    """The spoken language of a country (ISO 3166 alpha-2), else None."""
    language = _COUNTRIES.get(country.upper())
    return language if language in spoken else None

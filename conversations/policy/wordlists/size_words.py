"""Size words per language, as regular-expression fragments for ``conversations.policy.size`` (and for
``money``, which must not read a size as an amount).

Matched on case-folded NFKC text (``size._prepare``) or on ``text.normalize``'s
form (size words: hyphens are spaces there, ``ß`` is ``ss``).
"""

from __future__ import annotations

from typing import Final

# The word between width and height: "10 por 15", "10 sur 15", "10 auf 15", "10 mal 15", "10 per 15".
TIMES: Final = {
    "en": r"x|×|✕|✖|\*|by",
    "es": r"por",
    "fr": r"sur|par",
    "de": r"auf|mal",
    "pt": r"por",
    "it": r"per",
}
# Centimetres, millimetres and inches written out; ``size._unit`` reads which one by its first letters.
UNITS: Final = {
    "en": r"centimet(?:er|re)s?|cms?|millimet(?:er|re)s?|mm|inch(?:es)?",
    "es": r"cent[ií]metros?|mil[ií]metros?|pulgadas?",
    "fr": r"centim[eè]tres?|millim[eè]tres?|pouces?",
    "de": r"zentimetern?|millimetern?|zoll",
    "pt": r"cent[ií]metros?|mil[ií]metros?|polegadas?",
    "it": r"centimetri|centimetro|millimetri|millimetro|pollici|pollice",
}
# Size words read as a category when an answer has no numbers, largest first (see ``size.py``).
HINTS: Final = {
    "xl": {
        "es": r"manga completa|manga entera|espalda completa|espalda entera|enorme|gigante",
        "fr": r"bras complet|dos complet|manchette compl[eè]te|[eé]norme|g[eé]ant",
        "de": r"ganzer arm|ganzen arm|ganzer r[uü]cken|ganzen r[uü]cken|riesig|riesengross|sehr gross",
        "pt": r"bra[cç]o fechado|fechamento de bra[cç]o|costas inteiras|enorme|gigante",
        "it": r"manica completa|manica intera|schiena intera|enorme|gigante",
    },
    "large": {
        "es": r"media manga|muslo|pantorrilla|antebrazo|grandes|grandecito|grande(?! com)",
        "fr": r"demi manche|cuisse|mollet|avant bras|grands|grandes|grande(?! com)|grand(?! com)",
        "de": r"halber arm|halben arm|oberschenkel|wade|unterarm|gross|grosse|grosses|grossen",
        "pt": r"meia manga|meio bra[cç]o|coxa|panturrilha|antebra[cç]o|grandes|grande(?! com)",
        "it": r"mezza manica|coscia|polpaccio|avambraccio|grandi|grande(?! com)",
    },
    "medium": {
        "es": r"mediano|mediana|tama[nñ]o de la palma|tama[nñ]o palma|palma de la mano|palma|tama[nñ]o de una mano",
        "fr": r"moyen|moyenne|taille de la paume|taille d ?une main|paume",
        "de": r"mittel|mittelgross|mittelgrosses|handfl[aä]chengross|handtellergross|handgross|faustgross",
        "pt": r"m[eé]dio|m[eé]dia|tamanho da palma|do tamanho da palma|palma da m[aã]o|palma",
        "it": r"medio|media|grande come il palmo|grandezza del palmo|palmo",
    },
    "small": {
        "es": r"peque[nñ]o|peque[nñ]a|peque[nñ]ito|peque[nñ]ita|chiquito|chiquita|diminuto|diminuta",
        "fr": r"petit|petite|petits|petites|minuscule|discret|discr[eè]te",
        "de": r"klein|kleine|kleines|kleinen|winzig|winziges",
        "pt": r"pequeno|pequena|pequenininho|pequenininha|min[uú]sculo|min[uú]scula",
        "it": r"piccolo|piccola|piccolino|piccolina|minuscolo|minuscola",
    },
}
# "not too big" reads as medium: the words that negate a size word.
NOT_TOO: Final = {
    "en": r"not (?:too |very |that |so |super |overly )?",
    "es": r"no (?:muy|tan|demasiado) ",
    "fr": r"pas (?:trop |tr[eè]s |si )?",
    "de": r"nicht (?:zu |so |sehr )?",
    "pt": r"n[aã]o (?:muito|t[aã]o|demasiado) ",
    "it": r"non (?:troppo |molto |cos[iì] )?",
}

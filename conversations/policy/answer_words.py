"""Yes, no and filler words per language (en, es, fr, de, pt, it), read by ``replies.parse_yes_no``.

Pure data. ``replies`` folds these and the message the same way (``keywords.folded_text``:
case, punctuation, apostrophes and accents), so "d'accord" reads "daccord" and
"não", "nao" and "NÃO" are one word. A reply is yes (or no) only when every
word of it is a yes (or no) word or filler, so the Spanish and Italian "si"
("if") counts only in short replies ("si", "si si", "sí, gracias"), never in
"si puedo…" or "si è piccolo".
"""

from __future__ import annotations

from collections.abc import Mapping

YES: Mapping[str, tuple[str, ...]] = {
    "en": (
        *("yes", "yeah", "yea", "yep", "yup", "ya", "yah", "y", "aye", "sure", "sure thing", "ok", "okay", "okey"),
        *("okie", "kk", "k", "alright", "all right", "fine", "fine by me", "sounds good", "sounds great"),
        *("sounds perfect", "sounds fine", "that works", "works for me", "that works for me", "perfect", "great"),
        *("good", "deal", "definitely", "absolutely", "certainly", "of course", "ofc", "course", "correct"),
        *("thats right", "thats correct", "go ahead", "go for it", "lets do it", "lets go", "please do", "i do"),
        *("i would", "i am", "i will", "i can", "i have", "it is", "yes please"),
    ),
    "es": (
        *("sí", "si", "claro", "claro que sí", "sí claro", "vale", "de acuerdo", "dale", "por supuesto", "sip"),
        *("perfecto", "está bien", "me parece bien", "desde luego", "exacto", "okey", "sí señor"),
    ),
    "fr": (
        *("oui", "ouais", "ouaip", "d'accord", "dac", "bien sûr", "parfait", "carrément", "volontiers"),
        *("absolument", "tout à fait", "ça marche", "ça me va", "oui bien sûr", "exactement", "certainement"),
    ),
    "de": (
        *("ja", "jawohl", "klar", "genau", "gerne", "gern", "na klar", "sicher", "natürlich", "passt"),
        *("einverstanden", "jap", "jo", "ja klar", "auf jeden fall", "ja gerne", "selbstverständlich"),
    ),
    "pt": (
        *("sim", "claro", "pode ser", "com certeza", "certo", "beleza", "isso mesmo", "tudo bem", "tá bom"),
        *("fechado", "bora", "perfeito", "pode", "claro que sim", "sim claro", "combinado", "positivo"),
    ),
    "it": (
        *("sì", "si", "certo", "va bene", "certamente", "esatto", "d'accordo", "volentieri", "perfetto"),
        *("certo che sì", "assolutamente sì", "sì certo", "ok va bene", "senz'altro", "sicuro", "vabbene"),
    ),
}

NO: Mapping[str, tuple[str, ...]] = {
    "en": (
        *("no", "nope", "nah", "naw", "n", "nay", "not really", "no thanks", "no way", "not interested"),
        *("not at all", "no chance", "never", "definitely not", "absolutely not", "certainly not", "of course not"),
        *("i dont", "i do not", "i dont think so", "dont think so", "i would not", "i wouldnt", "i am not"),
        *("im not", "i will not", "i wont", "i cant", "i cannot", "i havent", "it isnt", "it is not", "not for me"),
    ),
    "es": (
        *("no", "nop", "para nada", "claro que no", "de ninguna manera", "ni hablar", "en absoluto", "nunca"),
        *("mejor no", "no gracias", "tampoco"),
    ),
    "fr": (
        *("non", "nan", "pas du tout", "pas vraiment", "jamais", "certainement pas", "absolument pas"),
        *("surtout pas", "non merci", "plutôt pas"),
    ),
    "de": (
        *("nein", "nee", "nö", "nie", "niemals", "auf keinen fall", "lieber nicht", "nicht wirklich"),
        *("eher nicht", "gar nicht", "nein danke"),
    ),
    "pt": (
        *("não", "nao", "de jeito nenhum", "nem pensar", "claro que não", "nunca", "não obrigado", "não obrigada"),
        *("negativo", "acho que não"),
    ),
    "it": (
        *("no", "per niente", "assolutamente no", "niente affatto", "proprio no", "certo che no", "no grazie"),
        *("macché", "neanche per sogno"),
    ),
}

FILLER: Mapping[str, tuple[str, ...]] = {
    "en": (
        *("please", "pls", "plz", "thanks", "thank you", "thank u", "thanks so much", "thank you so much", "thx"),
        *("ty", "ta", "cheers", "mate", "x", "xx", "xxx", "lol", "haha", "oh", "um", "umm", "well", "hi", "hey"),
        *("hello", "sorry", "then", "too"),
    ),
    "es": ("por favor", "porfa", "gracias", "muchas gracias", "hola", "pues", "jaja", "bueno", "entonces"),
    "fr": ("merci", "merci beaucoup", "s'il vous plaît", "s'il te plaît", "svp", "stp", "bonjour", "salut", "alors"),
    "de": ("bitte", "danke", "danke schön", "dankeschön", "vielen dank", "hallo", "ähm", "dann"),
    "pt": ("por favor", "obrigado", "obrigada", "obg", "olá", "oi", "então", "kkk"),
    "it": ("per favore", "grazie", "grazie mille", "ciao", "allora", "beh"),
}

"""Budget words per language, as regular-expression fragments for ``conversations.policy.money``.

Each table is keyed by language; English is the original rule set of
``money.py``. Fragments are matched on case-folded NFKC text (``ß`` reads as
``ss``); accents are optional where customers often leave them off.
"""

from __future__ import annotations

from typing import Final

# "around 500": sets ``approximate``; removed before the bound words are read.
APPROX: Final = {
    "en": r"around|about|roughly|approx(?:imately)?|circa|or so|give or take|ballpark|thereabouts|ish",
    "es": r"unos|unas|alrededor de|aproximadamente|aprox|m[aá]s o menos|cerca de|sobre los|como unos",
    "fr": r"environ|[aà] peu pr[eè]s|autour de|dans les|approximativement|aux alentours de|vers les",
    "de": r"ungef[aä]hr|etwa|ca\.?(?!\$)|zirka|rund|so um die|um die|so etwa",
    "pt": r"uns|umas|cerca de|aproximadamente|mais ou menos|por volta de|em torno de",
    "it": r"circa|pi[uù] o meno|intorno a|intorno ai|sui|sulle|all'incirca|approssimativamente",
}
# Words before an amount that make it a maximum ("up to 800").
UPPER_BEFORE: Final = {
    "en": r"up ?to|max(?:imum)?|no more than|not more than|no higher than|not over|under|below"
    r"|(?<!no )(?<!not )less than|at most|tops|<=?|≤",
    "es": r"hasta|m[aá]ximo|m[aá]x|no m[aá]s de|como m[aá]ximo|menos de|no supera|por debajo de",
    "fr": r"jusqu ?['’]? ?[aà]|maximum|pas plus de|au maximum|au plus|moins de|en dessous de",
    "de": r"bis(?: zu)?|h[oö]chstens|maximal|nicht mehr als|unter|weniger als",
    "pt": r"at[eé]|m[aá]ximo|no m[aá]ximo|n[aã]o mais de|n[aã]o mais que|menos de|abaixo de",
    "it": r"fino a|massimo|al massimo|non pi[uù] di|meno di|sotto i",
}
# Words before an amount that make it a minimum ("at least 400").
LOWER_BEFORE: Final = {
    "en": r"at ?least|from|min(?:imum)?|(?<!not )over|above|(?<!no )(?<!not )more than|starting (?:at|from)"
    r"|no less than|not less than|>=?|≥",
    "es": r"al menos|por lo menos|m[ií]nimo|desde|(?<!no )m[aá]s de|a partir de",
    "fr": r"au moins|minimum|[aà] partir de|(?<!pas )plus de",
    "de": r"mindestens|ab|(?<!nicht )mehr als|[uü]ber",
    "pt": r"pelo menos|no m[ií]nimo|m[ií]nimo|a partir de|(?<!n[aã]o )mais de",
    "it": r"almeno|minimo|a partire da|(?<!non )pi[uù] di",
}
# Words after an amount that make it a maximum ("600 max") or a minimum ("500 or more").
UPPER_AFTER: Final = {
    "en": r"max(?:imum)?|tops|at most|or (?:less|under|below|lower)|and (?:under|below|less)",
    "es": r"(?:como )?m[aá]ximo|o menos",
    "fr": r"(?:au )?maximum|max|ou moins|grand maximum",
    "de": r"h[oö]chstens|maximal|oder weniger",
    "pt": r"(?:no )?m[aá]ximo|ou menos",
    "it": r"(?:al )?massimo|o meno",
}
LOWER_AFTER: Final = {
    "en": r"plus|min(?:imum)?|at least|upwards|or (?:more|above|over|higher|up)|and (?:up|above|over|higher)",
    "es": r"(?:como )?m[ií]nimo|o m[aá]s",
    "fr": r"(?:au )?minimum|ou plus",
    "de": r"mindestens|oder mehr",
    "pt": r"(?:no )?m[ií]nimo|ou mais",
    "it": r"(?:al )?minimo|o pi[uù]",
}
# "between 300 and 500": the opening word and the word joining the amounts.
BETWEEN: Final = {
    "en": r"between|btwn|betw",
    "es": r"entre",
    "fr": r"entre",
    "de": r"zwischen",
    "pt": r"entre",
    "it": r"tra|fra",
}
AND: Final = {"en": r"and|&", "es": r"y", "fr": r"et", "de": r"und", "pt": r"e", "it": r"e"}
# Words joining the two ends of a range on their own ("300 to 500", "de 300 à 500", "von 300 bis 500").
RANGE_GAP: Final = {
    "en": r"-+|to|/|or|till|until|through|thru|~",
    "es": r"a|hasta|o",
    "fr": r"[aà]|jusqu ?['’]? ?[aà]|ou",
    "de": r"bis|oder",
    "pt": r"a|at[eé]|ou",
    "it": r"a|fino a|o",
}
# Words that may stand between a bound word and the amount ("no más de", "budget of").
FILLER: Final = {
    "en": r"of|budget|is|spend|spending|price|like",
    "es": r"de|mi|el|presupuesto|es|gastar|pagar",
    "fr": r"de|d|mon|le|budget|est|payer|d[eé]penser",
    "de": r"zu|von|mein|das|budget|ist|ausgeben|zahlen",
    "pt": r"de|meu|o|or[cç]amento|[eé]|gastar|pagar",
    "it": r"di|a|il|mio|budget|[eè]|spendere|pagare",
}
# A number followed by one of these counts something else: an age, hours, sessions, days ("tengo 25 años").
COUNTS: Final = {
    "en": r"%|am|pm|st|nd|rd|th|hrs?|hours?|minutes?|sessions?|days?|weeks?|wks?|months?|years?|yrs?|pieces?",
    "es": r"a[nñ]os|horas?|sesi[oó]n|sesiones|d[ií]as?|semanas?|meses|mes|piezas?|tatuajes?",
    "fr": r"ans?|ann[eé]es?|heures?|h|s[eé]ances?|jours?|semaines?|mois|pi[eè]ces?|tatouages?",
    "de": r"jahren?|jahre|stunden?|uhr|sitzungen?|tagen?|tage|wochen?|monaten?|monate|st[uü]cke?|tattoos?",
    "pt": r"anos|horas?|sess[aã]o|sess[oõ]es|dias?|semanas?|meses|m[eê]s|pe[cç]as?|tatuagens?",
    "it": r"anni|ore|sessioni|sessione|giorni|giorno|settimane?|mesi|mese|pezzi|tatuaggi",
}
# A clock time written with a preposition ("a las 10", "alle 10", "às 10", "um 10"): not money.
CLOCK_BEFORE: Final = {
    "es": r"a las|a la",
    "fr": r"vers",
    "de": r"um",
    "pt": r"[aà]s",
    "it": r"alle|all ?['’]",
}
# Budget words a customer writes beside an amount ("presupuesto de 500"): the extractor's money cue.
CUES: Final = {
    "en": r"budget|grand|spend|spending|afford|pay|price range",
    "es": r"presupuesto|gastar|pagar|euros?",
    "fr": r"budget|d[eé]penser|payer|euros?",
    "de": r"budget|ausgeben|zahlen|euro",
    "pt": r"or[cç]amento|gastar|pagar|euros?",
    "it": r"budget|spendere|pagare|euro",
}
# The words around an amount or a size in a clause that gives nothing else ("presupuesto hasta 600
# libras", "Budget bis 500 Euro"): such a clause carries answers only and is no part of the idea
# (``extract._consumed``). English's are the extractor's own.
CLAUSE_FILLER: Final = {
    "es": "presupuesto mi de hasta unos unas alrededor aproximadamente aprox más mas menos máximo maximo "
    "mínimo minimo como mucho por lo al desde entre y o sobre cerca libras libra euros euro dólares dolares "
    "gastar pagar puedo quiero es el la",
    "fr": "budget mon de d jusqu jusqua à a environ autour peu près pres maximum minimum au plus moins entre "
    "et ou livres livre euros euro dollars dépenser depenser payer je peux veux est le la",
    "de": "budget mein von bis zu ungefähr ungefahr etwa ca zirka rund um die höchstens hochstens maximal "
    "mindestens zwischen und oder pfund euro dollar ausgeben zahlen ich kann will ist das",
    "pt": "orçamento orcamento meu de até ate uns umas cerca aproximadamente mais ou menos no máximo maximo "
    "mínimo minimo entre e libras libra euros euro dólares dolares gastar pagar posso quero é o a",
    "it": "budget mio di fino a circa più piu o meno intorno al massimo minimo tra fra e sterline sterlina "
    "euro dollari spendere pagare posso voglio è il la",
}

"""The words a slot pick is read from in each spoken language (``conversations/policy/picks.py``).

Ordinals and spelled numbers go from one to ten in every language (a list shows up to ten slots).
Words shared with another meaning are left out or need their context: Spanish "mañana" is also
"tomorrow" (only "por la mañana" is a morning), German "morgen" likewise ("morgens", "vormittags"
are mornings), Italian "prima" is also "before", Portuguese "segunda", "quarta" and "quinta"
are ordinals unless "feira" follows (then Monday, Wednesday, Thursday), and "sexta" is Friday
unless it is Spanish "la sexta" or "sexta opción". French "sept" is seven, not September, when it
is the whole answer.
"""

from __future__ import annotations

DAYS: dict[str, int] = {
    # es
    "lunes": 0, "martes": 1, "miercoles": 2, "miércoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
    "sábado": 5, "domingo": 6,
    # fr
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    # de
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6,
    # pt (segunda, quarta, quinta only with "feira": see PT_FEIRA)
    "terça": 1, "terca": 1, "sexta": 4,
    # it
    "lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2, "giovedì": 3,
    "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6,
}  # fmt: skip
PT_FEIRA: dict[str, int] = {"segunda": 0, "terça": 1, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4}

ORDINALS: dict[str, int] = {
    # es ("sexta" only after "la": alone it is the Portuguese Friday; see ORDINAL_AFTER_ARTICLE)
    "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3, "cuarto": 4,
    "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6, "séptimo": 7, "séptima": 7, "septimo": 7, "septima": 7,
    "octavo": 8, "octava": 8, "noveno": 9, "novena": 9, "décimo": 10, "décima": 10, "decimo": 10, "decima": 10,
    # fr
    "premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "deuxieme": 2, "seconde": 2,
    "troisième": 3, "troisieme": 3, "quatrième": 4, "quatrieme": 4, "cinquième": 5, "cinquieme": 5,
    "sixième": 6, "sixieme": 6, "septième": 7, "septieme": 7, "huitième": 8, "huitieme": 8, "neuvième": 9,
    "neuvieme": 9, "dixième": 10, "dixieme": 10,
    # de
    "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2, "dritte": 3,
    "dritten": 3, "vierte": 4, "vierten": 4, "fünfte": 5, "fünften": 5, "funfte": 5, "sechste": 6, "sechsten": 6,
    "sechster": 6, "siebte": 7, "siebten": 7, "siebter": 7, "siebente": 7, "achte": 8, "achten": 8, "achter": 8,
    "neunte": 9, "neunten": 9, "neunter": 9, "zehnte": 10, "zehnten": 10, "zehnter": 10,
    # pt ("décimo", "décima" as es; "sexta" alone is Friday)
    "primeiro": 1, "primeira": 1, "terceiro": 3, "terceira": 3, "quarto": 4, "sétimo": 7, "sétima": 7,
    "setimo": 7, "setima": 7, "oitavo": 8, "oitava": 8, "nono": 9, "nona": 9,
    # it (not "prima": also "before"; "nono", "nona", "decimo", "decima" as pt and es)
    "primo": 1, "secondo": 2, "seconda": 2, "terzo": 3, "terza": 3, "quarta": 4, "sesto": 6, "sesta": 6,
    "settimo": 7, "settima": 7, "ottavo": 8, "ottava": 8,
    "lottavo": 8, "lottava": 8,  # "l'ottavo": the text the parser reads drops the apostrophe
}  # fmt: skip
# Ordinals that are a weekday alone: Spanish and Portuguese "sexta" is the sixth after "la" (Spanish) or
# before "opción"/"opção", else the Portuguese Friday.
ORDINAL_AFTER_ARTICLE: dict[str, int] = {"sexta": 6}
ARTICLES_BEFORE: tuple[str, ...] = ("la",)
OPTION_WORDS: tuple[str, ...] = ("opción", "opcion", "opção", "opcao")
NUMBER_WORDS: dict[str, int] = {
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10,
    "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10,
    "um": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8, "nove": 9, "dez": 10,
    "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "dieci": 10,
}  # fmt: skip
LEADS = (
    "opción", "opcion", "opção", "opcao", "opzione", "numéro", "numero", "nummer", "nº", "n°", "la", "el", "le",
    "die", "der", "das", "a", "o", "il", "lo",
)  # fmt: skip
MORNING = ("por la mañana", "por la manana", "de mañana", "en la mañana", "le matin", "matin", "matinée",
           "vormittag", "vormittags", "morgens", "de manhã", "de manha", "manhã", "manha", "mattina", "mattino",
           "di mattina", "la mattina")  # fmt: skip
AFTERNOON = ("por la tarde", "de tarde", "à tarde", "a tarde", "après midi", "apres midi", "aprèm", "nachmittag",
             "nachmittags", "pomeriggio", "di pomeriggio", "il pomeriggio")  # fmt: skip
EVENING = ("por la noche", "le soir", "soir", "abends", "abend", "à noite", "a noite", "de noite", "sera",
           "di sera", "la sera")  # fmt: skip

# "No preference" when asked which artist (besides English, which the engine's own pattern reads):
# the list row's title in each language and what customers write instead.
NO_PREFERENCE_WORDS: tuple[str, ...] = (
    # es
    "sin preferencia",
    "me da igual",
    "me es igual",
    "cualquiera",
    "el que antes pueda",
    "quien sea",
    # fr
    "pas de préférence",
    "pas de preference",
    "peu importe",
    "n'importe qui",
    "n'importe lequel",
    "le premier disponible",
    # de
    "keine vorliebe",
    "keine präferenz",
    "keine praferenz",
    "egal",
    "ist mir egal",
    "wer zuerst frei ist",
    # pt
    "sem preferência",
    "sem preferencia",
    "tanto faz",
    "qualquer um",
    "qualquer uma",
    "quem estiver livre",
    # it
    "nessuna preferenza",
    "è uguale",
    "e uguale",
    "indifferente",
    "chiunque",
    "il primo libero",
)

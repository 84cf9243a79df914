"""The words a slot pick is read from in each spoken language (``conversations/policy/picks.py``).

Words shared with another meaning are left out or need their context: Spanish "mañana" is also
"tomorrow" (only "por la mañana" is a morning), German "morgen" likewise ("morgens", "vormittags"
are mornings), Italian "prima" is also "before", and Portuguese "segunda", "quarta" and "quinta"
are ordinals unless "feira" follows (then Monday, Wednesday, Thursday).
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
    # es
    "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3, "cuarto": 4,
    "cuarta": 4, "quinto": 5, "quinta": 5,
    # fr
    "premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "deuxieme": 2, "seconde": 2,
    "troisième": 3, "troisieme": 3, "quatrième": 4, "quatrieme": 4, "cinquième": 5, "cinquieme": 5,
    # de
    "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2, "dritte": 3,
    "dritten": 3, "vierte": 4, "vierten": 4, "fünfte": 5, "fünften": 5, "funfte": 5,
    # pt
    "primeiro": 1, "primeira": 1, "terceiro": 3, "terceira": 3, "quarto": 4,
    # it (not "prima": also "before")
    "primo": 1, "secondo": 2, "seconda": 2, "terzo": 3, "terza": 3, "quarta": 4,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "funf": 5,
    "um": 1, "dois": 2, "duas": 2, "três": 3,
    "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
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

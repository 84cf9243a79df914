"""Placements and styles per language, each mapped to the English word of ``vocabulary.py`` it means.

``conversations.policy.translated`` reads them: a placement after a preposition
with an article or possessive ("en el antebrazo", "sur l'avant-bras", "am
Unterarm", "no tornozelo", "sulla schiena"), or as a whole answer; a style
anywhere in a statement. The value stored is the English word ("forearm"), so
the artist's summary reads the same whatever language the customer wrote in.
"""

from __future__ import annotations

from typing import Final

PLACEMENTS: Final[dict[str, dict[str, str]]] = {
    "es": {
        "antebrazo": "forearm", "antebrazos": "forearms", "brazo": "arm", "brazos": "arms", "bíceps": "bicep",
        "codo": "elbow", "muñeca": "wrist", "muñecas": "wrists", "mano": "hand", "manos": "hands", "dedo": "finger",
        "dedos": "fingers", "hombro": "shoulder", "omóplato": "shoulder blade", "clavícula": "collarbone",
        "pecho": "chest", "esternón": "sternum", "costillas": "ribs", "costado": "side", "estómago": "stomach",
        "barriga": "belly", "abdomen": "abdomen", "cadera": "hip", "espalda baja": "lower back",
        "espalda alta": "upper back", "espalda": "back", "columna": "spine", "cuello": "neck", "nuca": "nape",
        "oreja": "ear", "cara": "face", "cabeza": "head", "muslo": "thigh", "pierna": "leg", "piernas": "legs",
        "rodilla": "knee", "espinilla": "shin", "pantorrilla": "calf", "gemelo": "calf", "tobillo": "ankle",
        "tobillos": "ankles", "pie": "foot", "pies": "feet", "glúteo": "glute",
    },
    "fr": {
        "avant-bras": "forearm", "bras": "arm", "biceps": "bicep", "coude": "elbow", "poignet": "wrist",
        "poignets": "wrists", "main": "hand", "mains": "hands", "doigt": "finger", "doigts": "fingers",
        "épaule": "shoulder", "omoplate": "shoulder blade", "clavicule": "collarbone", "poitrine": "chest",
        "torse": "chest", "sternum": "sternum", "côtes": "ribs", "flanc": "side", "ventre": "stomach",
        "hanche": "hip", "bas du dos": "lower back", "haut du dos": "upper back", "dos": "back",
        "colonne": "spine", "cou": "neck", "nuque": "nape", "oreille": "ear", "visage": "face", "tête": "head",
        "cuisse": "thigh", "jambe": "leg", "jambes": "legs", "genou": "knee", "tibia": "shin", "mollet": "calf",
        "cheville": "ankle", "chevilles": "ankles", "pied": "foot", "pieds": "feet", "fesse": "buttock",
    },
    "de": {
        "unterarm": "forearm", "unterarme": "forearms", "oberarm": "upper arm", "arm": "arm", "bizeps": "bicep",
        "ellbogen": "elbow", "handgelenk": "wrist", "hand": "hand", "finger": "finger", "schulter": "shoulder",
        "schulterblatt": "shoulder blade", "schlüsselbein": "collarbone", "brust": "chest", "brustbein": "sternum",
        "rippen": "ribs", "seite": "side", "bauch": "stomach", "hüfte": "hip", "unteren rücken": "lower back",
        "rücken": "back", "wirbelsäule": "spine", "nacken": "neck", "hals": "neck", "ohr": "ear",
        "gesicht": "face", "kopf": "head", "oberschenkel": "thigh", "bein": "leg", "beine": "legs", "knie": "knee",
        "schienbein": "shin", "wade": "calf", "waden": "calves", "knöchel": "ankle", "fußknöchel": "ankle",
        "fuß": "foot", "fuss": "foot", "füße": "feet", "po": "bum",
    },
    "pt": {
        "antebraço": "forearm", "antebraços": "forearms", "braço": "arm", "braços": "arms", "bíceps": "bicep",
        "cotovelo": "elbow", "pulso": "wrist", "punho": "wrist", "mão": "hand", "mãos": "hands", "dedo": "finger",
        "dedos": "fingers", "ombro": "shoulder", "omoplata": "shoulder blade", "clavícula": "collarbone",
        "peito": "chest", "esterno": "sternum", "costela": "ribs", "costelas": "ribs", "barriga": "belly",
        "quadril": "hip", "lombar": "lower back", "costas": "back", "coluna": "spine", "pescoço": "neck",
        "nuca": "nape", "orelha": "ear", "rosto": "face", "cabeça": "head", "coxa": "thigh", "perna": "leg",
        "pernas": "legs", "joelho": "knee", "canela": "shin", "panturrilha": "calf", "tornozelo": "ankle",
        "tornozelos": "ankles", "pé": "foot", "pés": "feet", "nádega": "buttock",
    },
    "it": {
        "avambraccio": "forearm", "avambracci": "forearms", "braccio": "arm", "braccia": "arms",
        "bicipite": "bicep", "gomito": "elbow", "polso": "wrist", "polsi": "wrists", "mano": "hand",
        "mani": "hands", "dito": "finger", "dita": "fingers", "spalla": "shoulder", "scapola": "shoulder blade",
        "clavicola": "collarbone", "petto": "chest", "sterno": "sternum", "costole": "ribs", "fianco": "side",
        "pancia": "stomach", "anca": "hip", "bassa schiena": "lower back", "schiena": "back",
        "colonna": "spine", "collo": "neck", "nuca": "nape", "orecchio": "ear", "viso": "face", "testa": "head",
        "coscia": "thigh", "gamba": "leg", "gambe": "legs", "ginocchio": "knee", "stinco": "shin",
        "polpaccio": "calf", "caviglia": "ankle", "caviglie": "ankles", "piede": "foot", "piedi": "feet",
    },
}  # fmt: skip
# Words that mean something else alone (Spanish "dos" is two, "pie" an English word): a placement only
# after a preposition and an article, never as a whole answer.
NEEDS_ARTICLE: Final = frozenset({"dos", "pie", "bras", "main", "cou", "po", "arm", "hand", "finger"})
# Sleeves: a placement wherever they stand ("una manga completa de rosas").
SLEEVES: Final[dict[str, dict[str, str]]] = {
    "es": {"manga completa": "full sleeve", "manga entera": "full sleeve", "media manga": "half sleeve"},
    "fr": {"bras complet": "full sleeve", "demi-manche": "half sleeve", "demi manche": "half sleeve"},
    "de": {"ganzer arm": "full sleeve", "halber arm": "half sleeve"},
    "pt": {"braço fechado": "full sleeve", "fechamento de braço": "full sleeve", "meia manga": "half sleeve"},
    "it": {"manica completa": "full sleeve", "mezza manica": "half sleeve"},
}
# What joins "on" to the body part, per language: a preposition then an article or possessive, or one
# word that is both ("am", "au", "no", "sulla", "sull'").
PREPOSITIONS: Final = {
    "es": r"en|sobre|detr[aá]s de|debajo de|alrededor de|por",
    "fr": r"sur|dans|[aà]|derri[eè]re|sous|autour de",
    "de": r"auf|an|in|hinter|unter|um",
    "pt": r"em|sobre|atr[aá]s de",
    "it": r"su|in|dietro|sotto|intorno a",
}
ARTICLES: Final = {
    "es": r"el|la|los|las|mi|mis|tu",
    "fr": r"le|la|les|mon|ma|mes|l['’]",
    "de": r"dem|der|den|die|das|meinem|meiner|meinen|mein|meine",
    "pt": r"o|a|os|as|meu|minha|meus|minhas",
    "it": r"il|lo|la|i|gli|le|mio|mia|l['’]",
}
JOINED: Final = {
    "es": r"al|del",
    "fr": r"au|aux|du|des",
    "de": r"am|im|ans|aufs|ums|hinterm|unterm|beim",
    "pt": r"no|na|nos|nas|do|da",
    "it": r"sul|sulla|sullo|sui|sulle|sull['’]|nel|nella|nello|nei|nelle|nell['’]|al|alla|all['’]",
}
# A possessive after a joined article: "no meu", "sul mio", "sulla mia".
POSSESSIVES: Final = r"meu|minha|mio|mia|mi"
# Left and right, after the body part in the Romance languages, before it in German.
SIDES_AFTER: Final = {
    "izquierdo": "left", "izquierda": "left", "derecho": "right", "derecha": "right", "gauche": "left",
    "droit": "right", "droite": "right", "esquerdo": "left", "esquerda": "left", "direito": "right",
    "direita": "right", "sinistro": "left", "sinistra": "left", "destro": "right", "destra": "right",
}  # fmt: skip
SIDES_BEFORE: Final = {
    "linken": "left", "linke": "left", "linker": "left", "linkes": "left",
    "rechten": "right", "rechte": "right", "rechter": "right", "rechtes": "right",
}  # fmt: skip

STYLES: Final[dict[str, dict[str, str]]] = {
    "es": {
        "línea fina": "fine line", "linea fina": "fine line", "realismo": "realism", "realista": "realism",
        "tradicional": "traditional", "neotradicional": "neo traditional", "acuarela": "watercolour",
        "geométrico": "geometric", "geometrico": "geometric", "puntillismo": "dotwork", "japonés": "japanese",
        "japones": "japanese", "letras": "lettering", "caligrafía": "calligraphy", "minimalista": "minimalist",
        "negro y gris": "black and grey", "blanco y negro": "black and grey", "ornamental": "ornamental",
        "surrealismo": "surrealism", "ilustrativo": "illustrative",
    },
    "fr": {
        "ligne fine": "fine line", "trait fin": "fine line", "réalisme": "realism", "réaliste": "realism",
        "traditionnel": "traditional", "néo-traditionnel": "neo traditional", "aquarelle": "watercolour",
        "géométrique": "geometric", "pointillisme": "dotwork", "japonais": "japanese", "lettrage": "lettering",
        "calligraphie": "calligraphy", "minimaliste": "minimalist", "noir et gris": "black and grey",
        "surréalisme": "surrealism",
    },
    "de": {
        "feinlinie": "fine line", "feine linien": "fine line", "realismus": "realism", "realistisch": "realism",
        "traditionell": "traditional", "aquarell": "watercolour", "geometrisch": "geometric",
        "punktierung": "dotwork", "japanisch": "japanese", "schriftzug": "lettering", "schrift": "lettering",
        "kalligrafie": "calligraphy", "minimalistisch": "minimalist", "schwarz-grau": "black and grey",
        "schwarz grau": "black and grey", "surrealismus": "surrealism",
    },
    "pt": {
        "linha fina": "fine line", "traço fino": "fine line", "realismo": "realism", "realista": "realism",
        "tradicional": "traditional", "neotradicional": "neo traditional", "aquarela": "watercolour",
        "geométrico": "geometric", "pontilhismo": "dotwork", "japonês": "japanese", "letras": "lettering",
        "caligrafia": "calligraphy", "minimalista": "minimalist", "preto e cinza": "black and grey",
        "surrealismo": "surrealism",
    },
    "it": {
        "linea sottile": "fine line", "linee sottili": "fine line", "realismo": "realism",
        "realistico": "realism", "tradizionale": "traditional", "neotradizionale": "neo traditional",
        "acquerello": "watercolour", "geometrico": "geometric", "puntinismo": "dotwork",
        "giapponese": "japanese", "scritta": "lettering", "lettering": "lettering", "calligrafia": "calligraphy",
        "minimalista": "minimalist", "nero e grigio": "black and grey", "surrealismo": "surrealism",
    },
}  # fmt: skip

# --- said back: the English word stored, as the customer's language says it (``policy/said_back.py``) -----
# One place for the way back: each canonical placement as "gender:word" (m, f, n; p plural; x takes no
# side). A side goes after the word in the Romance languages and agrees with it, before it in German
# (strong nominative: "linker Unterarm", "linke Schulter", "linkes Bein"); "{}" marks where it goes when
# it belongs inside ("parte superior del brazo izquierdo").
SAID_PLACEMENTS: Final[dict[str, dict[str, str]]] = {
    "es": {
        "behind the ear": "x:detrás de la oreja",
        "forearm": "m:antebrazo", "forearms": "p:antebrazos", "arm": "m:brazo", "arms": "p:brazos",
        "upper arm": "m:parte superior del brazo {}", "bicep": "m:bíceps", "elbow": "m:codo", "wrist": "f:muñeca",
        "wrists": "p:muñecas", "hand": "f:mano", "hands": "p:manos", "finger": "m:dedo", "fingers": "p:dedos",
        "shoulder": "m:hombro", "shoulder blade": "m:omóplato", "collarbone": "f:clavícula", "chest": "m:pecho",
        "sternum": "m:esternón", "ribs": "p:costillas", "side": "m:costado", "stomach": "m:estómago",
        "belly": "f:barriga", "abdomen": "m:abdomen", "hip": "f:cadera", "lower back": "f:espalda baja",
        "upper back": "f:espalda alta", "back": "f:espalda", "spine": "f:columna", "neck": "m:cuello",
        "nape": "f:nuca", "ear": "f:oreja", "face": "f:cara", "head": "f:cabeza", "thigh": "m:muslo",
        "leg": "f:pierna", "legs": "p:piernas", "knee": "f:rodilla", "shin": "f:espinilla",
        "calf": "f:pantorrilla", "calves": "p:pantorrillas", "ankle": "m:tobillo", "ankles": "p:tobillos",
        "foot": "m:pie", "feet": "p:pies", "glute": "m:glúteo", "buttock": "m:glúteo", "bum": "m:glúteo",
        "full sleeve": "x:manga completa", "half sleeve": "x:media manga",
    },
    "fr": {
        "behind the ear": "x:derrière l'oreille",
        "forearm": "m:avant-bras", "forearms": "p:avant-bras", "arm": "m:bras", "arms": "p:bras",
        "upper arm": "m:haut du bras {}", "bicep": "m:biceps", "elbow": "m:coude", "wrist": "m:poignet",
        "wrists": "p:poignets", "hand": "f:main", "hands": "p:mains", "finger": "m:doigt", "fingers": "p:doigts",
        "shoulder": "f:épaule", "shoulder blade": "f:omoplate", "collarbone": "f:clavicule", "chest": "f:poitrine",
        "sternum": "m:sternum", "ribs": "p:côtes", "side": "m:flanc", "stomach": "m:ventre", "belly": "m:ventre",
        "abdomen": "m:abdomen", "hip": "f:hanche", "lower back": "x:bas du dos", "upper back": "x:haut du dos",
        "back": "m:dos", "spine": "f:colonne", "neck": "m:cou", "nape": "f:nuque", "ear": "f:oreille",
        "face": "m:visage", "head": "f:tête", "thigh": "f:cuisse", "leg": "f:jambe", "legs": "p:jambes",
        "knee": "m:genou", "shin": "m:tibia", "calf": "m:mollet", "calves": "p:mollets", "ankle": "f:cheville",
        "ankles": "p:chevilles", "foot": "m:pied", "feet": "p:pieds", "glute": "f:fesse", "buttock": "f:fesse",
        "bum": "f:fesse", "full sleeve": "x:bras complet", "half sleeve": "x:demi-manche",
    },
    "de": {
        "behind the ear": "x:hinter dem Ohr",
        "forearm": "m:Unterarm", "forearms": "p:Unterarme", "arm": "m:Arm", "arms": "p:Arme",
        "upper arm": "m:Oberarm", "bicep": "m:Bizeps", "elbow": "m:Ellbogen", "wrist": "n:Handgelenk",
        "wrists": "p:Handgelenke", "hand": "f:Hand", "hands": "p:Hände", "finger": "m:Finger",
        "fingers": "p:Finger", "shoulder": "f:Schulter", "shoulder blade": "n:Schulterblatt",
        "collarbone": "n:Schlüsselbein", "chest": "f:Brust", "sternum": "n:Brustbein", "ribs": "p:Rippen",
        "side": "f:Seite", "stomach": "m:Bauch", "belly": "m:Bauch", "abdomen": "m:Bauch", "hip": "f:Hüfte",
        "lower back": "x:unterer Rücken", "upper back": "x:oberer Rücken", "back": "m:Rücken",
        "spine": "f:Wirbelsäule", "neck": "m:Nacken", "nape": "m:Nacken", "ear": "n:Ohr", "face": "n:Gesicht",
        "head": "m:Kopf", "thigh": "m:Oberschenkel", "leg": "n:Bein", "legs": "p:Beine", "knee": "n:Knie",
        "shin": "n:Schienbein", "calf": "f:Wade", "calves": "p:Waden", "ankle": "m:Knöchel", "ankles": "p:Knöchel",
        "foot": "m:Fuß", "feet": "p:Füße", "glute": "m:Po", "buttock": "m:Po", "bum": "m:Po",
        "full sleeve": "x:ganzer Arm", "half sleeve": "x:halber Arm",
    },
    "pt": {
        "behind the ear": "x:atrás da orelha",
        "forearm": "m:antebraço", "forearms": "p:antebraços", "arm": "m:braço", "arms": "p:braços",
        "upper arm": "m:parte de cima do braço {}", "bicep": "m:bíceps", "elbow": "m:cotovelo", "wrist": "m:pulso",
        "wrists": "p:pulsos", "hand": "f:mão", "hands": "p:mãos", "finger": "m:dedo", "fingers": "p:dedos",
        "shoulder": "m:ombro", "shoulder blade": "f:omoplata", "collarbone": "f:clavícula", "chest": "m:peito",
        "sternum": "m:esterno", "ribs": "p:costelas", "side": "f:lateral do tronco", "stomach": "f:barriga",
        "belly": "f:barriga", "abdomen": "m:abdômen", "hip": "m:quadril", "lower back": "x:lombar",
        "upper back": "x:parte de cima das costas", "back": "p:costas", "spine": "f:coluna", "neck": "m:pescoço",
        "nape": "f:nuca", "ear": "f:orelha", "face": "m:rosto", "head": "f:cabeça", "thigh": "f:coxa",
        "leg": "f:perna", "legs": "p:pernas", "knee": "m:joelho", "shin": "f:canela", "calf": "f:panturrilha",
        "calves": "p:panturrilhas", "ankle": "m:tornozelo", "ankles": "p:tornozelos", "foot": "m:pé",
        "feet": "p:pés", "glute": "f:nádega", "buttock": "f:nádega", "bum": "f:nádega",
        "full sleeve": "x:braço fechado", "half sleeve": "x:meia manga",
    },
    "it": {
        "behind the ear": "x:dietro l'orecchio",
        "forearm": "m:avambraccio", "forearms": "p:avambracci", "arm": "m:braccio", "arms": "p:braccia",
        "upper arm": "m:parte alta del braccio {}", "bicep": "m:bicipite", "elbow": "m:gomito", "wrist": "m:polso",
        "wrists": "p:polsi", "hand": "f:mano", "hands": "p:mani", "finger": "m:dito", "fingers": "p:dita",
        "shoulder": "f:spalla", "shoulder blade": "f:scapola", "collarbone": "f:clavicola", "chest": "m:petto",
        "sternum": "m:sterno", "ribs": "p:costole", "side": "m:fianco", "stomach": "f:pancia", "belly": "f:pancia",
        "abdomen": "m:addome", "hip": "f:anca", "lower back": "x:bassa schiena",
        "upper back": "x:parte alta della schiena", "back": "f:schiena", "spine": "f:colonna vertebrale",
        "neck": "m:collo", "nape": "f:nuca",
        "ear": "m:orecchio", "face": "m:viso", "head": "f:testa", "thigh": "f:coscia", "leg": "f:gamba",
        "legs": "p:gambe", "knee": "m:ginocchio", "shin": "m:stinco", "calf": "m:polpaccio", "calves": "p:polpacci",
        "ankle": "f:caviglia", "ankles": "p:caviglie", "foot": "m:piede", "feet": "p:piedi", "glute": "m:gluteo",
        "buttock": "m:gluteo", "bum": "m:gluteo", "full sleeve": "x:manica completa", "half sleeve": "x:mezza manica",
    },
}  # fmt: skip
# "left"/"right" by the gender of the word they go with.
SAID_SIDES: Final[dict[str, dict[str, dict[str, str]]]] = {
    "es": {"left": {"m": "izquierdo", "f": "izquierda"}, "right": {"m": "derecho", "f": "derecha"}},
    "fr": {"left": {"m": "gauche", "f": "gauche"}, "right": {"m": "droit", "f": "droite"}},
    "de": {
        "left": {"m": "linker", "f": "linke", "n": "linkes"},
        "right": {"m": "rechter", "f": "rechte", "n": "rechtes"},
    },
    "pt": {"left": {"m": "esquerdo", "f": "esquerda"}, "right": {"m": "direito", "f": "direita"}},
    "it": {"left": {"m": "sinistro", "f": "sinistra"}, "right": {"m": "destro", "f": "destra"}},
}
SIDE_FIRST: Final = frozenset({"de"})
# Each canonical style as the customer's language names it (international names kept: "blackwork").
SAID_STYLES: Final[dict[str, dict[str, str]]] = {
    "es": {
        "fine line": "línea fina", "realism": "realismo", "traditional": "tradicional",
        "neo traditional": "neotradicional", "watercolour": "acuarela", "geometric": "geométrico",
        "dotwork": "puntillismo", "japanese": "japonés", "lettering": "letras", "calligraphy": "caligrafía",
        "minimalist": "minimalista", "black and grey": "negro y gris", "ornamental": "ornamental",
        "surrealism": "surrealismo", "illustrative": "ilustrativo",
    },
    "fr": {
        "fine line": "trait fin", "realism": "réalisme", "traditional": "traditionnel",
        "neo traditional": "néo-traditionnel", "watercolour": "aquarelle", "geometric": "géométrique",
        "dotwork": "pointillisme", "japanese": "japonais", "lettering": "lettrage", "calligraphy": "calligraphie",
        "minimalist": "minimaliste", "black and grey": "noir et gris", "ornamental": "ornemental",
        "surrealism": "surréalisme", "illustrative": "illustratif",
    },
    "de": {
        "fine line": "Fineline", "realism": "Realismus", "traditional": "traditionell",
        "neo traditional": "Neo-Traditional", "watercolour": "Aquarell", "geometric": "geometrisch",
        "dotwork": "Dotwork", "japanese": "japanisch", "lettering": "Schriftzug", "calligraphy": "Kalligrafie",
        "minimalist": "minimalistisch", "black and grey": "Schwarz-Grau", "ornamental": "ornamental",
        "surrealism": "Surrealismus", "illustrative": "illustrativ",
    },
    "pt": {
        "fine line": "traço fino", "realism": "realismo", "traditional": "tradicional",
        "neo traditional": "neotradicional", "watercolour": "aquarela", "geometric": "geométrico",
        "dotwork": "pontilhismo", "japanese": "japonês", "lettering": "letras", "calligraphy": "caligrafia",
        "minimalist": "minimalista", "black and grey": "preto e cinza", "ornamental": "ornamental",
        "surrealism": "surrealismo", "illustrative": "ilustrativo",
    },
    "it": {
        "fine line": "linea sottile", "realism": "realismo", "traditional": "tradizionale",
        "neo traditional": "neotradizionale", "watercolour": "acquerello", "geometric": "geometrico",
        "dotwork": "puntinismo", "japanese": "giapponese", "lettering": "scritta", "calligraphy": "calligrafia",
        "minimalist": "minimalista", "black and grey": "nero e grigio", "ornamental": "ornamentale",
        "surrealism": "surrealismo", "illustrative": "illustrativo",
    },
}  # fmt: skip
# English spellings of the same styles (vocabulary.py), said back as the style they are.
STYLE_SPELLINGS: Final = {
    "fine-line": "fine line", "fineline": "fine line", "realistic": "realism", "neo-traditional": "neo traditional",
    "neotraditional": "neo traditional", "neo trad": "neo traditional", "watercolor": "watercolour",
    "dot work": "dotwork", "black and gray": "black and grey", "black & grey": "black and grey",
    "black & gray": "black and grey",
}  # fmt: skip

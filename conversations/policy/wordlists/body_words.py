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

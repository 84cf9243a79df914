"""Question openers and greetings per language, for ``conversations.policy.asking``.

Matched on ``text.normalize``'s form: lower case, punctuation as spaces,
apostrophes dropped ("c'è" is "cè", "qu'est-ce" is "quest ce"). Openers that
also start statements ("como un dragón", "wie ein Drache", "puedo pagar 500")
are left out, and so are those that are English words ("dove", "fate"): a
question mark still makes those a question.
"""

from __future__ import annotations

from typing import Final

OPENERS: Final = {
    "es": (
        "cuánto", "cuanto", "cuánta", "cuanta", "cuántos", "cuantos", "cuántas", "cuantas", "qué", "cómo",
        "cuándo", "dónde", "cuál", "cuáles", "quién", "por qué", "hay", "tienes", "tienen", "tenéis",
        "puedes", "pueden", "podrías", "podrían", "se puede", "es posible", "hacéis", "haces", "hacen",
        "aceptan", "aceptas", "sabes",
    ),
    "fr": (
        "combien", "comment", "quand", "où", "quel", "quelle", "quels", "quelles", "pourquoi", "est ce que",
        "est ce quil", "quest ce", "y a t il", "faites vous", "pouvez vous", "puis je", "vous faites",
        "tu fais", "cest combien", "cest possible", "avez vous", "acceptez vous",
    ),
    "de": (
        "wie viel", "wieviel", "wie lange", "wie teuer", "wie groß", "wie gross", "wie läuft", "wie funktioniert",
        "was kostet", "was kosten", "was ist", "was für", "wann", "wo", "welche", "welcher", "welches", "warum",
        "gibt es", "gibts", "habt ihr", "haben sie", "hast du", "kann ich", "kannst du", "könnt ihr",
        "können sie", "machst du", "macht ihr", "machen sie", "ist es", "ist das", "sind sie", "bist du",
    ),
    "pt": (
        "quanto", "quanta", "quantos", "quantas", "o que", "como funciona", "como faço", "quando é", "onde",
        "qual", "quais", "quem", "por que", "por quê", "vocês fazem", "você faz", "voce faz", "vocês têm",
        "você tem", "tem como", "tem vaga", "tem horário", "é possível", "vocês podem", "você pode",
    ),
    "it": (
        "quanto", "quanti", "quanta", "quante", "cosa", "che cosa", "come funziona", "come posso", "quando",
        "quale", "quali", "chi", "perché", "perche", "cè", "ci sono", "fai", "avete",
        "potete", "puoi", "è possibile",
    ),
}  # fmt: skip
# Words a question may open with before its opener ("y cuánto…", "et combien…", "und wie viel…").
LEAD_INS: Final = "y|e|et|und|pero|mais|aber|ma|mas|también|aussi|auch|anche|bueno|bon|alors|oye|una pregunta"
GREETINGS: Final = (
    r"hola|buenas(?: tardes| noches)?|buenos d[ií]as|bonjour|bonsoir|salut|coucou|guten (?:tag|morgen|abend)"
    r"|servus|moin|gr[uü]ß (?:gott|dich)|ol[aá]|oi|bom dia|boa (?:tarde|noite)|ciao|buongiorno|buonasera|salve"
)

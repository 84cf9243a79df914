"""Text normalisation shared by every parser and keyword rule.

``normalize`` gives the form keyword rules compare: NFKC, case-folded,
punctuation, symbols and emoji turned into spaces, white space collapsed. It
keeps letters and digits of every script, so "¡STOP! 🙏" and "stop" match.
``fold_accents`` drops accents and other combining marks ("arrêt" → "arret",
"löschen" → "loschen"), for rules where an accent is optional.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _is_invisible(ch: str) -> bool:
    """Emoji variation selectors, joiners and other format characters: never part of a word."""
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or unicodedata.category(ch) == "Cf"


def _is_word_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in {"L", "N"} or category == "Mn" or ch in {"'", "@", "_"}


def nfkc(text: str) -> str:
    """Unicode NFKC, so full-width letters, ligatures and super-scripts read as plain text."""
    return unicodedata.normalize("NFKC", text)


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces; everything that is not a letter or digit is a space.

    Apostrophes are dropped inside words ("don't" → "dont") so keywords need
    no apostrophe variants.
    """
    folded = nfkc(text).casefold().replace("\u2019", "'")
    chars = [ch if _is_word_char(ch) else " " for ch in folded if not _is_invisible(ch)]
    joined = "".join(chars).replace("'", "")
    return _SPACES.sub(" ", joined).strip()


def fold_accents(text: str) -> str:
    """``text`` without accents or other combining marks: "Sí, ARRÊT, não" → "Si, ARRET, nao"."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def words(text: str) -> list[str]:
    """The normalised words of a message."""
    normal = normalize(text)
    return normal.split(" ") if normal else []

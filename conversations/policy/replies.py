"""Short answers (docs/conversation.md): yes / no, skip, a choice, an Instagram handle, a request for a new link.

Each parser reads ``keyword_text`` (NFKC, case-folded, punctuation and emoji
as spaces) and answers None (or False) when the message is not clearly one
answer: asking again is cheaper than acting on a guess.

* ``parse_yes_no``: the message is only yes-words (and courtesy words such as
  please / thanks / x) → True; only no-words → False; anything else, a mix
  ("yes and no", "ok no") or an unknown word ("maybe", "not sure", "no idea",
  "yes but…") → None. Every language the bot speaks counts, accents optional
  (``answer_words``): sí / si / claro / vale / de acuerdo, no; oui / ouais /
  d'accord, non; ja / jawohl / klar / genau, nein; sim / claro / pode ser,
  não / nao; sì / si / certo / va bene, no. "si" is also "if" in Spanish and
  Italian: only a whole short reply of yes-words and filler is yes ("si puedo
  ir" is None). 👍 👌 ✅ ✔ ☑ 🆗 count as yes and 👎 ❌ ❎ ✖ ✗ ✘ 🚫 ⛔ as no;
  they are read on the raw NFKC text, since ``normalize`` drops emoji; a yes
  emoji with a no word (or the other way round) is None. Other emoji are
  ignored ("yes 😊" is yes; "🙂" alone is None). Drawn-out words count
  ("yesss", "noooo").
* ``is_skip``: the whole message declines an optional answer: skip, no, none,
  n/a, nothing, pass, not yet, no reference(s) / pics / style / preference /
  insta, "don't have one", "I haven't got any", a no emoji alone…
* ``parse_choice``: the one option the message names, by id ("2", "option 2",
  "#2", "2.", "2️⃣", "two"), position ("the first one", "3rd") or title ("medium",
  "Realism please"); naming two options ("1 or 2", "simple or medium") or none → None.
* ``parse_instagram_handle``: an instagram.com URL, an ``@name`` or a lone
  name ("my insta is jane.doe"); letters, digits, "." and "_", 1–30 characters,
  not starting or ending with "." and no ".." (Instagram's rules). The handle
  comes back lower-case without "@" (Instagram handles are case-insensitive).
  A skip or yes/no answer → None.
* ``asks_for_new_link``: asks for a new / another / fresh link, to resend or
  send the link (again), or says the link expired / does not work / will not open.
  A negation is not read ("I don't need a new link" is True): the engine only
  asks in ``awaiting_deposit`` / ``deposit_expired``, where a spare link is harmless.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from conversations.policy import answer_words
from conversations.policy.keywords import folded_text, keyword_text
from conversations.policy.text import fold_accents, nfkc

# --- yes / no -------------------------------------------------------------------

_YES_EMOJI = frozenset("👍👌✅✔☑🆗")
_NO_EMOJI = frozenset("👎❌❎✖✗✘🚫⛔")

_ELONGATED_YES = re.compile(r"^(?:ye+s+|ye+a+h+|ye+p+|yu+p+|o+k+|su+re+|si+|sim+|oui+|ja+)$")
_ELONGATED_NO = re.compile(r"^(?:no+|nope+|na+h+|non+|nein+|nao+)$")


def _phrase_table(per_language: Mapping[str, Sequence[str]]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(folded_text(p).split(" ")) for phrases in per_language.values() for p in phrases)


_YES = _phrase_table(answer_words.YES)
_NO = _phrase_table(answer_words.NO)
_FILLER = _phrase_table(answer_words.FILLER)
_LONGEST = max(len(p) for p in (*_YES, *_NO, *_FILLER))


def _emoji_polarity(text: str) -> set[bool]:
    found: set[bool] = set()
    for ch in nfkc(text):
        if ch in _YES_EMOJI:
            found.add(True)
        elif ch in _NO_EMOJI:
            found.add(False)
    return found


def _word_polarity(tokens: Sequence[str]) -> set[bool] | None:
    """The polarities of the words (longest phrase first), or None when a word is neither yes, no nor filler."""
    found: set[bool] = set()
    i = 0
    while i < len(tokens):
        for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
            chunk = tuple(tokens[i : i + size])
            if chunk in _YES or chunk in _NO or chunk in _FILLER:
                if chunk not in _FILLER:
                    found.add(chunk in _YES)
                i += size
                break
        else:
            token = tokens[i]
            if _ELONGATED_YES.match(token):
                found.add(True)
            elif _ELONGATED_NO.match(token):
                found.add(False)
            else:
                return None
            i += 1
    return found


def parse_yes_no(text: str) -> bool | None:
    """True for a clear yes, False for a clear no, None for anything else (see the module's rules)."""
    normal = folded_text(text)
    words = normal.split(" ") if normal else []
    polarity = _word_polarity(words)
    if polarity is None:
        return None
    polarity |= _emoji_polarity(text)
    if len(polarity) != 1:
        return None
    return polarity.pop()


# --- skip -----------------------------------------------------------------------

_THINGS = (
    r"(?:refs?|references?|ref pics?|pics?|pictures?|photos?|images?|inspo|inspiration"
    r"|style|preferences?|instagram|insta|ig|handle|one|any|idea)"
)
_SKIP = re.compile(
    r"^(?:(?:no|nah|nope|um+|oh|well|hi|hey) )?(?:"
    r"skip(?: (?:it|this|this one|that|for now|the question))?"
    r"|no(?:pe)?|nah|n|none|nil|nada|nothing|pass|n a|na|not applicable|no comment"
    r"|not yet|not really|none yet|nothing yet|none really|nothing really|none at all|nothing at all|not at the moment"
    rf"|no(?: particular| specific| real)? {_THINGS}(?: yet| really| at the moment)?"
    r"|not (?:got|having) (?:one|any)(?: yet)?"
    r"|(?:i )?(?:dont|do not|havent|have not|didnt|did not)(?: (?:have|got|get|really have))?"
    rf"(?: (?:a|an|any))?(?: {_THINGS})?(?: yet)?"
    r"|(?:i )?(?:dont|do not) (?:mind|care|know)"
    r")$"
)
_SKIP_TRAIL = re.compile(r"(?: (?:please|pls|plz|thanks|thank you|thx|ty|ta|cheers|sorry|x|xx|for now|mate))+$")


# The same in Spanish, French, German, Portuguese and Italian (accents folded): "no tengo", "je n'en ai
# pas", "habe keine", "não tenho", "non ho", "ninguna", "aucune", "keine", "nenhuma", "nessuna" …
_THINGS_OTHER = (
    r"(?:referencias?|fotos?|imagenes|imagens|images?|photos?|bilder|vorlagen?|referenzen|referencias"
    r"|riferimenti|immagini|foto|ideas?|idees?)"
)
_SKIP_OTHER = re.compile(
    r"^(?:(?:no|non|nein|nao|hola|bueno|bah|ah|oh) )?(?:"
    rf"no tengo(?: (?:ninguna|ninguno|nada))?(?: {_THINGS_OTHER})?(?: todavia| aun)?"
    r"|ninguna|ninguno|nada|paso|saltar|omitir|todavia no|aun no|de momento no|no por ahora"
    rf"|je n ?en ai pas|j en ai pas|je nai pas(?: de)?(?: {_THINGS_OTHER})?|aucune?|rien|passer|pas encore"
    rf"|(?:ich )?(?:habe|hab) (?:keine|keins|nichts)(?: {_THINGS_OTHER})?|keine?s?(?: {_THINGS_OTHER})?"
    r"|nichts|uberspringen|noch nicht"
    rf"|nao tenho(?: nenhuma| nenhum)?(?: {_THINGS_OTHER})?|nenhuma|nenhum|pular|ainda nao"
    rf"|non (?:ne )?ho(?: nessuna| nessun)?(?: {_THINGS_OTHER})?|nessuna|nessuno|niente|salta|saltare|non ancora"
    r")(?: (?:gracias|merci|danke|obrigad[oa]|grazie|por favor|svp|bitte|per favore))?$"
)


def is_skip(text: str) -> bool:
    """The whole message declines an optional answer (SKIP / NO / NONE / N/A / "no references"…), in
    any spoken language ("no tengo", "je n'en ai pas", "habe keine", "não tenho", "non ho")."""
    normal = keyword_text(text)
    if not normal:
        return parse_yes_no(text) is False
    core = _SKIP_TRAIL.sub("", " " + normal).strip()
    if not core:
        return False
    return _SKIP.match(core) is not None or _SKIP_OTHER.match(fold_accents(core)) is not None


# --- choice ---------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_NUMBER_LEADS = frozenset({"option", "number", "no", "choice", "opt", "num"})
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
}


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def parse_choice(text: str, options: Sequence[tuple[str, str]]) -> str | None:
    """The id of the one option ``text`` names, by id, number word, position or title; else None."""
    raw = nfkc(text).strip()
    for option_id, _title in options:
        if raw and raw == option_id:
            return option_id  # a button's reply id, as sent
    normal = keyword_text(text)
    if not normal:
        return None
    tokens = normal.split(" ")
    numbers = {
        _NUMBER_WORDS[token]
        for i, token in enumerate(tokens)
        if token in _NUMBER_WORDS and (len(tokens) == 1 or (i > 0 and tokens[i - 1] in _NUMBER_LEADS))
    }
    positions = {_ORDINALS[token] for token in tokens if token in _ORDINALS}
    named: set[str] = set()
    for position, (option_id, title) in enumerate(options):
        key = keyword_text(option_id)
        if _contains(normal, key) or _contains(normal, keyword_text(title)) or key in numbers or position in positions:
            named.add(option_id)
    if len(named) != 1:
        return None
    return named.pop()


# --- instagram ------------------------------------------------------------------

_URL = re.compile(
    r"(?:https?://)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am)/(?P<name>[A-Za-z0-9._]+)/?(?:[?#]\S*)?",
    re.IGNORECASE,
)
_URL_RESERVED = frozenset({"p", "reel", "reels", "stories", "explore", "accounts", "tv", "direct", "about", "legal"})
_MENTION = re.compile(r"(?<![\w.@])@(?P<name>[A-Za-z0-9._]+)")
_HANDLE = re.compile(r"[A-Za-z0-9._]{1,30}")
_PREFIX = re.compile(
    r"^(?:(?:my|the|our)\s+)?(?:instagram|insta|ig)(?![A-Za-z0-9._])"
    r"(?:\s+(?:handle|name|username|user|account|page|is))*\s*[:=\-–]?\s*"
    r"|^(?:it'?s|its|it is|i'?m|im|i am)\s+",
    re.IGNORECASE,
)


def _valid_handle(name: str) -> str | None:
    name = name.rstrip(".")  # a full stop that ends the sentence; handles never end with "."
    if not _HANDLE.fullmatch(name) or name.startswith(".") or ".." in name or not any(c.isalnum() for c in name):
        return None
    return name.lower()


def parse_instagram_handle(text: str) -> str | None:
    """The Instagram handle in a reply (URL, @name or a lone name), lower-case without "@"; else None."""
    raw = nfkc(text).replace("\u2019", "'").strip()
    if not raw or is_skip(raw) or parse_yes_no(raw) is not None:
        return None
    urls = {m.group("name").lower() for m in _URL.finditer(raw)}
    urls -= _URL_RESERVED
    if urls:
        return _valid_handle(urls.pop()) if len(urls) == 1 else None
    mentions = {m.group("name").lower() for m in _MENTION.finditer(raw)}
    if mentions:
        return _valid_handle(mentions.pop()) if len(mentions) == 1 else None
    bare = _PREFIX.sub("", raw).strip().strip("\"'“”‘’").strip()
    if len(bare.split()) != 1:
        return None
    return _valid_handle(bare)


# --- new link -------------------------------------------------------------------

_LINK = r"(?:(?:payment|checkout|deposit|pay|stripe|booking) )?link"
_BROKEN = (
    r"(?:expired|has expired|timed out|dead|broken|broke|invalid"
    r"|(?:doesnt|does not|didnt|did not|dont|do not|wont|will not|isnt|is not|not|cant|cannot|can not)"
    r" (?:work|working|open|opening|load|loading))"
)
_NEW_LINK = re.compile(
    rf"\b(?:new|another|fresh|different|second|updated|working|valid|other) (?:{_LINK}|one)\b"
    r"|\bre ?send\b"
    r"|\bsend\b(?: \w+){0,4} (?:link|it) (?:again|over again)\b"
    rf"|\bsend (?:me |us )?(?:the |a |my )?{_LINK}\b"
    r"|\blink again\b"
    rf"|\b(?:expired|dead|broken|old|invalid) {_LINK}\b"
    rf"|\b(?:link|it|its|this|checkout|payment|page|session)(?: \w+){{0,2}} {_BROKEN}\b"
    rf"|\b(?:cant|cannot|can not|unable to|couldnt|could not) (?:open|use|load|access|click)"
    rf" (?:the |your |this |that |my )?{_LINK}\b"
    rf"|\b(?:didnt|did not|havent|have not|never) (?:get|got|receive|received|gotten)(?: \w+){{0,2}} {_LINK}\b"
)


def asks_for_new_link(text: str) -> bool:
    """The customer asks for a new checkout link or says theirs expired / does not work."""
    normal = keyword_text(text)
    return bool(normal) and _NEW_LINK.search(normal) is not None

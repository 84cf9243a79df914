"""Which artist (docs/artists.md "Choosing the artist"): with more than one active artist a new
customer is asked, unless the first message names an artist or asks for a style only one offers.

The question goes with the welcome as a WhatsApp list (numbered in the text too), the first
message's words kept meanwhile, so an enquiry written whole is not asked for again: once the
customer has chosen, those words are read as the answers they are. "No preference" leaves the
lead unassigned until its size is known; then it goes to the artist with the soonest free slot
for that size. A reply that is no choice at all is taken as no preference, and read as answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace

from conversations.engine.turn import Turn
from conversations.messaging.interactive import (
    CHOOSE,
    NO_PREFERENCE,
    OUR_ARTISTS,
    ROW_DESCRIPTION,
    ROW_TITLE,
    SOONEST,
    list_payload,
    shown_language,
    title,
)
from conversations.policy.wordlists.pick_words import NO_PREFERENCE_WORDS
from leads.models import Artist

ANY = "any"
_NO_PREFERENCE = re.compile(
    r"\b(no preference|any(one| one| artist)?|whoever( is free( first| soonest)?)?|don'?t mind|do not mind|"
    r"doesn'?t matter|no matter|either|not fussed|surprise me|first available|soonest|"
    + "|".join(re.escape(phrase) for phrase in sorted(NO_PREFERENCE_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
LIST_LIMIT = 9  # WhatsApp lists take ten rows: the artists, then "no preference"


def artists_to_choose(turn: Turn) -> list[Artist]:
    """The artists a customer chooses from, or [] when there is no choice to make (one artist, a
    lead that has one, a choice already made)."""
    if turn.lead.artist_id is not None or turn.lead.artist_choice:
        return []
    artists = list(Artist.objects.filter(active=True)[: LIST_LIMIT + 1])
    return artists if len(artists) > 1 else []


def named_in(text: str, artists: list[Artist]) -> Artist | None:
    """The one artist the words name (full or first name), or whose style they ask for when only
    that artist offers it; None when they name none, or more than one."""
    words = text.lower().replace("\u2019", "'")
    full = [a for a in artists if _has(words, a.name.lower().strip())]
    if len(full) == 1:  # "Kai Smith" beside "Kai Jones"
        return full[0]
    named = full or [a for a in artists if any(_has(words, name) for name in _names(a))]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    styled = [a for a in artists if any(_has(words, style.lower()) for style in a.styles)]
    return styled[0] if len(styled) == 1 else None


def _names(artist: Artist) -> set[str]:
    full = artist.name.lower().strip()
    return {full, full.split()[0]} if full else set()


def _has(words: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words) is not None


def offer(turn: Turn, artists: list[Artist], *, keep: bool = True) -> None:
    """Ask which artist, keeping the first message's words (with ``keep``) for after the choice."""
    turn.lead.artist_choice = "asked"
    turn.lead.held_text = turn.message.text.strip()[:2000] if keep else ""
    turn.lead.current_question = "artist"
    artists = artists[:LIST_LIMIT]  # and "no preference": WhatsApp's ten rows
    language = shown_language(turn.lead, turn.studio)
    rows = [
        {"id": f"artist:{a.pk}", "title": a.name[:ROW_TITLE], "description": ", ".join(a.styles)[:ROW_DESCRIPTION]}
        for a in artists
    ]
    rows.append(
        {"id": f"artist:{ANY}", "title": title(NO_PREFERENCE, language), "description": title(SOONEST, language)}
    )
    turn.reply(
        "choose_artist",
        kind="list",
        payload=list_payload(CHOOSE, OUR_ARTISTS, rows, language),
        artists=[a.name for a in artists],
    )
    turn.save_lead()
    turn.step_reached = "artist"


def chosen_from(turn: Turn) -> tuple[Artist | None, str]:
    """The customer's answer to the question: the artist (None for no preference), and the words
    of the message still to read as answers ("" for a tap or a number; the message without the
    name or the "no preference" for words; the whole message when it was no choice at all)."""
    artists = list(Artist.objects.filter(active=True))
    reply = turn.message.reply_id
    if reply.startswith("artist:"):
        picked = reply.partition(":")[2]
        return next((a for a in artists if str(a.pk) == picked), None), ""
    text = turn.text.strip()
    number = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", text)
    if number:
        index = int(number.group(1)) - 1
        shown = artists[:LIST_LIMIT]
        return (shown[index] if 0 <= index < len(shown) else None), ""
    artist = named_in(text, artists)
    if artist is not None:
        return artist, without_names(text, artists)
    return None, " ".join(_NO_PREFERENCE.sub(" ", text.replace("\u2019", "'")).split())


def take(turn: Turn, artist: Artist | None) -> None:
    """Record the choice (an artist, or no preference)."""
    turn.lead.artist = artist
    turn.lead.artist_choice = "chosen" if artist is not None else ANY
    turn.lead.current_question = ""


def without_names(text: str, artists: list[Artist]) -> str:
    """The words without the artists' names: "book with Kai" names the artist, it is no idea."""
    for artist in artists:
        for name in sorted(_names(artist), key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


@contextmanager
def reading_as(turn: Turn, text: str) -> Iterator[str]:
    """Within the block the turn reads ``text`` as its message (no media, no reply id); the turn
    itself (its effects, their keys) stays the one turn."""
    message = turn.message
    turn.message = replace(message, text=text, media=None, reply_id="")
    try:
        yield text
    finally:
        turn.message = message


def reading_held(turn: Turn, extra: str = "") -> AbstractContextManager[str]:
    """``reading_as`` the kept first words (and ``extra``); the words read, "" for none."""
    text = " ".join(part for part in (turn.lead.held_text, extra) if part).strip()
    turn.lead.held_text = ""
    return reading_as(turn, text)

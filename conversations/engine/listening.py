"""The front desk listens (docs/conversation.md): every answer in every message, questions answered.

Each message while qualifying (the first one too) is read by the policy
extractor for every active question it answers. Each answer found is stored
(raw text: the message), its question is skipped when its turn comes, one
line says what was taken, and the first question still open is asked. A
correction replaces an earlier answer and the current question is asked
again. A question is answered from the FAQ, or kept for the artist; it is
never stored as an answer and never a parse failure. When a message carries
nothing the extractor is sure of, the current question reads it as before
(``qualifying.read_answer``), with its repair counter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conversations.engine import artist_choice, completion, progress, qualifying
from conversations.engine.turn import Turn
from conversations.messaging.faq import faq_answer
from conversations.messaging.formatting import format_list, format_range
from conversations.messaging.interactive import YOUR_REFERENCE, shown_language, title
from conversations.policy import said_back
from conversations.policy.extract import Found, Reading, describes_idea, read_message
from leads.models import Answer, Question, QuestionKind
from leads.models.lead import LeadStatus
from leads.models.studio import vocabulary

_MAX_KEPT_QUESTIONS = 20
# Extracted fields and the question kind (or key, for text questions) they answer.
_BY_KIND = {"size": QuestionKind.SIZE, "money": QuestionKind.MONEY, "city": QuestionKind.CITY}
_TEXT_KEYS = qualifying.TEXT_COLUMNS
_ORDER = ("idea", "placement", "size", "style", "references", "budget", "city", "availability")


@dataclass
class _Taken:
    question: Question
    raw: str
    value: Any
    fields: dict[str, Any]
    shown: str  # how the confirmation line says it


def start(turn: Turn, *, read: bool = True) -> None:
    """New lead (or back after opt-out, abandon or stale): the welcome, then the message is read
    like any other, so "a fine line rose on my ankle, 5x5cm" is not asked for again."""
    fresh = turn.lead.status == LeadStatus.NEW and turn.lead.qualifying_step == 0
    progress.begin(turn)
    artists = artist_choice.artists_to_choose(turn)
    if artists:  # a several-artist studio: whom, unless the message says
        named = artist_choice.named_in(turn.text, artists) if read else None
        if named is not None:
            artist_choice.take(turn, named)
            progress.go_to(turn, 0)
            with artist_choice.reading_as(turn, artist_choice.without_names(turn.text, artists)):
                _welcome_and_read(turn, read=read, fresh=fresh)
            turn.save_lead()  # the choice, whatever the reading wrote
            return
        if turn.questions:
            turn.reply("welcome")
            artist_choice.offer(turn, artists, keep=read)
            return
    _welcome_and_read(turn, read=read, fresh=fresh)


def _welcome_and_read(turn: Turn, *, read: bool, fresh: bool) -> None:
    turn.reply("welcome")
    if not turn.questions:
        return
    if read and (turn.message.text.strip() or turn.message.media is not None):
        listen(turn, turn.questions[0], first=True, fresh=fresh)
    else:
        qualifying.ask(turn, turn.questions[0], first=True)
    turn.step_reached = turn.lead.current_question


def handle(turn: Turn) -> None:
    """A message while qualifying."""
    if turn.lead.artist_choice == "asked":
        _artist_answered(turn)
        return
    question = qualifying.current_question(turn)
    if question is None:  # the set was emptied or shortened by an admin
        completion.complete(turn)
        return
    turn.step_reached = question.key
    listen(turn, question)


def _artist_answered(turn: Turn) -> None:
    """The answer to "which artist": taken (a reply that is no choice is no preference, and read
    as answers), then the first message's kept words are read as any message is."""
    artist, rest = artist_choice.chosen_from(turn)
    artist_choice.take(turn, artist)
    progress.go_to(turn, 0)
    turn.reply("chosen_artist", chosen=artist is not None)
    if not turn.questions:
        completion.complete(turn)
        return
    with artist_choice.reading_held(turn, rest) as words:
        if words:
            listen(turn, turn.questions[0], first=True)
        else:
            qualifying.ask(turn, turn.questions[0], first=True)
    turn.save_lead()  # the choice, whatever the reading wrote
    turn.step_reached = turn.lead.current_question


def listen(turn: Turn, question: Question, *, first: bool = False, fresh: bool = False) -> None:
    """``fresh``: a lead created for this message, which has no answers yet (one query fewer)."""
    text = turn.message.text.strip()
    answered = set() if fresh else set(Answer.objects.filter(lead=turn.lead).values_list("question_key", flat=True))
    reading = _read(turn, text) if text else Reading()
    taken = _from_reading(turn, reading, question, answered)
    media = turn.message.media
    if media is not None:
        target = question if question.kind == QuestionKind.MEDIA else _question_for(turn, "references")
        if target is not None and (target.key not in answered or target is question):
            raw = text or f"[{media.kind}]"
            shown = title(YOUR_REFERENCE, shown_language(turn.lead, turn.studio))
            taken.setdefault(target.key, _Taken(target, raw, {"media_id": media.media_id}, {}, shown))
    other_business = bool(taken) or bool(reading.questions)
    if question.key not in taken:
        current = _current_answer(turn, question, text, reading, other_business=other_business, first=first)
        if current is _FAILED:
            return  # asked again with the example, or handed over
        if isinstance(current, _Taken):
            taken[question.key] = current
    qualifying.store_answers(turn, [(item.question, item.raw, item.value, item.fields) for item in taken.values()])
    answered |= taken.keys()
    if text:
        plain = not first and not reading.questions and list(taken) == [question.key]
        _confirm(turn, question, taken, reading, plain=plain)
    for asked in reading.questions:
        _answer_question(turn, asked)
    if question.key in answered:
        _next(turn, question, answered, first=first)
        return
    if taken or reading.questions:
        turn.save_lead()  # the answers' columns, the kept questions
    template = "media_ack" if media is not None and not text else "question"
    qualifying.ask(turn, question, first=first and not taken and not reading.questions, template=template)


# --- reading ---------------------------------------------------------------------------------------


def _read(turn: Turn, text: str) -> Reading:
    studio = turn.studio
    keys = {q.key for q in turn.questions}
    kinds = {q.kind for q in turn.questions}
    fields = [key for key in _TEXT_KEYS if key in keys]
    fields += [name for name, kind in _BY_KIND.items() if kind in kinds]
    return read_message(
        text,
        currency=studio.currency,
        prefer_country=studio.home_country,
        placements=vocabulary(studio.extra_placements),
        styles=vocabulary(studio.extra_styles),
        fields=fields,
    )


def _question_for(turn: Turn, field: str) -> Question | None:
    kind = _BY_KIND.get(field)
    for question in turn.questions:
        if (kind is not None and question.kind == kind) or (kind is None and question.key == field):
            return question
    return None


def _from_reading(turn: Turn, reading: Reading, current: Question, answered: set[str]) -> dict[str, _Taken]:
    """The answers found, for questions still open (or any, in a correction: the latest wins)."""
    taken: dict[str, _Taken] = {}
    fix = reading.correction
    for name, found in reading.found.items():
        question = _question_for(turn, name)
        if question is None or name == "idea":
            continue
        if fix is not None and fix.field and fix.field not in {name, question.key}:
            continue
        if question.key in answered and fix is None and question is not current:
            continue
        item = _taken(turn, question, found)
        if item is not None:
            taken[question.key] = item
    if fix is not None and fix.field in _TEXT_KEYS and fix.field not in taken and fix.text:
        question = _question_for(turn, fix.field)
        if question is not None:
            taken[question.key] = _text(turn, question, fix.text)
    return taken


def _taken(turn: Turn, question: Question, found: Found) -> _Taken | None:
    raw = turn.message.text.strip()
    if question.kind == QuestionKind.SIZE:
        value, fields = qualifying.size_answer(turn, found.value, found.text)
    elif question.kind == QuestionKind.MONEY:
        value, fields = qualifying.money_answer(found.value, found.text)
    elif question.kind == QuestionKind.CITY:
        place = found.value
        turn.lead.parse_failures.pop("city_pending", None)
        value, fields = qualifying.city_answer(place.city or found.text[:100], place.country, place.region)
    elif question.kind == QuestionKind.TEXT:
        return _text(turn, question, str(found.value))
    else:
        return None
    return _Taken(question, raw, value, fields, _shown(turn, question, fields, raw))


def _text(turn: Turn, question: Question, value: str) -> _Taken:
    fields = qualifying.text_fields(question.key, value)
    return _Taken(question, turn.message.text.strip(), value, fields, _said_back(turn, question.key, value))


def _said_back(turn: Turn, key: str, value: str) -> str:
    """An answer as the bot repeats it: "a rose on your ankle", "your left forearm"; in another language
    the placement or style the parsers stored in English is said in that language ("antebrazo
    izquierdo", "trait fin"), the customer's own words as written."""
    language = shown_language(turn.lead, turn.studio)
    if language != "en":
        reader = {"placement": said_back.placement_in, "style": said_back.style_in}.get(key)
        return (reader(value, language) if reader is not None else None) or value
    if key == "placement" and not re.match(r"(?i)(?:my|your|the|a|an|on|behind|in)\b", value):
        return f"your {value}"
    return _yours(value) if key in {"idea", "placement"} else value


_FAILED = object()


def _current_answer(
    turn: Turn, question: Question, text: str, reading: Reading, *, other_business: bool, first: bool
) -> _Taken | object | None:
    """The current question's answer when the extractor did not find it: the words left over for a
    text question, or the question's own reading of the whole message."""
    if reading.correction is not None and other_business:
        return None
    if question.kind == QuestionKind.TEXT:
        leftover = reading.leftover
        if question.key == "idea" and (first or other_business):
            # A first message is the idea when it says so ("I'd like …", "… tattoo") or is more than a few
            # words ("human skull with roses"); "Body text" or "hello there" is not.
            sure = other_business or reading.wants or len(leftover.split()) >= 3
            return _text(turn, question, leftover) if sure and describes_idea(leftover) else None
        if other_business:
            return _text(turn, question, leftover) if leftover and describes_idea(leftover) else None
        if first:
            return None
        idea = question.key == "idea" and describes_idea(leftover)
        return _legacy(turn, question, leftover if idea else text)
    if first and not other_business:
        return None
    if other_business:
        try:
            raw, value, fields = qualifying.read_answer(turn, question, text)
        except qualifying.Unreadable:
            turn.lead.parse_failures.pop("city_pending", None)
            return None
        return _Taken(question, raw, value, fields, _shown(turn, question, fields, raw))
    return _legacy(turn, question, text)


def _legacy(turn: Turn, question: Question, text: str) -> _Taken | object:
    try:
        raw, value, fields = qualifying.read_answer(turn, question, text)
    except qualifying.Unreadable as unreadable:
        qualifying.failed(turn, question, unreadable.template)
        return _FAILED
    return _Taken(question, turn.message.text.strip() or raw, value, fields, _shown(turn, question, fields, raw))


def _shown(turn: Turn, question: Question, fields: dict[str, Any], raw: str) -> str:
    if "size_width_cm" in fields:
        return qualifying.size_label(fields["size_width_cm"], fields["size_height_cm"])
    if "budget_currency" in fields:
        return format_range(fields["budget_min"], fields["budget_max"], fields["budget_currency"])
    if "city" in fields:
        return str(fields["city"])
    return _said_back(turn, question.key, raw)


# --- replying --------------------------------------------------------------------------------------


def _confirm(turn: Turn, current: Question, taken: dict[str, _Taken], reading: Reading, *, plain: bool) -> None:
    """One line of what was taken; a plain answer to the current question gets none (the city one
    confirms size, budget and city, as before)."""
    if not taken:
        return
    if plain:
        if current.key == "city" and current.key in taken:
            turn.reply("confirm", summary=qualifying.confirmation_summary(turn))
        return
    order = {key: index for index, key in enumerate(_ORDER)}
    items = sorted(taken.values(), key=lambda item: order.get(item.question.key, len(order)))
    idea = taken.get("idea")
    shown = [
        item.shown
        for item in items
        if item.shown
        and not (item.question.key in {"placement", "style"} and idea and item.shown.lower() in idea.shown.lower())
    ]
    template = "corrected" if reading.correction is not None else "taken"
    turn.reply(template, summary=format_list(shown))


def _answer_question(turn: Turn, asked: str) -> None:
    answer = faq_answer(asked, turn.studio, turn.customer.language or turn.studio.default_language)
    if answer is not None:
        turn.reply("faq_answer", answer=answer)
        return
    kept = list(turn.lead.open_questions or [])
    if all(entry.get("text") != asked for entry in kept) and len(kept) < _MAX_KEPT_QUESTIONS:
        kept.append({"text": asked[:500], "at": turn.now.isoformat()})
        turn.lead.open_questions = kept
    turn.reply("question_kept")


def _next(turn: Turn, current: Question, answered: set[str], *, first: bool) -> None:
    index = _first_open(turn, current, answered)
    progress.go_to(turn, index)
    turn.save_lead()
    if index < len(turn.questions):
        qualifying.ask(turn, turn.questions[index], first=first and index == 0)
        turn.step_reached = turn.questions[index].key
    else:
        completion.complete(turn)


def _first_open(turn: Turn, current: Question, answered: set[str]) -> int:
    """The first question still open from the current one on; past the end, the first required one
    still unanswered (an admin may have added or reordered questions mid-conversation). The travel
    question is open only when it applies (docs/conversation.md "The travel question")."""
    index = turn.question_index(current.key)
    start = index if index is not None else turn.lead.qualifying_step

    def is_open(question: Question) -> bool:
        if question.key in answered:
            return False
        return question.key != "travel" or completion.travel_applies(turn)

    for position in range(start, len(turn.questions)):
        if is_open(turn.questions[position]):
            return position
    for position, question in enumerate(turn.questions):
        if question.required and is_open(question):
            return position
    return len(turn.questions)


_MY = re.compile(r"\bmy\b", re.IGNORECASE)


def _yours(text: str) -> str:
    """ "a rose on my ankle" as the bot says it back: "a rose on your ankle"."""
    return _MY.sub("your", text)

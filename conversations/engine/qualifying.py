"""Qualifying (docs/conversation.md): the welcome, one question at a time, answers stored and checked.

Each answer is parsed by its question's kind, stored as an ``Answer`` row
(raw text, parsed value, time; the latest wins) and mirrored onto the lead's
columns. ``size``, ``budget`` and ``city`` have a failure counter: the first
failure re-asks with the question's example, the second hands over with
reason ``parse_failure:<field>``; a success resets it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conversations.engine import artist_choice, completion
from conversations.engine.handover import hand_over
from conversations.engine.turn import Turn
from conversations.messaging.copy import VARIANTS
from conversations.messaging.formatting import format_list, format_range
from conversations.messaging.interactive import option_title, shown_language
from conversations.messaging.question_prompts import prompt_text, question_buttons
from conversations.policy import guards
from conversations.policy.cities import resolve_place
from conversations.policy.money import Money, parse_money
from conversations.policy.replies import is_skip, parse_choice, parse_instagram_handle, parse_yes_no
from conversations.policy.size import SizeResult, area_cm2, parse_size
from leads.booking.rules import soonest_artist
from leads.models import Answer, Question, QuestionKind

REPAIRED_FIELDS = frozenset({"size", "budget", "city"})
TEXT_COLUMNS = ("idea", "placement", "style", "availability")  # text questions with a lead column
MAX_FAILURES = 2


class Unreadable(Exception):
    """The reply could not be read as an answer to the current question."""

    def __init__(self, template: str = "repair") -> None:
        self.template = template


# --- asking ---------------------------------------------------------------------


def current_question(turn: Turn) -> Question | None:
    """The question being asked: by key, so an admin reordering the set mid-way loses nothing."""
    index = turn.question_index(turn.lead.current_question)
    if index is None:
        index = turn.lead.qualifying_step
    return turn.questions[index] if 0 <= index < len(turn.questions) else None


def ask(turn: Turn, question: Question, *, first: bool = False, template: str = "question") -> None:
    index = turn.question_index(question.key) or 0
    context: dict[str, Any] = {
        "prompt": prompt_text(question, turn.studio, turn.customer.language),
        "example": question.text_in(turn.customer.language)[1],
        "first": first,
        # Consecutive questions never open with the same words.
        "variant": (turn.lead.pk + index) % VARIANTS,
    }
    buttons = question_buttons(question, shown_language(turn.lead, turn.studio))
    if buttons:
        turn.reply(template, kind="buttons", payload={"buttons": buttons}, **context)
    else:
        turn.reply(template, **context)


def reask_current(turn: Turn, template: str = "question") -> None:
    question = current_question(turn)
    if question is not None:
        ask(turn, question, template=template)


def resume(turn: Turn) -> None:
    """Back from the artist (CONTINUE): the current question again, or the welcome if none was asked."""
    if not Answer.objects.filter(lead=turn.lead).exists() and turn.lead.qualifying_step == 0:
        turn.reply("welcome")
        if turn.questions:
            ask(turn, turn.questions[0], first=True)
        return
    reask_current(turn)


# --- answering ------------------------------------------------------------------


def read_answer(turn: Turn, question: Question, text: str) -> tuple[str, Any, dict[str, Any]]:
    """(raw text, parsed value, lead columns to set) for an answer, or ``Unreadable``."""
    message, key, kind = turn.message, question.key, question.kind
    if kind == QuestionKind.MEDIA:
        if message.media is not None:
            return text or f"[{message.media.kind}]", {"media_id": message.media.media_id}, {}
        if is_skip(text):
            return text, None, {}
        raise Unreadable()
    if not text and not message.reply_id:
        raise Unreadable()
    if kind == QuestionKind.TEXT:
        if key in {"idea", "placement"} and guards.only_size_or_amount(text, turn.studio.currency):
            raise Unreadable("reask")
        return text, text, text_fields(key, "" if key == "style" and is_skip(text) else text)
    if kind == QuestionKind.SIZE:
        return _read_size(turn, text)
    if kind == QuestionKind.MONEY:
        money = parse_money(text, turn.studio.currency)
        if money is None:
            raise Unreadable()
        return text, *money_answer(money, text)
    if kind == QuestionKind.CITY:
        return _read_city(turn, text)
    if kind == QuestionKind.CHOICE:
        options = [(str(o["id"]), str(o["title"])) for o in question.options]
        language = shown_language(turn.lead, turn.studio)
        shown = [(option_id, option_title(title, language)) for option_id, title in options]
        choice = parse_choice(message.reply_id or text, options) or parse_choice(text, options)
        choice = choice or parse_choice(text, shown)  # "Medio", the button's Spanish title, typed
        if choice is None:
            raise Unreadable()
        return text, choice, {"complexity": int(choice)} if key == "complexity" and choice.isdigit() else {}
    if kind == QuestionKind.YES_NO:
        answer = parse_yes_no(message.reply_id or text)
        if answer is None:
            answer = parse_yes_no(text)
        if answer is None:
            raise Unreadable()
        if key == "travel":
            return text, answer, {"can_travel": answer}
        return text, answer, {"is_cover_up": True} if key == "coverup" and answer else {}
    if kind == QuestionKind.HANDLE:
        if is_skip(text):
            return text, None, {}
        handle = parse_instagram_handle(text)
        if handle is None:
            raise Unreadable()
        return text, handle, {"instagram": handle} if key == "instagram" else {}
    return text, text, {}


def _read_size(turn: Turn, text: str) -> tuple[str, Any, dict[str, Any]]:
    size = parse_size(text)
    if size.kind == "too_big":
        raise Unreadable("too_big")
    if size.kind == "dimensions" and size.width_cm is not None and size.height_cm is not None:
        return text, *size_answer(turn, size, text)
    if size.kind == "descriptive":
        value = {"description": text, "category": size.category_hint}
        return text, value, {"size_text": text[:200], "size_category": size.category_hint or ""}
    raise Unreadable()


def _read_city(turn: Turn, text: str) -> tuple[str, Any, dict[str, Any]]:
    pending = turn.lead.parse_failures.get("city_pending")
    place = resolve_place(text, prefer_country=turn.studio.home_country)
    if pending and place is not None and not place.city:
        # The answer to "which country is X in?": keep the city the customer named.
        place_city, country, region = str(pending), place.country, place.region
    elif place is not None:
        # A city, or only a country ("Germany"): the country is what the region needs.
        place_city, country, region = place.city or text.strip()[:100], place.country, place.region
    else:
        if not pending:
            turn.lead.parse_failures["city_pending"] = text[:100]
        raise Unreadable("country" if not pending else "repair")
    turn.lead.parse_failures.pop("city_pending", None)
    return text, *city_answer(place_city, country, region)


# --- an answer's parsed value and lead columns (also for the answers the front desk finds) ----------

AnswerParts = tuple[dict[str, Any], dict[str, Any]]  # (parsed value, lead columns)


def size_answer(turn: Turn, size: SizeResult, text: str) -> AnswerParts:
    """Width × height: the parsed value and the lead's columns, the category from the studio's areas."""
    area = area_cm2(size) or Decimal(0)
    category = turn.studio.size_category_for(float(area))
    value: dict[str, Any] = {"width_cm": str(size.width_cm), "height_cm": str(size.height_cm), "category": category}
    fields = {
        "size_text": text[:200],
        "size_width_cm": size.width_cm,
        "size_height_cm": size.height_cm,
        "size_category": category,
    }
    return value, fields


def money_answer(money: Money, text: str) -> AnswerParts:
    value: dict[str, Any] = {"min": money.min_minor, "max": money.max_minor, "currency": money.currency}
    fields = {
        "budget_text": text[:200],
        "budget_min": money.min_minor,
        "budget_max": money.max_minor,
        "budget_currency": money.currency,
    }
    return value, fields


def city_answer(city: str, country: str, region: str) -> AnswerParts:
    value: dict[str, Any] = {"city": city, "country": country, "region": region}
    return value, dict(value)


def text_fields(key: str, text: str) -> dict[str, Any]:
    """The lead column of a text answer (idea, placement, style, availability) and the cover-up flag."""
    fields: dict[str, Any] = {key: text} if key in TEXT_COLUMNS else {}
    if key == "idea" and guards.mentions_cover_up(text):
        fields["is_cover_up"] = True
    return fields


def size_label(width: Decimal, height: Decimal) -> str:
    """ "10×15 cm", "7.5×10 cm"."""
    return f"{_number(width)}×{_number(height)} cm"


def failed(turn: Turn, question: Question, template: str) -> None:
    if question.key in REPAIRED_FIELDS:
        failures = int(turn.lead.parse_failures.get(question.key, 0)) + 1
        turn.lead.parse_failures[question.key] = failures
        if failures >= MAX_FAILURES:
            turn.lead.parse_failures.pop("city_pending", None)
            turn.lead.parse_failures.pop(question.key, None)  # a fresh start if the customer continues
            turn.save_lead()
            hand_over(turn, reason=f"parse_failure:{question.key}")
            return
    turn.save_lead()
    if template == "country":
        turn.reply("country", city=turn.lead.parse_failures.get("city_pending", ""))
    else:
        ask(turn, question, template=template)


def store_answer(turn: Turn, question: Question, raw: str, value: Any, fields: dict[str, Any]) -> None:
    store_answers(turn, [(question, raw, value, fields)])


def store_answers(turn: Turn, answers: list[tuple[Question, str, Any, dict[str, Any]]]) -> None:
    """Every answer of one message in one statement, no savepoint: the latest answer to a question
    replaces the earlier one; the lead's columns are set (the caller saves the lead)."""
    if not answers:
        return
    Answer.objects.bulk_create(
        [Answer(lead=turn.lead, question=question, question_key=question.key, raw_text=raw, parsed_value=value,
                answered_at=turn.now) for question, raw, value, _ in answers],
        update_conflicts=True,
        unique_fields=["lead", "question_key"],
        update_fields=["question", "raw_text", "parsed_value", "answered_at"],
    )  # fmt: skip
    for question, _, _, fields in answers:
        for name, field_value in fields.items():
            setattr(turn.lead, name, field_value)
        turn.lead.parse_failures.pop(question.key, None)
    if any(fields.keys() & {"size_category", "region", "can_travel"} for *_, fields in answers):
        completion.estimate_refresh(turn.lead, turn.studio)
    lead = turn.lead
    if lead.artist_choice == artist_choice.ANY and lead.artist_id is None and lead.size_category:
        # No preference: the artist with the soonest free time, now the size is known.
        lead.artist = soonest_artist(lead, turn.studio, turn.now)


def confirmation_summary(turn: Turn) -> str:
    """ "10×15 cm, London, £500–600" from what is known so far."""
    lead = turn.lead
    parts = []
    if lead.size_width_cm is not None and lead.size_height_cm is not None:
        parts.append(size_label(lead.size_width_cm, lead.size_height_cm))
    elif lead.size_text:
        parts.append(lead.size_text)
    if lead.city:
        parts.append(lead.city)
    if lead.budget_min is not None or lead.budget_max is not None:
        parts.append(format_range(lead.budget_min, lead.budget_max, lead.budget_currency or turn.studio.currency))
    return format_list(parts)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else str(value)

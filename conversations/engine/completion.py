"""The last answer (docs/conversation.md): tour conversion, waitlist, or the regional minimum; then the artist."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conversations.engine.turn import Turn
from conversations.messaging.formatting import format_date, format_money, format_range
from conversations.messaging.interactive import shown_language, yes_no_buttons
from conversations.messaging.reasons import describe_reason, describe_status
from conversations.models import Direction, TranscriptMessage
from conversations.policy.cities import same_city
from conversations.policy.languages import NAMES
from leads.models import Lead, StudioSettings, TourStop
from leads.models.artist import deposit_for, min_budget_for
from leads.models.lead import LeadStatus

ANSWER_LABELS = (
    ("idea", "Idea"),
    ("placement", "Placement"),
    ("size_text", "Size"),
    ("style", "Style"),
    ("budget", "Budget"),
    ("city", "City"),
    ("availability", "Availability"),
    ("instagram", "Instagram"),
)


def tour_buttons(turn: Turn) -> list[dict[str, str]]:
    """YES / NO to the tour stop offered (``tour_yes``, ``tour_no``), in the customer's language."""
    return yes_no_buttons(shown_language(turn.lead, turn.studio), "tour_yes", "tour_no")


def upcoming_stops(turn: Turn) -> list[TourStop]:
    return list(TourStop.objects.filter(end_date__gte=turn.now.date()).order_by("start_date", "id"))


# A district or suburb (Brixton, Shoreditch) is the city it belongs to.
SAME_CITY_KM = 25.0


def _serving_stop(lead: Lead, stops: Iterable[TourStop]) -> TourStop | None:
    return next(
        (
            stop
            for stop in stops
            if same_city(
                lead.city, stop.city, country_a=lead.country or None, country_b=stop.country, within_km=SAME_CITY_KM
            )
        ),
        None,
    )


def _offered_stop(country: str, stops: list[TourStop]) -> TourStop | None:
    """The soonest stop in the customer's country, else the soonest overall."""
    return next((stop for stop in stops if stop.country == country), stops[0] if stops else None)


def _at_home(lead: Lead, studio: StudioSettings) -> bool:
    # No city answer (the question switched off) counts as the home city.
    return not lead.city or same_city(
        lead.city,
        studio.home_city,
        country_a=lead.country or None,
        country_b=studio.home_country,
        within_km=SAME_CITY_KM,
    )


def travel_applies(turn: Turn) -> bool:
    """The travel question is asked when the city is known, not served, and no tour stop is in its country."""
    lead = turn.lead
    if not (lead.city or lead.country) or _at_home(lead, turn.studio):
        return False
    stops = upcoming_stops(turn)
    return _serving_stop(lead, stops) is None and not any(stop.country == lead.country for stop in stops)


def complete(turn: Turn) -> None:
    lead, studio = turn.lead, turn.studio
    estimate_refresh(lead, studio)
    stops = upcoming_stops(turn)
    at_home = _at_home(lead, studio)
    stop = None if at_home else _serving_stop(lead, stops)
    if not at_home and stop is None:
        # A stop in the customer's country first; then the travel answer: yes is as the home city.
        in_country = next((s for s in stops if s.country == lead.country), None)
        if in_country is None and lead.can_travel:
            submit(turn)
            return
        offered = _offered_stop(lead.country, stops)
        if offered is None:
            _waitlist(turn, reason="cannot_travel" if lead.can_travel is False else "city_not_served")
            return
        lead.tour_stop = offered
        turn.transition("offer_tour_conversion", reason="city_not_served")
        turn.reply("tour_offer", kind="buttons", payload={"buttons": tour_buttons(turn)}, **tour_context(turn, offered))
        turn.step_reached = "tour_offer"
        notify_artist_summary(turn)
        return
    if stop is not None:
        lead.tour_stop = stop
    submit(turn)


def _waitlist(turn: Turn, *, reason: str) -> None:
    turn.transition("waitlist", reason=reason)
    turn.reply("waitlist", city=turn.lead.city)
    turn.step_reached = "waitlisted"
    notify_artist_summary(turn)


def reoffer_or_waitlist(turn: Turn) -> None:
    """The offered stop is gone: offer the next one, or waitlist."""
    offered = _offered_stop(turn.lead.country, upcoming_stops(turn))
    if offered is None:
        turn.lead.tour_stop = None
        _waitlist(turn, reason="tour_stop_gone")
        return
    turn.lead.tour_stop = offered
    turn.save_lead()
    turn.reply("tour_offer", kind="buttons", payload={"buttons": tour_buttons(turn)}, **tour_context(turn, offered))
    turn.step_reached = "tour_offer"


def decline_tour(turn: Turn) -> None:
    _waitlist(turn, reason="tour_declined")


def rule_region(lead: Lead, studio: StudioSettings) -> str:
    """The region whose minimum budget and hourly rate apply: the home region for a customer who
    travels to the studio (the travel question), else the customer's own."""
    if lead.can_travel:
        return studio.home_region
    return lead.region or studio.home_region


def estimate_refresh(lead: Lead, studio: StudioSettings) -> None:
    """The artist's price range from the size category (never shown to the customer)."""
    estimate = studio.estimate_for(lead.size_category, rule_region(lead, studio)) if lead.size_category else None
    lead.estimate_min, lead.estimate_max = estimate if estimate else (None, None)


def submit(turn: Turn, *, template: str | None = None, context: dict[str, Any] | None = None) -> None:
    """To ``pending_approval`` or ``needs_follow_up`` by the regional minimum; cover-ups go to the artist."""
    lead, studio = turn.lead, turn.studio
    if lead.status == LeadStatus.QUALIFYING:
        region = rule_region(lead, studio)
        meets = studio.budget_meets_minimum(
            amount=lead.budget_max if lead.budget_max is not None else lead.budget_min,
            currency=lead.budget_currency,
            region=region,
            minimum=min_budget_for(studio, lead.artist, region),
        )
        turn.transition("submit_for_approval" if meets else "flag_for_follow_up")
        if meets:
            turn.reply(template or "qualified", **(context or {}))
        else:
            minimum = format_money(min_budget_for(studio, lead.artist, region), studio.currency)
            turn.reply("below_minimum", minimum=minimum)
    else:
        turn.transition("accept_tour_stop")
        turn.reply(template or "qualified", **(context or {}))
    reason = handover_reason_after_last_step(turn.lead)
    if reason:
        turn.transition("hand_over", reason=reason)
    turn.step_reached = turn.lead.status
    notify_artist_summary(turn, reason=reason)


def handover_reason_after_last_step(lead: Lead) -> str:
    if lead.is_cover_up:
        return "cover_up"
    if lead.complexity == 3:
        return "complexity_realism"
    return ""


def tour_context(turn: Turn, stop: TourStop) -> dict[str, Any]:
    return {
        "home_city": turn.studio.home_city,
        "stop_city": stop.city,
        "start": format_date(stop.start_date),
        "end": format_date(stop.end_date, with_year=True),
    }


def notify_artist_summary(turn: Turn, *, reason: str = "") -> None:
    turn.notify_artist("artist_summary", **summary_context(turn.lead, turn.studio, reason=reason))


def summary_context(lead: Lead, studio: StudioSettings, *, reason: str = "") -> dict[str, object]:
    """What the artist needs to decide: answers, size category, deposit, estimate, reason, recent messages."""
    answers = []
    for field, label in ANSWER_LABELS:
        if field == "budget":
            value = format_range(lead.budget_min, lead.budget_max, lead.budget_currency or studio.currency)
            value = f"{value} ({lead.budget_text})" if lead.budget_text and value else value or lead.budget_text
        elif field == "city":
            value = ", ".join(part for part in (lead.city, lead.country) if part)
        else:
            value = str(getattr(lead, field) or "")
        if value:
            answers.append((label, value))
    if lead.is_cover_up:
        answers.append(("Cover-up", "yes"))
    language = lead.customer.language
    if language and language != studio.default_language:  # the artist writes to them knowing it
        answers.append(("Writes in", NAMES.get(language, language)))
    if lead.artist_choice:  # a several-artist studio: whom the customer chose
        chose = lead.artist_choice == "chosen"
        artist = lead.artist.name if lead.artist_id is not None and lead.artist else "not yet assigned"
        answers.append(("Artist", artist if chose else f"{artist} (no preference)"))
    category = lead.size_category
    recent = list(
        TranscriptMessage.objects.filter(lead=lead, direction=Direction.INBOUND)
        .exclude(text="")
        .order_by("-at", "-id")
        .values_list("text", flat=True)[:5]
    )
    return {
        "answers": answers,
        "size_category": category,
        "deposit": format_money(deposit_for(studio, lead.artist, category), studio.currency)
        if category
        else "artist to set",
        "estimate": _estimate(category, studio),
        "price_estimate": format_range(lead.estimate_min, lead.estimate_max, studio.currency)
        if lead.estimate_min is not None
        else "",
        "questions": [str(q.get("text", ""))[:200] for q in lead.open_questions or []],
        "reason": describe_reason(reason or lead.handover_reason) if (reason or lead.handover_reason) else "",
        "status": describe_status(lead.status),
        "tour_stop": str(lead.tour_stop) if lead.tour_stop else "",
        "recent": [text[:200] for text in reversed(recent)],
    }


def _estimate(category: str, studio: StudioSettings) -> str:
    if not category:
        return "size unknown"
    minutes = studio.session_minutes_for(category)
    hours = f"{minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")
    return f"one {hours} session ({category})" + (", maybe more than one day" if category == "xl" else "")

"""Conditions on the lead's transitions: plain functions of the lead (django-fsm).

They guard the invariants of docs/conversation.md; the conversation engine
decides which transition to try. django-fsm calls conditions with the model
instance typed as ``Model``; they read the lead's fields by name, so this
module needs nothing of ``leads.models.lead`` (which imports it).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model

from leads.models.artist import min_budget_for
from leads.models.lead_status import ALL_STATUSES
from leads.models.questions import Answer, Question
from leads.models.studio import StudioSettings


def _unanswered_required(lead: Any) -> bool:
    required = set(Question.objects.filter(active=True, required=True).values_list("key", flat=True))
    answered = set(Answer.objects.filter(lead=lead, question_key__in=required).values_list("question_key", flat=True))
    return bool(required - answered)


def all_questions_answered(instance: Model) -> bool:
    """Every active, required question of the question set has an answer."""
    return not _unanswered_required(instance)


def questions_remain(instance: Model) -> bool:
    return _unanswered_required(instance)


def budget_meets_minimum(instance: Model) -> bool:
    """The top of the customer's budget reaches the minimum of the lead's region (its artist's)."""
    lead = cast(Any, instance)
    studio = StudioSettings.load()
    return studio.budget_meets_minimum(
        amount=lead.budget_max if lead.budget_max is not None else lead.budget_min,
        currency=lead.budget_currency,
        region=lead.region,
        minimum=min_budget_for(studio, lead.artist, lead.region),
    )


def budget_below_minimum(instance: Model) -> bool:
    return not budget_meets_minimum(instance)


def has_tour_stop(instance: Model) -> bool:
    return cast(Any, instance).tour_stop_id is not None


def status_is_unknown(instance: Model) -> bool:
    return cast(Any, instance).status not in ALL_STATUSES


def sessions_remain(instance: Model) -> bool:
    """A multi-session piece has a session still to book: fewer sessions completed than planned."""
    lead = cast(Any, instance)
    done = lead.appointments.filter(status="completed").count()
    return bool(done < lead.sessions_planned)

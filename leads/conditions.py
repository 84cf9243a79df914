"""Conditions on lead transitions: plain module-level functions of the lead (django-fsm).

They guard the invariants of SPEC §3; the conversation engine decides which
transition to try.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import Model

if TYPE_CHECKING:
    from leads.models import Lead

# django-fsm calls conditions with the model instance typed as ``Model``.


def _unanswered_required(lead: Lead) -> bool:
    from leads.models.questions import Answer, Question

    required = set(Question.objects.filter(active=True, required=True).values_list("key", flat=True))
    answered = set(Answer.objects.filter(lead=lead, question_key__in=required).values_list("question_key", flat=True))
    return bool(required - answered)


def all_questions_answered(instance: Model) -> bool:
    """Every active, required question of the question set has an answer."""
    lead = cast("Lead", instance)
    return not _unanswered_required(lead)


def questions_remain(instance: Model) -> bool:
    lead = cast("Lead", instance)
    return _unanswered_required(lead)


def budget_meets_minimum(instance: Model) -> bool:
    """The top of the customer's budget reaches the minimum of the lead's region."""
    lead = cast("Lead", instance)
    from leads.models.studio import StudioSettings

    return StudioSettings.load().budget_meets_minimum(
        amount=lead.budget_max if lead.budget_max is not None else lead.budget_min,
        currency=lead.budget_currency,
        region=lead.region,
    )


def budget_below_minimum(instance: Model) -> bool:
    lead = cast("Lead", instance)
    return not budget_meets_minimum(lead)


def has_tour_stop(instance: Model) -> bool:
    lead = cast("Lead", instance)
    return lead.tour_stop_id is not None


def status_is_unknown(instance: Model) -> bool:
    lead = cast("Lead", instance)
    from leads.models.lead import ALL_STATUSES

    return lead.status not in ALL_STATUSES

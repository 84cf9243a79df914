"""The lead lifecycle of docs/conversation.md: every allowed transition, and every other pair refused."""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import product

import pytest
from django.db import transaction
from django_fsm import ConcurrentTransition

from leads.models import Appointment, Lead, StatusChange, TourStop
from leads.models.lead import ALL_STATUSES
from leads.services import TransitionRefused, lead_current_or_new, lead_recover_unknown_status, lead_transition
from tests.conftest import answer_all_questions, force_status

# docs/conversation.md, transcribed independently of the implementation.
EXCEPT_OPTOUT = [s for s in ALL_STATUSES if s != "optout"]
SPEC_PAIRS: set[tuple[str, str]] = {
    ("new", "qualifying"),
    ("qualifying", "pending_approval"),
    ("qualifying", "needs_follow_up"),
    ("qualifying", "tour_conversion_offered"),
    ("qualifying", "waitlisted"),
    *{
        (s, "needs_artist_reply")
        for s in ("qualifying", "needs_follow_up", "tour_conversion_offered", "pending_approval")
    },
    ("needs_artist_reply", "qualifying"),
    ("needs_artist_reply", "pending_approval"),
    ("needs_follow_up", "pending_approval"),
    ("tour_conversion_offered", "pending_approval"),
    ("tour_conversion_offered", "waitlisted"),
    *{(s, "awaiting_deposit") for s in ("pending_approval", "needs_follow_up", "needs_artist_reply")},
    *{(s, "rejected") for s in ("pending_approval", "needs_follow_up", "needs_artist_reply")},
    ("awaiting_deposit", "deposit_paid"),
    ("awaiting_deposit", "deposit_expired"),
    ("deposit_expired", "awaiting_deposit"),
    ("deposit_paid", "booking_pending"),
    ("booking_pending", "booked"),
    ("booking_pending", "collecting_time_windows"),
    ("collecting_time_windows", "booking_pending"),
    ("booked", "booking_pending"),
    ("booked", "cancelled"),
    ("booked", "completed"),
    ("booked", "no_show"),
    ("completed", "booking_pending"),
    *{(s, "optout") for s in EXCEPT_OPTOUT},
    ("optout", "new"),
    *{(s, "abandoned") for s in ("qualifying", "needs_follow_up", "tour_conversion_offered")},
    *{(s, "stale") for s in ("needs_artist_reply", "pending_approval")},
    ("abandoned", "new"),
    ("stale", "new"),
}
SPEC_STATUSES = {
    "new", "qualifying", "pending_approval", "needs_artist_reply", "needs_follow_up", "tour_conversion_offered",
    "waitlisted", "optout", "abandoned", "stale", "awaiting_deposit", "deposit_paid", "deposit_expired", "rejected",
    "booking_pending", "collecting_time_windows", "booked", "cancelled", "completed", "no_show",
}  # fmt: skip
RECOVERY = "recover_unknown_status"


def _transitions() -> dict[str, dict[str, str]]:
    """method name -> {source: target}, read from the model's django-fsm metadata."""
    methods: dict[str, dict[str, str]] = {}
    for name in dir(Lead):
        meta = getattr(getattr(Lead, name, None), "_django_fsm", None)
        if meta is not None:
            methods[name] = {src: t.target for src, t in meta.transitions.items()}
    return methods


TRANSITIONS = _transitions()
PUBLIC = sorted(name for name in TRANSITIONS if name != RECOVERY)


def _satisfy_conditions(lead: Lead, method: str) -> None:
    """Make the data what each guarded transition needs (docs/conversation.md's triggers)."""
    if method in {"submit_for_approval", "flag_for_follow_up", "resume_to_approval"}:
        answer_all_questions(lead)
    budget = 100 if method == "flag_for_follow_up" else 80_000
    fields = {"budget_max": budget, "budget_min": budget, "budget_currency": "gbp", "region": "uk"}
    if method in {"offer_tour_conversion", "accept_tour_stop"}:
        stop = TourStop.objects.create(city="Berlin", country="DE", start_date="2026-03-01", end_date="2026-03-05")
        fields["tour_stop"] = stop
    Lead.objects.filter(pk=lead.pk).update(**fields)
    lead.refresh_from_db()


def test_statuses_are_exactly_the_spec_values() -> None:
    assert set(ALL_STATUSES) == SPEC_STATUSES


def test_implemented_pairs_are_exactly_the_spec_pairs() -> None:
    implemented = {(source, target) for name in PUBLIC for source, target in TRANSITIONS[name].items()}
    assert implemented == SPEC_PAIRS


ALLOWED_CASES = [(name, source) for name in PUBLIC for source in TRANSITIONS[name]]
REFUSED_CASES = [(name, source) for name, source in product(PUBLIC, ALL_STATUSES) if source not in TRANSITIONS[name]]


@pytest.mark.parametrize(("method", "source"), ALLOWED_CASES)
def test_allowed_transition_succeeds_and_writes_history(make_lead, method: str, source: str) -> None:
    lead = make_lead(status=source)
    _satisfy_conditions(lead, method)
    target = TRANSITIONS[method][source]
    before = StatusChange.objects.filter(lead=lead).count()

    reason = "because" if method == "hand_over" else None
    result = lead_transition(lead=lead, name=method, actor="tester", reason=reason)

    lead.refresh_from_db()
    assert result.status == lead.status == target
    history = list(StatusChange.objects.filter(lead=lead).order_by("id"))
    assert len(history) == before + 1
    row = history[-1]
    assert (row.from_status, row.to_status, row.actor, row.transition) == (source, target, "tester", method)
    assert row.reason  # every transition records why


@pytest.mark.parametrize(("method", "source"), REFUSED_CASES)
def test_every_other_pair_is_refused(make_lead, method: str, source: str) -> None:
    lead = make_lead(status=source)
    _satisfy_conditions(lead, method)
    history_before = StatusChange.objects.filter(lead=lead).count()

    with pytest.raises(TransitionRefused) as refused:
        lead_transition(lead=lead, name=method, actor="tester", reason="r")

    assert refused.value.status_code == 409
    assert refused.value.extra == {"status": source}
    lead.refresh_from_db()
    assert lead.status == source
    assert StatusChange.objects.filter(lead=lead).count() == history_before


@pytest.mark.parametrize(
    ("method", "source", "setup"),
    [
        ("submit_for_approval", "qualifying", "unanswered"),
        ("submit_for_approval", "qualifying", "low_budget"),
        ("flag_for_follow_up", "qualifying", "unanswered"),
        ("flag_for_follow_up", "qualifying", "high_budget"),
        ("resume_qualifying", "needs_artist_reply", "answered"),
        ("resume_to_approval", "needs_artist_reply", "unanswered"),
        ("offer_tour_conversion", "qualifying", "no_tour_stop"),
        ("accept_tour_stop", "tour_conversion_offered", "no_tour_stop"),
    ],
)
def test_conditions_refuse_when_not_met(make_lead, method: str, source: str, setup: str) -> None:
    lead = make_lead(status=source, budget_currency="gbp", region="uk")
    if setup == "answered" or setup in {"low_budget", "high_budget"}:
        answer_all_questions(lead)
    budget = 100 if setup == "low_budget" else 90_000
    Lead.objects.filter(pk=lead.pk).update(budget_max=budget)

    with pytest.raises(TransitionRefused):
        lead_transition(lead=lead, name=method, reason="r")
    lead.refresh_from_db()
    assert lead.status == source


def test_budget_in_another_currency_is_not_taken_as_meeting_the_minimum(make_lead) -> None:
    lead = make_lead(status="qualifying", budget_max=90_000, budget_currency="eur", region="uk")
    answer_all_questions(lead)
    with pytest.raises(TransitionRefused):
        lead_transition(lead=lead, name="submit_for_approval")
    assert lead_transition(lead=lead, name="flag_for_follow_up").status == "needs_follow_up"


def test_direct_assignment_of_status_is_refused(make_lead) -> None:
    lead = make_lead()
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        lead.status = "booked"
    assert Lead.objects.get(pk=lead.pk).status == "new"


def test_stale_copy_cannot_overwrite_a_concurrent_transition(make_lead) -> None:
    lead = make_lead(status="pending_approval")
    stale = Lead.objects.get(pk=lead.pk)
    lead_transition(lead=lead, name="approve", actor="artist:a")
    # A second caller that read the lead before the approval is refused, not applied.
    with pytest.raises(TransitionRefused):
        lead_transition(lead=stale, name="reject", actor="artist:b")
    # And the model itself refuses to save a transition from an outdated status.
    with pytest.raises(ConcurrentTransition), transaction.atomic():  # noqa: PT012 (the pair is the unit)
        stale.reject(reason="late")
        stale.save()
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"
    assert not StatusChange.objects.filter(lead=lead, to_status="rejected").exists()


def test_hand_over_flags_the_lead_and_resume_clears_it(make_lead) -> None:
    lead = make_lead(status="qualifying")
    lead = lead_transition(lead=lead, name="hand_over", reason="keyword:human")
    assert (lead.needs_artist, lead.handover_reason) == (True, "keyword:human")
    lead = lead_transition(lead=lead, name="resume_qualifying", actor="customer")
    assert (lead.needs_artist, lead.handover_reason) == (False, "")


def test_reject_keeps_the_reason(make_lead) -> None:
    lead = lead_transition(lead=make_lead(status="pending_approval"), name="reject", reason="not my style")
    assert lead.rejection_reason == "not my style"


def test_unknown_status_recovers_to_new_with_a_warning(make_lead, caplog) -> None:
    lead = force_status(make_lead(), "quarantined")
    caplog.set_level(logging.WARNING, logger="leads.lifecycle")

    recovered = lead_current_or_new(customer=lead.customer)

    assert recovered.pk == lead.pk
    assert recovered.status == "new"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(lead.pk) in warnings[0].getMessage()
    assert "quarantined" in warnings[0].getMessage()
    last = StatusChange.objects.filter(lead=lead).latest("id")
    assert (last.from_status, last.to_status, last.transition) == ("quarantined", "new", RECOVERY)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_recovery_transition_is_refused_for_known_statuses(make_lead, status: str) -> None:
    lead = make_lead(status=status)
    with pytest.raises(TransitionRefused):
        lead_recover_unknown_status(lead=lead)


def test_creation_writes_the_first_history_row(make_lead) -> None:
    lead = make_lead()
    (row,) = StatusChange.objects.filter(lead=lead)
    assert (row.from_status, row.to_status) == ("", "new")


def test_transition_updates_status_changed_at(make_lead) -> None:
    lead = make_lead(status="new")
    before = lead.status_changed_at
    lead = lead_transition(lead=lead, name="start_qualifying")
    assert Lead.objects.get(pk=lead.pk).status_changed_at > before


def test_next_session_is_refused_once_every_planned_session_is_done(make_lead) -> None:
    """completed → booking_pending only while the piece has a session left (sessions_remain)."""
    lead = make_lead(status="completed", sessions_planned=2)
    start = lead.created_at
    Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3), status="completed")
    assert lead_transition(lead=lead, name="next_session").status == "booking_pending"

    done = make_lead(status="completed", sessions_planned=1)
    Appointment.objects.create(lead=done, start=start, end=start + timedelta(hours=3), status="completed")
    with pytest.raises(TransitionRefused):
        lead_transition(lead=done, name="next_session")
    done.refresh_from_db()
    assert done.status == "completed"

"""The artist's one-tap links and WhatsApp buttons (README.md): each carries a single-use,
status-bound, 7-day token (``leads.tokens``) and does what the admin action does, exactly once.
Using it locks the token row, so two taps at the same moment act once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from conversations.policy.booking_policy import ARTIST, no_show_deposit
from leads.access import lead_visible, number_may_act
from leads.artist.decisions import lead_approve, lead_reject
from leads.artist.sessions import lead_complete, lead_no_show
from leads.models import ActionToken, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from leads.models.artist import booking_policy_for
from leads.tokens import TokenRefused, action_token_check, token_hash_of
from tattoobot.foundations.errors import ApplicationError


def action_token_use(*, token: str, actor: str = "artist:link", phone: str = "", user: Any = None) -> ActionToken:
    """Perform the token's action exactly once; raises ``TokenRefused`` (or ``TransitionRefused``).
    A tap from ``phone``, or a signed-in ``user``, acts only on a lead they may act on."""
    with transaction.atomic():
        row = (
            ActionToken.objects.select_for_update(of=("self",))
            .select_related("lead")
            .filter(token_hash=token_hash_of(token))
            .first()
        )
        if row is not None:
            # Compare with the lead's status under its lock, not a read from before it.
            row.lead = Lead.objects.select_for_update(of=("self",)).get(pk=row.lead_id)
        if row is not None and not _may_act(row.lead, phone=phone, user=user):
            row = None  # another artist's lead: as unknown as a token never issued
        action_token_check(row)
        assert row is not None
        if row.action == ActionToken.Action.APPROVE:
            lead_approve(lead_id=row.lead_id, actor=actor)
        elif row.action == ActionToken.Action.REJECT:
            lead_reject(lead_id=row.lead_id, actor=actor, reason="rejected with a one-tap link")
        elif row.action in (ActionToken.Action.DONE, ActionToken.Action.NO_SHOW):
            _session_end_act(row, actor)
        row.used_at = timezone.now()
        row.used_by = actor[:100]
        row.save(update_fields=["used_at", "used_by"])
        return row


def artist_button_act(*, token: str, phone: str) -> str:
    """An artist tapped a button on a notification: the button carries the same token as the
    link and does what the link does, on a lead that number may act on (another artist's lead is
    "not found", as a spent token is). The outcome in words, for a reply to the artist."""
    try:
        with transaction.atomic():
            row = action_token_use(token=token, actor="artist:whatsapp", phone=phone)
    except ApplicationError as refused:
        return f"Not done: {refused.detail}"
    done = {
        "approve": "Approved",
        "reject": "Rejected",
        "open": "Request",
        "done": "Marked done",
        "no_show": "Marked a no-show",
    }[row.action]
    return f"{done} #{row.lead_id}: {row.lead.admin_url}"


def _session_end_act(row: ActionToken, actor: str) -> None:
    """Done / No-show from the session-end prompt: only for the session it was asked about (a token
    issued before the standing appointment began belongs to an earlier session), and a no-show only
    where the policy decides the deposit (else the artist chooses on the lead page)."""
    appointment = row.lead.appointments.filter(status=AppointmentStatus.ACTIVE).first()
    if appointment is None or row.created_at < appointment.start:
        raise TokenRefused("This link was for an earlier session.")
    if row.action == ActionToken.Action.DONE:
        lead_complete(lead_id=row.lead_id, actor=actor)
        return
    studio = StudioSettings.load()
    if no_show_deposit(booking_policy_for(studio, row.lead.artist)) == ARTIST:
        raise TokenRefused(f"Keep or refund the deposit? Mark the no-show on the lead page: {row.lead.admin_url}")
    lead_no_show(lead_id=row.lead_id, actor=actor)


def _may_act(lead: Lead, *, phone: str, user: Any) -> bool:
    if phone and not number_may_act(phone, lead):
        return False
    return user is None or lead_visible(user, lead)

"""The artist's decisions on a lead (README.md): approve, reject, resume, write to the customer, a new
deposit link. The one service behind the admin actions, the staff API, the one-tap links and the
WhatsApp buttons (``leads.artist.links``).

Each runs in one transaction with the lead row locked, makes its FSM
transition (refused → ``TransitionRefused``, HTTP 409 with the current status)
and writes what the customer should hear to the outbox.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from conversations.messaging.notify import customer_notify
from conversations.messaging.question_prompts import ask_current_question
from conversations.models import OutboundPurpose
from leads.models import Customer, Lead, StudioSettings
from leads.models.artist import deposit_for
from leads.models.lead import BOT_STATUSES, LeadStatus, questions_remain
from leads.services import TransitionRefused, lead_locked, lead_transition
from payments.checkout import deposit_create, deposit_reissue
from payments.models import Deposit
from tattoobot.foundations.errors import ApplicationError

S = LeadStatus


def suggested_deposit(lead: Lead, studio: StudioSettings) -> int | None:
    """The size rule's deposit (minor units), or None when the size category is unknown."""
    return deposit_for(studio, lead.artist, lead.size_category) if lead.size_category else None


def suggested_sessions(lead: Lead) -> int:
    """The size rule's suggestion: an xl piece (a full day) may well need more than one day."""
    return 2 if lead.size_category == "xl" else 1


def lead_approve(
    *, lead_id: int, actor: str, deposit_amount: int | None = None, sessions: int | None = None
) -> Deposit:
    """Approve: the deposit amount is frozen now (the artist's, else the size rule's), then
    ``awaiting_deposit``. The checkout session and the link to the customer follow from a task
    after commit (``payments.checkout``). ``sessions``: how many sessions the piece needs (the
    artist's, else the size rule's suggestion); one deposit covers them all."""
    studio = StudioSettings.load()
    with transaction.atomic():
        lead = lead_locked(lead_id)
        amount = deposit_amount if deposit_amount is not None else suggested_deposit(lead, studio)
        if amount is None:
            raise ApplicationError(
                "The size category is unknown: give the deposit amount.", code="deposit_amount_required"
            )
        if amount <= 0:
            raise ApplicationError("The deposit must be more than zero.", code="invalid_deposit_amount")
        if sessions is not None and not 1 <= sessions <= 20:
            raise ApplicationError("Give between 1 and 20 sessions.", code="invalid_sessions")
        lead.sessions_planned = sessions if sessions is not None else suggested_sessions(lead)
        lead.save(update_fields=["sessions_planned", "updated_at"])
        lead_transition(lead=lead, name="approve", actor=actor, reason="approved")
        return deposit_create(
            lead=lead,
            amount=amount,
            currency=studio.currency,
            rule="artist" if deposit_amount is not None else f"size:{lead.size_category}",
        )


def lead_reject(*, lead_id: int, actor: str, reason: str) -> Lead:
    """Reject with the artist's reason (kept on the lead and in its history)."""
    with transaction.atomic():
        return lead_transition(
            lead=lead_locked(lead_id), name="reject", actor=actor, reason=reason.strip()[:200] or "rejected"
        )


def lead_resume(*, lead_id: int, actor: str) -> Lead:
    """Give the lead back to the bot: to ``qualifying`` (the current question again) while questions
    remain, else to ``pending_approval``. From ``awaiting_deposit`` on it clears the artist flag."""
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status == S.NEEDS_ARTIST_REPLY and questions_remain(lead):
            lead = lead_transition(lead=lead, name="resume_qualifying", actor=actor, reason="artist_resumed")
            ask_current_question(lead=lead)
            return lead
        if lead.status in {S.NEEDS_ARTIST_REPLY, S.NEEDS_FOLLOW_UP}:
            return lead_transition(lead=lead, name="resume_to_approval", actor=actor, reason="artist_resumed")
        if lead.needs_artist and lead.status not in BOT_STATUSES:
            lead.needs_artist = False
            lead.handover_reason = ""
            lead.save(update_fields=["needs_artist", "handover_reason", "updated_at"])
            return lead
        raise TransitionRefused(f"Lead {lead.pk} is {lead.status}; there is nothing to resume.", status=lead.status)


def lead_send_message(*, lead_id: int, actor: str, text: str) -> Lead:
    """The artist writes to the customer. A lead in the bot's hands is handed over first
    (reason ``artist_replied``), so the bot never talks over the artist."""
    text = text.strip()
    if not text:
        raise ApplicationError("The message is empty.", code="empty_message")
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status == S.OPTOUT or lead.customer.opted_out:
            raise TransitionRefused("The customer has opted out: nothing can be sent.", status=lead.status)
        if lead.status in BOT_STATUSES:
            lead = lead_transition(lead=lead, name="hand_over", actor=actor, reason="artist_replied")
        # The conversation is the artist's for a while: the bot stays out of it, the lead stays fresh.
        Customer.objects.filter(pk=lead.customer_id).update(artist_wrote_at=timezone.now())
        customer_notify(
            lead=lead,
            key=f"artist-message:{lead.pk}:{uuid.uuid4().hex}",
            text=text[:4096],
            purpose=OutboundPurpose.ARTIST_MESSAGE,
        )
        return lead


def lead_deposit_reissue(*, lead_id: int, actor: str) -> Lead:
    """The artist sends a new deposit link to a lead whose link expired (``deposit_expired``)."""
    with transaction.atomic():
        lead = lead_locked(lead_id)
        if lead.status != S.DEPOSIT_EXPIRED:
            raise TransitionRefused(f"Lead {lead.pk} is {lead.status}; no expired link to renew.", status=lead.status)
        deposit_reissue(lead=lead, actor=actor, reason="artist_resent")
        return lead

"""Which of the artist's actions a lead allows now (the admin's buttons, the API's 409s)."""

from __future__ import annotations

from leads.artist.bookings import opted_out_booking
from leads.models import Lead
from leads.models.lead import BOT_STATUSES, LeadStatus
from leads.services import TransitionRefused

# The actions that are a status change: refused with 409 and the status before any input is read.
STATUS_ACTIONS = (
    "approve",
    "reject",
    "resume",
    "offer_slots",
    "resend_link",
    "reschedule",
    "cancel",
    "complete",
    "no_show",
    "next_session",
)


def available_actions(lead: Lead) -> list[str]:
    """The artist actions the lead's status allows, in the order the page shows them."""
    transitions = {t.name for t in lead.get_available_status_transitions()}  # type: ignore[attr-defined]
    actions = []
    if "approve" in transitions:
        actions.append("approve")
    if "reject" in transitions:
        actions.append("reject")
    if {"resume_qualifying", "resume_to_approval"} & transitions or (
        lead.needs_artist and lead.status not in BOT_STATUSES and lead.status != LeadStatus.OPTOUT
    ):
        actions.append("resume")
    if "offer_slots" in transitions:
        actions.append("offer_slots")
    if "reissue_deposit" in transitions:
        actions.append("resend_link")
    if "reschedule" in transitions:
        actions.append("reschedule")
    if "cancel" in transitions or opted_out_booking(lead):  # STOP stopped the messages, not the appointment
        actions.append("cancel")
    if "complete" in transitions:
        actions.append("complete")
    if "mark_no_show" in transitions:
        actions.append("no_show")
    if lead.status == LeadStatus.COMPLETED:  # another session: the plan grows by one when all are done
        actions.append("next_session")
    if lead.status != LeadStatus.OPTOUT and not lead.customer.opted_out and lead.customer.address:
        actions.append("message")
    return actions


def action_allowed_or_refuse(lead: Lead, action: str) -> None:
    """Raise ``TransitionRefused`` (409, with the status) when the lead's status does not allow
    ``action``: what the status says comes before whatever the request carries."""
    if action in STATUS_ACTIONS and action not in available_actions(lead):
        raise TransitionRefused(
            f"Lead {lead.pk} is {lead.status}; {action.replace('_', ' ')} is not allowed.", status=lead.status
        )

"""Per-lead artist actions in admin: a small form per action, the same services as the API.

An action is offered only when the lead's status allows it (django-fsm's
available transitions); posting it anyway is refused with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from conversations.messaging.formatting import format_money
from leads.access import visible
from leads.artist.actions import available_actions
from leads.artist.bookings import lead_cancel, lead_offer_slots, lead_reschedule
from leads.artist.decisions import (
    lead_approve,
    lead_deposit_reissue,
    lead_reject,
    lead_resume,
    lead_send_message,
    suggested_deposit,
    suggested_sessions,
)
from leads.artist.sessions import lead_complete, lead_next_session, lead_no_show
from leads.models import Lead, StudioSettings
from tattoobot.foundations.errors import ApplicationError


class ApproveForm(forms.Form):
    deposit_amount = forms.IntegerField(
        min_value=1, max_value=10_000_000, help_text="Minor units (pence/cents), frozen when you approve."
    )
    sessions = forms.IntegerField(
        min_value=1, max_value=20, required=False, help_text="Sessions the piece needs; one deposit covers them all."
    )


class NoShowForm(forms.Form):
    forfeit_deposit = forms.BooleanField(
        required=False,
        initial=True,
        help_text="Keep the deposit (the policy's default); untick to refund it, where the policy leaves it to you.",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs={"size": 60}))


class MessageForm(forms.Form):
    text = forms.CharField(max_length=4096, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))


class ConfirmForm(forms.Form):
    pass


class CancelForm(forms.Form):
    refund_deposit = forms.BooleanField(
        required=False, help_text="Refund the paid deposit through Stripe; otherwise it is kept."
    )


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "approve": ApproveForm,
    "reject": RejectForm,
    "resume": ConfirmForm,
    "message": MessageForm,
    "offer_slots": ConfirmForm,
    "resend_link": ConfirmForm,
    "reschedule": ConfirmForm,
    "cancel": CancelForm,
    "complete": ConfirmForm,
    "no_show": NoShowForm,
    "next_session": ConfirmForm,
}
TITLES = {
    "approve": "Approve",
    "reject": "Reject",
    "resume": "Resume the bot",
    "message": "Send a message",
    "offer_slots": "Offer slots",
    "resend_link": "Send a new deposit link",
    "reschedule": "Reschedule",
    "cancel": "Cancel the booking",
    "complete": "Mark the session done",
    "no_show": "Mark a no-show",
    "next_session": "Offer the next session",
}
DONE = {
    "approve": "Approved",
    "reject": "Rejected",
    "resume": "Back with the bot",
    "message": "Message queued",
    "offer_slots": "Slots offered",
    "resend_link": "New link on its way",
    "reschedule": "Appointment released, new slots offered",
    "cancel": "Cancelled",
    "complete": "Session done",
    "no_show": "Marked a no-show",
    "next_session": "Next session offered",
}


def _run(action: str, lead: Lead, actor: str, data: dict[str, Any]) -> str:
    runners: dict[str, Callable[[], object]] = {
        "approve": lambda: lead_approve(
            lead_id=lead.pk, actor=actor, deposit_amount=data["deposit_amount"], sessions=data.get("sessions")
        ),
        "reject": lambda: lead_reject(lead_id=lead.pk, actor=actor, reason=data["reason"]),
        "resume": lambda: lead_resume(lead_id=lead.pk, actor=actor),
        "message": lambda: lead_send_message(lead_id=lead.pk, actor=actor, text=data["text"]),
        "offer_slots": lambda: lead_offer_slots(lead_id=lead.pk, actor=actor),
        "resend_link": lambda: lead_deposit_reissue(lead_id=lead.pk, actor=actor),
        "reschedule": lambda: lead_reschedule(lead_id=lead.pk, actor=actor),
        "cancel": lambda: lead_cancel(lead_id=lead.pk, actor=actor, refund_deposit=data["refund_deposit"]),
        "complete": lambda: lead_complete(lead_id=lead.pk, actor=actor),
        "no_show": lambda: lead_no_show(lead_id=lead.pk, actor=actor, forfeit=data["forfeit_deposit"]),
        "next_session": lambda: lead_next_session(lead_id=lead.pk, actor=actor),
    }
    runners[action]()
    return DONE[action]


def lead_action_view(
    model_admin: admin.ModelAdmin[Lead], request: HttpRequest, object_id: str, action: str
) -> HttpResponse:
    if not model_admin.has_change_permission(request):  # acting on a lead is changing it
        raise PermissionDenied
    lead = get_object_or_404(visible(request.user, Lead.objects.select_related("customer")), pk=object_id)
    change_url = reverse("admin:leads_lead_change", args=[lead.pk])
    if action not in ACTION_FORMS:
        return HttpResponseRedirect(change_url)
    if action not in available_actions(lead):
        messages.error(request, f"{TITLES[action]} is not possible while the lead is {lead.status}.")
        return HttpResponseRedirect(change_url)
    studio = StudioSettings.load()
    initial: dict[str, Any] = {}
    if action == "approve":
        initial["deposit_amount"] = suggested_deposit(lead, studio)
        initial["sessions"] = suggested_sessions(lead)
    form = ACTION_FORMS[action](request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = _run(action, lead, f"artist:{request.user.get_username()}", form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.detail)
        else:
            status = Lead.objects.values_list("status", flat=True).get(pk=lead.pk)
            messages.success(request, f"{done}: lead #{lead.pk} is now {status}.")
            return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Lead._meta,
        "lead": lead,
        "form": form,
        "action": action,
        "title": f"{TITLES[action]} — lead #{lead.pk}",
        "suggested": format_money(initial.get("deposit_amount"), studio.currency) if action == "approve" else "",
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/leads/lead/action.html", context)

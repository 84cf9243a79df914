"""Staff API: the artist's actions, one view per operation, each calling one service (README.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leads.access import visible
from leads.api.serializers import LeadDetailSerializer
from leads.artist.actions import action_allowed_or_refuse
from leads.artist.bookings import lead_cancel, lead_offer_slots, lead_reschedule
from leads.artist.decisions import lead_approve, lead_reject, lead_resume, lead_send_message
from leads.artist.sessions import lead_complete, lead_next_session, lead_no_show
from leads.models import Lead, StudioSettings
from leads.selectors import lead_detail_queryset


def actor_for(request: Request) -> str:
    return f"artist:{request.user.get_username()}" if request.user else "artist"


class _LeadAction(APIView):
    """Shared: 404 for an unknown lead, the lead's detail JSON after the action."""

    lead_action = ""  # the artist action: its status check comes before the input is read (409)

    def lead_or_404(self, lead_id: int) -> Lead:
        """The lead, if this user may see it (another artist's is 404, as an unknown id); refused
        with 409 and its status when the status does not allow the action."""
        leads = visible(self.request.user, Lead.objects.select_related("customer"))
        lead = get_object_or_404(leads, pk=lead_id)
        action_allowed_or_refuse(lead, self.lead_action)
        return lead

    def detail(self, lead_id: int, code: int = status.HTTP_200_OK) -> Response:
        queryset: QuerySet[Lead] = lead_detail_queryset()
        lead = queryset.get(pk=lead_id)
        context = {"request": self.request, "studio_tz": StudioSettings.load().tzinfo}
        return Response(LeadDetailSerializer(lead, context=context).data, status=code)


class ApproveApi(_LeadAction):
    lead_action = "approve"

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ApproveInput"

        deposit_amount = serializers.IntegerField(required=False, min_value=1, max_value=10_000_000)
        sessions = serializers.IntegerField(required=False, min_value=1, max_value=20)

    @extend_schema(request=InputSerializer, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead_approve(
            lead_id=lead_id,
            actor=actor_for(request),
            deposit_amount=data.validated_data.get("deposit_amount"),
            sessions=data.validated_data.get("sessions"),
        )
        return self.detail(lead_id)


class RejectApi(_LeadAction):
    lead_action = "reject"

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "RejectInput"

        reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead_reject(lead_id=lead_id, actor=actor_for(request), reason=data.validated_data["reason"])
        return self.detail(lead_id)


class ResumeApi(_LeadAction):
    lead_action = "resume"

    @extend_schema(request=None, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        lead_resume(lead_id=lead_id, actor=actor_for(request))
        return self.detail(lead_id)


class MessageApi(_LeadAction):
    lead_action = "message"

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "MessageInput"

        text = serializers.CharField(max_length=4096)

    @extend_schema(request=InputSerializer, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead_send_message(lead_id=lead_id, actor=actor_for(request), text=data.validated_data["text"])
        return self.detail(lead_id, status.HTTP_201_CREATED)


class OfferSlotsApi(_LeadAction):
    lead_action = "offer_slots"

    @extend_schema(request=None, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        lead_offer_slots(lead_id=lead_id, actor=actor_for(request))
        return self.detail(lead_id)


class RescheduleApi(_LeadAction):
    lead_action = "reschedule"

    @extend_schema(request=None, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        lead_reschedule(lead_id=lead_id, actor=actor_for(request))
        return self.detail(lead_id)


class CancelApi(_LeadAction):
    lead_action = "cancel"

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "CancelInput"

        refund_deposit = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead_cancel(lead_id=lead_id, actor=actor_for(request), refund_deposit=data.validated_data["refund_deposit"])
        return self.detail(lead_id)


class CompleteApi(_LeadAction):
    """The session is done (booked → completed); with sessions left the next is offered."""

    lead_action = "complete"

    @extend_schema(request=None, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        lead_complete(lead_id=lead_id, actor=actor_for(request))
        return self.detail(lead_id)


class NoShowApi(_LeadAction):
    """The customer did not come (booked → no_show); the deposit follows the booking policy."""

    lead_action = "no_show"

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "NoShowInput"

        forfeit_deposit = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            help_text="Only where the policy leaves it to the artist: keep (true, the default) or refund (false).",
        )

    @extend_schema(request=InputSerializer, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead_no_show(lead_id=lead_id, actor=actor_for(request), forfeit=data.validated_data["forfeit_deposit"])
        return self.detail(lead_id)


class NextSessionApi(_LeadAction):
    """Offer the next session of the piece on the same deposit (completed → booking_pending)."""

    lead_action = "next_session"

    @extend_schema(request=None, responses=LeadDetailSerializer)
    def post(self, request: Request, lead_id: int) -> Response:
        self.lead_or_404(lead_id)
        lead_next_session(lead_id=lead_id, actor=actor_for(request))
        return self.detail(lead_id)

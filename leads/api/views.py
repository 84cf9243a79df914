"""Staff API: one view per operation, each parsing input and calling a selector or service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leads.access import visible
from leads.api.serializers import LeadDetailSerializer, LeadListSerializer
from leads.models import Lead, StudioSettings
from leads.models.lead import LeadStatus
from leads.selectors import lead_detail_queryset, lead_funnel, lead_list
from tattoobot.foundations.phones import InvalidPhoneNumber, to_e164


class LeadFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=LeadStatus.choices, required=False)
    phone = serializers.CharField(required=False, max_length=30)
    artist = serializers.IntegerField(required=False, min_value=1)

    def validate_phone(self, value: str) -> str:
        try:
            return to_e164(value)
        except InvalidPhoneNumber as exc:
            raise serializers.ValidationError("Not a phone number.") from exc


class LeadListApi(ListAPIView[Lead]):
    serializer_class = LeadListSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(LeadStatus.values)),
            OpenApiParameter("phone", str, description="E.164, with or without '+'"),
            OpenApiParameter("artist", int, description="an artist's id: that artist's leads"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Lead]:
        filters = LeadFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return visible(self.request.user, lead_list(**filters.validated_data))


class LeadDetailApi(RetrieveAPIView[Lead]):
    serializer_class = LeadDetailSerializer
    lookup_url_kwarg = "lead_id"

    def get_queryset(self) -> QuerySet[Lead]:
        return visible(self.request.user, lead_detail_queryset())  # another artist's lead: 404

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "studio_tz": StudioSettings.load().tzinfo}


class FunnelApi(APIView):
    """Per-status counts and conversion rates for leads first seen in the last ``days`` days."""

    class FilterSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "FunnelFilter"

        days = serializers.IntegerField(min_value=1, max_value=366, default=7)
        artist = serializers.IntegerField(required=False, min_value=1)

    @extend_schema(
        parameters=[
            OpenApiParameter("days", int, description="1 to 366, default 7"),
            OpenApiParameter("artist", int, description="one artist's leads (a manager's choice)"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        """An artist's own figures (with the unassigned leads it may claim); a manager's: the
        studio's, or one artist's with ``artist``."""
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        base = visible(request.user, Lead.objects.all())
        if "artist" in filters.validated_data:
            base = base.filter(artist_id=filters.validated_data["artist"])
        figures = lead_funnel(days=filters.validated_data["days"], now=timezone.now(), base=base)
        return Response(figures)

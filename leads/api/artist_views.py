"""Staff API: the studio's artists (docs/artists.md). Everyone sees what they may (an artist itself,
a manager all); only a studio manager adds one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from leads.access import is_studio_manager, restricted_to
from leads.models import Artist
from leads.models.artist import validate_e164, validate_styles
from leads.models.studio import validate_working_hours


def _model_rule(validator: Any, value: Any) -> Any:
    """A model validator's refusal as the field's 400 error."""
    try:
        validator(value)
    except ModelValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc
    return value


class ArtistSerializer(serializers.ModelSerializer[Artist]):
    username = serializers.CharField(
        source="user.username", required=False, allow_null=True, default=None, max_length=150
    )
    styles = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list)
    working_hours = serializers.JSONField(required=False, allow_null=True, default=None)

    class Meta:
        model = Artist
        fields = ("id", "name", "whatsapp_number", "username", "styles", "active", "working_hours", "position")
        read_only_fields = ("id", "position")
        extra_kwargs = {"whatsapp_number": {"required": True}}

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Give the artist's name.")
        if Artist.objects.filter(name__iexact=value).exists():
            raise serializers.ValidationError("An artist of this name exists already.")
        return value

    def validate_whatsapp_number(self, value: str) -> str:
        return str(_model_rule(validate_e164, value))

    def validate_styles(self, value: list[str]) -> list[str]:
        return list(_model_rule(validate_styles, [style.strip() for style in value]))

    def validate_working_hours(self, value: Any) -> Any:
        return None if value is None else _model_rule(validate_working_hours, value)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        username = (data.pop("user", None) or {}).get("username")
        if username:
            user = get_user_model().objects.filter(username=username, is_staff=True, is_active=True).first()
            if user is None:
                raise serializers.ValidationError({"username": ["No staff user has this username."]})
            if Artist.objects.filter(user=user).exists():
                raise serializers.ValidationError({"username": ["This user is another artist's already."]})
            data["user"] = user
        return data

    def create(self, validated_data: dict[str, Any]) -> Artist:
        """Last in the list (two added at once may share a position: the list then orders by id).
        A name or a login taken meanwhile by another request is the same 400 as one taken before."""
        last = Artist.objects.aggregate(last=Max("position"))["last"]
        try:
            with transaction.atomic():
                return Artist.objects.create(position=(last or 0) + 1, **validated_data)
        except IntegrityError as exc:
            if "artist_unique_name" in str(exc):
                raise serializers.ValidationError({"name": ["An artist of this name exists already."]}) from exc
            raise serializers.ValidationError({"username": ["This user is another artist's already."]}) from exc


class ArtistsApi(ListAPIView[Artist]):
    """``GET``: the artists this user may see (an artist: itself; a manager or the front desk: all).
    ``POST``: a studio manager adds an artist."""

    serializer_class = ArtistSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Artist]:
        queryset = Artist.objects.select_related("user")
        artist = restricted_to(self.request.user)
        return queryset.filter(pk=artist.pk) if artist is not None else queryset

    @extend_schema(request=ArtistSerializer, responses={201: ArtistSerializer})
    def post(self, request: Request) -> Response:
        if not is_studio_manager(request.user):
            raise PermissionDenied("Only a studio manager adds artists.")
        serializer = ArtistSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        artist = serializer.save()
        return Response(ArtistSerializer(artist).data, status=status.HTTP_201_CREATED)

"""Admin for the studio's artists (docs/artists.md): the studio manager adds and edits them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from leads.access import is_studio_manager, restricted_to
from leads.models import Artist


@admin.register(Artist)
class ArtistAdmin(admin.ModelAdmin[Artist]):
    list_display = ("name", "notifications_to", "user", "styles_list", "active", "position")
    list_editable = ("active", "position")
    list_filter = ("active",)
    search_fields = ("name", "whatsapp_number", "user__username")
    autocomplete_fields = ("user",)
    readonly_fields = ("last_inbound_at", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "active", "position", "user")}),
        ("Notifications", {"fields": ("whatsapp_number", "last_inbound_at")}),
        ("Bookings", {"fields": ("working_hours", "calendar_id", "styles")}),
        ("Rules over the studio's", {"fields": ("deposit_overrides", "min_budget_overrides", "policy_overrides")}),
        (None, {"fields": ("created_at",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Artist]:
        """An artist's login sees its own row only; a manager (or unlinked staff) every artist."""
        artist = restricted_to(request.user)
        queryset = super().get_queryset(request)
        return queryset.filter(pk=artist.pk) if artist is not None else queryset

    def get_readonly_fields(self, request: HttpRequest, obj: Artist | None = None) -> tuple[str, ...]:
        """Who an artist is (its login, whether it is active) is the studio manager's to set."""
        if is_studio_manager(request.user):
            return self.readonly_fields
        return (*self.readonly_fields, "user", "active", "position")

    @admin.display(description="notifications to")
    def notifications_to(self, obj: Artist) -> str:
        if obj.whatsapp_number:
            return obj.whatsapp_number
        return f"{obj.notify_number} (the studio's)" if obj.notify_number else "— (no number set)"

    @admin.display(description="styles")
    def styles_list(self, obj: Artist) -> str:
        return ", ".join(obj.styles)

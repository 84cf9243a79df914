from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from conversations.messaging.outbox import outbox_retry
from conversations.models import (
    MediaState,
    OutboundMessage,
    OutboundState,
    ProcessedMessage,
    ReferenceMedia,
    TranscriptMessage,
)
from tattoobot.foundations.readonly_admin import ReadOnlyAdmin


@admin.register(ProcessedMessage)
class ProcessedMessageAdmin(ReadOnlyAdmin):
    list_display = ("processed_at", "provider", "message_id", "customer", "lead")
    list_filter = ("provider",)
    search_fields = ("message_id",)
    list_select_related = ("customer", "lead")


@admin.register(TranscriptMessage)
class TranscriptMessageAdmin(ReadOnlyAdmin):
    list_display = ("at", "direction", "customer", "lead", "message_type", "text", "processed")
    list_filter = ("direction", "message_type", "processed")
    search_fields = ("customer__wa_id", "provider_message_id")
    list_select_related = ("customer", "lead")


def thumbnail(media: ReferenceMedia) -> str:
    """An inline preview for stored images, a link for other files, the state otherwise."""
    if media.state != MediaState.STORED or not media.file:
        return media.get_state_display()
    url = reverse("reference-media-file", args=[media.pk])
    if media.mime_type.startswith("image/"):
        return format_html('<a href="{}"><img src="{}" alt="reference" style="max-height:80px"></a>', url, url)
    return format_html('<a href="{}">{}</a>', url, media.mime_type or "file")


@admin.register(ReferenceMedia)
class ReferenceMediaAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "lead", "preview", "media_type", "mime_type", "state", "size_bytes")

    @admin.display(description="preview")
    def preview(self, obj: ReferenceMedia) -> str:
        return thumbnail(obj)

    list_filter = ("state", "media_type")
    list_select_related = ("lead",)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "to", "purpose", "kind", "state", "attempts", "due_at", "wamid", "error_code")
    list_filter = ("state", "purpose", "kind")
    search_fields = ("to", "wamid", "idempotency_key")
    list_select_related = ("lead",)
    actions = ("retry",)
    change_list_template = "admin/conversations/outboundmessage/change_list.html"

    @admin.action(description="Retry the selected failed messages")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboundMessage]) -> None:
        count = outbox_retry(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} message(s) queued again.", messages.SUCCESS)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        counts = dict(OutboundMessage.objects.values_list("state").annotate(n=Count("id")).order_by())
        by_state = [(label, counts.get(value, 0)) for value, label in OutboundState.choices]
        return super().changelist_view(request, {**(extra_context or {}), "counts_by_state": by_state})

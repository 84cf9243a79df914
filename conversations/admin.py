from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from conversations.messaging.copy import (
    DEFAULT_LANGUAGE,
    compile_copy,
    customer_templates,
    preview_copy,
    template_source,
)
from conversations.messaging.outbox import outbox_retry
from conversations.messaging.templates import configured_templates
from conversations.messaging.wording import wording_in
from conversations.models import (
    CopyOverride,
    EarlyStatus,
    MediaState,
    OutboundMessage,
    OutboundState,
    ProcessedMessage,
    ReferenceMedia,
    TemplateStatus,
    TranscriptMessage,
)
from leads.access import ArtistScopedAdmin, visible
from leads.models import StudioSettings
from tattoobot.foundations.readonly_admin import ReadOnlyAdmin


@admin.register(ProcessedMessage)
class ProcessedMessageAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("received_at", "state", "attempts", "provider", "message_id", "customer", "lead", "processed_at")
    list_filter = ("state", "provider")
    search_fields = ("message_id",)
    list_select_related = ("customer", "lead")


@admin.register(EarlyStatus)
class EarlyStatusAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "wamid", "status", "error_code")
    search_fields = ("wamid",)


@admin.register(TranscriptMessage)
class TranscriptMessageAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("at", "direction", "customer", "lead", "message_type", "text", "processed")
    list_filter = ("direction", "message_type", "processed")
    search_fields = ("customer__wa_id", "provider_message_id")
    list_select_related = ("customer", "lead")


def thumbnail(media: ReferenceMedia) -> str:
    """An inline preview for stored images, a player for audio (voice notes), a link for other
    files, the state otherwise."""
    if media.state != MediaState.STORED or not media.file:
        return media.get_state_display()
    url = reverse("reference-media-file", args=[media.pk])
    if media.mime_type.startswith("image/"):
        return format_html('<a href="{}"><img src="{}" alt="reference" style="max-height:80px"></a>', url, url)
    if media.mime_type.startswith("audio/"):
        return format_html(
            '<audio controls preload="none" src="{}"></audio> <a href="{}" download>{}</a>', url, url, media.mime_type
        )
    return format_html('<a href="{}">{}</a>', url, media.mime_type or "file")


@admin.register(ReferenceMedia)
class ReferenceMediaAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("created_at", "lead", "preview", "media_type", "mime_type", "state", "size_bytes")

    @admin.display(description="preview")
    def preview(self, obj: ReferenceMedia) -> str:
        return thumbnail(obj)

    list_filter = ("state", "media_type")
    list_select_related = ("lead",)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("id", "to", "purpose", "kind", "state", "attempts", "due_at", "wamid", "error_code")
    list_filter = ("state", "purpose", "kind")
    search_fields = ("to", "wamid", "idempotency_key")
    list_select_related = ("lead",)
    actions = ("retry",)
    change_list_template = "admin/conversations/outboundmessage/change_list.html"

    @admin.action(description="Retry the selected failed messages")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboundMessage]) -> None:
        count = outbox_retry(ids=list(queryset.values_list("pk", flat=True)))  # the list's rows: in scope
        self.message_user(request, f"{count} message(s) queued again.", messages.SUCCESS)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        mine = visible(request.user, OutboundMessage.objects.all(), "lead")
        counts = dict(mine.values_list("state").annotate(n=Count("id")).order_by())
        by_state = [(label, counts.get(value, 0)) for value, label in OutboundState.choices]
        return super().changelist_view(request, {**(extra_context or {}), "counts_by_state": by_state})


@admin.register(TemplateStatus)
class TemplateStatusAdmin(ReadOnlyAdmin):
    """Meta's last word on each template; on top, the ones this studio sends (configured)."""

    list_display = ("name", "language", "status", "usable", "category", "quality", "reason", "updated_at")
    list_filter = ("usable", "status", "category")
    search_fields = ("name",)
    change_list_template = "admin/conversations/templatestatus/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        known = {(row.name, row.language): row for row in TemplateStatus.objects.all()}
        configured = []
        for purpose, name, language in configured_templates():
            row = known.get((name, language))
            configured.append(
                {
                    "purpose": purpose,
                    "name": name,
                    "language": language,
                    "status": row.status if row else "",
                    "usable": row.usable if row else True,
                    "category": row.category if row else "",
                    "quality": row.quality if row else "",
                    "reason": row.reason if row else "",
                }
            )
        return super().changelist_view(request, {**(extra_context or {}), "configured": configured})


class CopyOverrideForm(forms.ModelForm[CopyOverride]):
    template = forms.ChoiceField(choices=(), help_text="The customer message whose wording you replace.")
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, help_text="Customers writing in this language get your wording."
    )

    class Meta:
        model = CopyOverride
        fields = ("template", "language", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "cols": 90})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        template_field = self.fields["template"]
        assert isinstance(template_field, forms.ChoiceField)
        template_field.choices = [(name, name) for name in customer_templates()]

    def clean_body(self) -> str:
        body = str(self.cleaned_data.get("body") or "")
        try:
            compile_copy(body)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(f"This wording cannot be used: template syntax error: {exc}") from exc
        if not body.strip():
            raise forms.ValidationError("Write the wording, or delete the override to use the default.")
        return body


@admin.register(CopyOverride)
class CopyOverrideAdmin(admin.ModelAdmin[CopyOverride]):
    """The artist's own wording for a customer message: pick a message, see its wording and a preview."""

    form = CopyOverrideForm
    list_display = ("template", "language", "updated_at", "updated_by")
    fields = ("template", "language", "body")

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        name = str(request.GET.get("template", ""))
        if request.method == "GET" and not name:
            studio = StudioSettings.load()
            rows = [
                {
                    "name": n,
                    "wording": template_source(n),
                    "preview": preview_copy(n, None, studio),
                    "languages": studio.spoken_languages,
                }
                for n in customer_templates()
            ]
            context = {**self.admin_site.each_context(request), "rows": rows, "title": "Choose a message to reword"}
            return TemplateResponse(request, "admin/conversations/copyoverride/pick.html", context)
        language = _language(request.POST.get("language") or request.GET.get("language"))
        return super().add_view(request, form_url, {**(extra_context or {}), **self._wording(name, None, language)})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        name = obj.template if obj is not None else ""
        language = _language(request.POST.get("language") or (obj.language if obj is not None else None))
        wording = self._wording(name, obj.body if obj is not None else None, language)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **wording})

    def _wording(self, name: str, body: str | None, language: str) -> dict[str, str]:
        if name not in customer_templates():
            return {}
        try:
            preview = preview_copy(name, body, StudioSettings.load(), language)
        except TemplateSyntaxError as exc:
            preview = f"(cannot be rendered: {exc})"
        return {"default_wording": wording_in(name, language), "preview": preview, "preview_language": language}

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        name = str(request.GET.get("template", ""))
        language = _language(request.GET.get("language"))
        if name in customer_templates():
            initial.update(template=name, language=language, body=wording_in(name, language))
        return initial

    def save_model(self, request: HttpRequest, obj: CopyOverride, form: Any, change: bool) -> None:
        obj.updated_by = request.user.get_username()
        super().save_model(request, obj, form, change)


def _language(value: str | None) -> str:
    """A language code of ``settings.LANGUAGES`` from a request, English for anything else."""
    return value if value in dict(settings.LANGUAGES) else DEFAULT_LANGUAGE

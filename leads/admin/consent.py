"""Admin for the consent form (docs/booking.md, "Consent form"): the questions the studio edits,
and each lead's forms on its page, read-only (signed or not, when, the typed name, each answer, IP)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from leads.access import ArtistScopedAdmin
from leads.models import ConsentForm, ConsentQuestion
from tattoobot.foundations.readonly_admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(ConsentQuestion)
class ConsentQuestionAdmin(admin.ModelAdmin[ConsentQuestion]):
    """Editing a question never changes a signed form: its answers keep the text they were given under."""

    list_display = ("position", "text", "kind", "required", "active")
    list_display_links = ("text",)
    list_editable = ("position", "required", "active")
    list_filter = ("kind", "active")
    ordering = ("position", "id")


def _answers_list(obj: ConsentForm) -> str:
    if not obj.answers:
        return "—"
    rows = ((item.get("question", ""), item.get("answer", "") or "—") for item in obj.answers)
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: <strong>{}</strong></li>", rows))


@admin.register(ConsentForm)
class ConsentFormAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    """Every form, signed or not; a staff user linked to an artist sees its own leads' only."""

    list_display = ("created_at", "lead", "appointment", "sent_at", "reminded_at", "signed_at", "typed_name")
    list_filter = (("signed_at", admin.EmptyFieldListFilter),)
    list_select_related = ("lead", "appointment")
    exclude = ("answers",)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return [*super().get_readonly_fields(request, obj), "answers_given"]

    @admin.display(description="answers")
    def answers_given(self, obj: ConsentForm) -> str:
        return _answers_list(obj)


class ConsentFormInline(ReadOnlyInline):
    model = ConsentForm
    fields = ("appointment", "sent_at", "reminded_at", "signed", "typed_name", "answers_given", "ip")
    ordering = ("-created_at", "-id")
    verbose_name_plural = "consent forms"

    @admin.display(description="signed")
    def signed(self, obj: ConsentForm) -> str:
        return format_html("<strong>signed</strong> {}", obj.signed_at) if obj.signed_at else "not signed"

    @admin.display(description="answers")
    def answers_given(self, obj: ConsentForm) -> str:
        return _answers_list(obj)

"""Admin for the consent form (docs/booking.md, "Consent form"): the questions the studio edits (with
their wording in the customer's languages), and each lead's forms on its page, read-only (signed or
not, when, the typed name, each answer with the words the customer read, IP)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from leads.access import ArtistScopedAdmin
from leads.models import ConsentForm, ConsentQuestion
from leads.models.consent import validate_consent_translations
from tattoobot.foundations.readonly_admin import ReadOnlyAdmin, ReadOnlyInline


class ConsentQuestionForm(forms.ModelForm[ConsentQuestion]):
    class Meta:
        model = ConsentQuestion
        fields = ("text", "help", "translations", "kind", "required", "position", "active")

    def clean_translations(self) -> Any:
        """The model's check, for the values Django counts as empty too (``[]`` is no object); a
        cleared box is no translation."""
        value = self.cleaned_data.get("translations")
        if value is None or value == "":
            return {}
        validate_consent_translations(value)
        return value


@admin.register(ConsentQuestion)
class ConsentQuestionAdmin(admin.ModelAdmin[ConsentQuestion]):
    """Editing a question never changes a signed form: its answers keep the text they were given under.
    ``translations`` is checked by ``validate_consent_translations`` (a bad language or shape is a form
    error); a language left out is shown the English."""

    list_display = ("position", "text", "kind", "required", "active", "languages")
    list_display_links = ("text",)
    list_editable = ("position", "required", "active")
    list_filter = ("kind", "active")
    ordering = ("position", "id")
    form = ConsentQuestionForm

    @admin.display(description="also in")
    def languages(self, obj: ConsentQuestion) -> str:
        return ", ".join(sorted(obj.translations or {})) or "—"


def _answers_list(obj: ConsentForm) -> str:
    """Each answer under the studio's English question; where the customer read it in another
    language, those words too."""
    if not obj.answers:
        return "—"
    rows = []
    for item in obj.answers:
        question, shown = item.get("question", ""), item.get("shown", "")
        answer = item.get("answer", "") or "—"
        if shown and shown != question:
            asked = format_html(' <span class="quiet">(read in {}: “{}”)</span>', item.get("language", ""), shown)
            rows.append(format_html("<li>{}{}: <strong>{}</strong></li>", question, asked, answer))
        else:
            rows.append(format_html("<li>{}: <strong>{}</strong></li>", question, answer))
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((row,) for row in rows)))


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

"""Admin for leads and the studio's rules. The status is read-only, like every field the bot
writes; it changes only through the artist's actions (buttons on the lead page, pages in
``leads/admin/action_pages.py``). The dashboard and "try the bot" are ``dashboard.py`` and
``try_the_bot.py`` beside this module."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html

from conversations.admin import thumbnail
from conversations.models import OutboundMessage, ReferenceMedia
from leads.access import ArtistScopedAdmin, visible
from leads.admin import artists, conversation, records, studio  # noqa: F401  (they register their admins)
from leads.admin.action_pages import lead_action_view
from leads.admin.calendar import calendar_view
from leads.admin.consent import ConsentFormInline
from leads.admin.dashboard import dashboard_view
from leads.admin.ledger import ledger_html
from leads.admin.today import AttentionFilter
from leads.admin.try_the_bot import try_the_bot_view
from leads.models import (
    Answer,
    Appointment,
    Artist,
    Customer,
    FaqEntry,
    Lead,
    Question,
    StatusChange,
    StudioSettings,
)
from payments.models import Deposit
from tattoobot.foundations.readonly_admin import ReadOnlyInline
from tattoobot.web.staff_auth import user_admin  # noqa: F401  (the users page, with the lost-phone reset)


@admin.register(Customer)
class CustomerAdmin(ArtistScopedAdmin, admin.ModelAdmin[Customer]):
    lead_path = "leads"

    list_display = (
        "wa_id",
        "username",
        "profile_name",
        "language",
        "opted_out",
        "is_sandbox",
        "last_inbound_at",
        "created_at",
    )
    list_filter = ("opted_out", "is_sandbox", "language")
    search_fields = ("wa_id", "user_id", "username", "profile_name")
    readonly_fields = (
        "wa_id",
        "phone_hash",
        "user_id",
        "user_id_hash",
        "parent_user_id",
        "username",
        "opted_out",
        "opted_out_at",
        "opted_in_at",
        "erased_at",
        "last_inbound_at",
        "reply_cooldowns",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Customer]:
        return super().get_queryset(request).distinct()  # through their leads: once each

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # customers arrive on WhatsApp


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("question_key", "raw_text", "parsed_value", "answered_at")


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("at", "from_status", "to_status", "transition", "reason", "actor")


class DepositInline(ReadOnlyInline):
    model = Deposit
    fields = (
        "amount",
        "currency",
        "rule",
        "status",
        "paid_at",
        "refund_requested_at",
        "amount_refunded",
        "forfeited_at",
        "forfeit_reason",
        "disputed_at",
        "dispute_due_by",
        "policy_sent_at",
    )


class MediaInline(ReadOnlyInline):
    model = ReferenceMedia
    fields = ("preview", "media_type", "caption", "state", "created_at")

    @admin.display(description="preview")
    def preview(self, obj: ReferenceMedia) -> str:
        if obj.healed:  # sent after the healed-photo request (docs/booking.md "After the session")
            return format_html("{}<br><strong>Healed photo</strong>", thumbnail(obj))
        return thumbnail(obj)


class OutboxInline(ReadOnlyInline):
    model = OutboundMessage
    fields = ("created_at", "purpose", "kind", "text", "state", "attempts", "error_code", "sent_at")
    ordering = ("id",)
    verbose_name_plural = "outbox"


class AppointmentInline(ReadOnlyInline):
    model = Appointment
    fields = ("session", "start", "end", "status", "sequence", "released_by", "finished_at", "google_event_id")


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin[Lead]):
    list_display = (
        "id",
        "status",
        "name",
        "phone",
        "idea_short",
        "budget",
        "city",
        "artist",
        "created_at",
        "last_inbound_at",
    )
    list_filter = (AttentionFilter, "status", "needs_artist", "artist", "created_at")
    search_fields = ("customer__wa_id", "customer__user_id", "customer__username", "customer__profile_name")
    list_select_related = ("customer", "artist")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    inlines = (
        AnswerInline,  # the transcript is the conversation at the top of the page, paged (conversation.py)
        MediaInline,
        StatusChangeInline,
        OutboxInline,
        DepositInline,
        AppointmentInline,
        ConsentFormInline,
    )
    fieldsets = (
        ("Summary", {"fields": ("summary",), "classes": ("collapse",)}),  # also beside the conversation
        ("Sessions and deposit", {"fields": ("sessions_planned", "reschedules_used", "ledger")}),
        (
            "Lead",
            {
                "fields": (
                    "customer",
                    "artist",
                    "status",
                    "status_changed_at",
                    "needs_artist",
                    "handover_reason",
                    "rejection_reason",
                    "qualifying_step",
                    "current_question",
                    "tour_stop",
                    "created_at",
                    "updated_at",
                    "last_inbound_at",
                )
            },
        ),
        (
            "Answers",
            {
                "classes": ("collapse",),  # read in the summary beside the conversation
                "fields": (
                    "idea",
                    "placement",
                    "size_text",
                    "size_width_cm",
                    "size_height_cm",
                    "size_category",
                    "style",
                    "budget_text",
                    "budget_min",
                    "budget_max",
                    "budget_currency",
                    "city",
                    "country",
                    "region",
                    "can_travel",
                    "availability",
                    "instagram",
                    "complexity",
                    "is_cover_up",
                    "estimate_min",
                    "estimate_max",
                ),
            },
        ),
    )

    @admin.display(description="summary")
    def summary(self, obj: Lead) -> str:
        """What the artist's WhatsApp summary says, on the page."""
        return conversation.summary_html(obj, StudioSettings.load())

    def get_readonly_fields(self, request: HttpRequest, obj: Lead | None = None) -> list[str]:
        """Everything the bot writes is read-only; the artist is staff's to set (an artist may claim
        an unassigned lead, or give one of its own to a colleague)."""
        editable = ("artist", "sessions_planned")
        return [
            *(field.name for field in Lead._meta.concrete_fields if field.name not in editable),
            "summary",
            "ledger",
        ]

    @admin.display(description="deposit ledger")
    def ledger(self, obj: Lead) -> str:
        return ledger_html(obj, StudioSettings.load())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Lead]:
        return visible(request.user, super().get_queryset(request))

    def get_form(self, request: HttpRequest, obj: Lead | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and obj.artist_id is not None and "artist" in form.base_fields:
            form.base_fields["artist"].required = True  # a lead keeps an artist once it has one
        if "sessions_planned" in form.base_fields:  # left out of a post: the piece's plan stays as it is
            form.base_fields["sessions_planned"].required = False
        return form

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "artist":
            kwargs["queryset"] = Artist.objects.filter(active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Lead, form: Any, change: bool) -> None:
        """Only the artist and the sessions the piece needs are saved from this page (the rest is
        read-only, changed by actions)."""
        sessions = form.cleaned_data.get("sessions_planned")
        changes: dict[str, Any] = {"artist": obj.artist}
        if sessions:
            changes["sessions_planned"] = sessions
        Lead.objects.filter(pk=obj.pk).update(**changes)

    def get_urls(self) -> list[URLPattern]:
        action = self.admin_site.admin_view(partial(lead_action_view, self))
        sandbox = self.admin_site.admin_view(partial(try_the_bot_view, self))
        dashboard = self.admin_site.admin_view(partial(dashboard_view, self))
        return [
            path("dashboard/", dashboard, name="leads_dashboard"),
            path("calendar/", self.admin_site.admin_view(partial(calendar_view, self)), name="leads_calendar"),
            path("try-the-bot/", sandbox, name="leads_try_the_bot"),
            path("<path:object_id>/act/<str:action>/", action, name="leads_lead_action"),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The lead page reads as the conversation (``conversation.py``); a post from its reply box
        sends the message, the lead's own form below is the admin's as ever."""
        leads = visible(request.user, Lead.objects.select_related("customer", "artist"))
        lead = leads.filter(pk=object_id).first() if object_id.isdigit() else None
        if lead is None:  # unknown, or another artist's: the same answer, so ids cannot be probed
            raise Http404("No such lead.")
        refused = None
        if conversation.is_reply(request):
            sent = conversation.reply(self, request, lead)
            if isinstance(sent, HttpResponse):
                return sent
            refused, request = sent, conversation.as_page_request(request)  # shown again with its error
        context = conversation.page_context(request, lead, refused, may_act=self.has_change_permission(request, lead))
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **context})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="name", ordering="customer__profile_name")
    def name(self, obj: Lead) -> str:
        return obj.customer.profile_name

    @admin.display(description="phone", ordering="customer__wa_id")
    def phone(self, obj: Lead) -> str:
        return obj.customer.handle or "(erased)"

    @admin.display(description="idea")
    def idea_short(self, obj: Lead) -> str:
        return obj.idea if len(obj.idea) <= 60 else obj.idea[:57] + "…"

    @admin.display(description="budget")
    def budget(self, obj: Lead) -> str:
        return obj.budget_text


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ("key", "kind", "prompt", "required", "active", "position")
    list_editable = ("required", "active", "position")
    list_filter = ("active", "kind")
    ordering = ("position", "id")


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin[FaqEntry]):
    list_display = ("topic", "language", "triggers_short", "active", "position")
    list_editable = ("active", "position")
    list_filter = ("active", "language")
    search_fields = ("topic", "triggers", "answer")

    @admin.display(description="triggers")
    def triggers_short(self, obj: FaqEntry) -> str:
        return ", ".join(obj.trigger_phrases)[:80]

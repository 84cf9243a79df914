"""The studio settings in admin: the business rules, the booking policy, after-care and the modes."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from leads.models import StudioSettings


@admin.register(StudioSettings)
class StudioSettingsAdmin(admin.ModelAdmin[StudioSettings]):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        ("Studio", {"fields": ("artist_name", "home_city", "home_country", "address", "timezone", "currency")}),
        ("Minimum budget by region", {"fields": ("min_budget_uk", "min_budget_europe", "min_budget_row")}),
        (
            "Size categories",
            {"fields": ("size_small_below_cm2", "size_medium_below_cm2", "size_large_below_cm2")},
        ),
        ("Deposits", {"fields": ("deposit_small", "deposit_medium", "deposit_large", "deposit_xl")}),
        (
            "Price estimate (shown to the artist only)",
            {
                "fields": (
                    ("hourly_rate_uk", "hourly_rate_europe", "hourly_rate_row"),
                    ("billable_hours_small_min", "billable_hours_small_max"),
                    ("billable_hours_medium_min", "billable_hours_medium_max"),
                    ("billable_hours_large_min", "billable_hours_large_max"),
                    ("billable_hours_xl_min", "billable_hours_xl_max"),
                )
            },
        ),
        ("What the bot recognises", {"fields": ("extra_placements", "extra_styles")}),
        (
            "Sessions and calendar",
            {
                "fields": (
                    "session_minutes_small",
                    "session_minutes_medium",
                    "session_minutes_large",
                    "session_minutes_xl",
                    "working_hours",
                    "buffer_minutes",
                    "min_notice_hours",
                    "booking_horizon_days",
                    "checkout_expiry_hours",
                    "consent_lead_hours",
                )
            },
        ),
        (
            "Cooldowns (minutes)",
            {
                "fields": (
                    "holding_reply_cooldown_minutes",
                    "please_type_cooldown_minutes",
                    "link_resend_cooldown_minutes",
                )
            },
        ),
        (
            "Booking policy",
            {
                "description": "What a customer's own move or cancellation, and a no-show, do to the deposit. "
                "The policy text sent with every deposit link is written from these values.",
                "fields": (
                    "reschedule_notice_hours",
                    "free_reschedules",
                    "refund_notice_days",
                    "late_change_rule",
                    "deposit_policy_text",
                ),
            },
        ),
        (
            "After the session",
            {
                "fields": (
                    "aftercare_checkin_days",
                    "review_request_days",
                    "healed_photo_weeks",
                    "review_link",
                    "consent_retention_days",
                )
            },
        ),
        ("Modes", {"fields": ("panic_mode", "pilot_mode", "pilot_allow_list")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not StudioSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: StudioSettings | None = None) -> bool:
        return False

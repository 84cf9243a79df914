from __future__ import annotations

from django.contrib import admin

from leads.access import ArtistScopedAdmin
from payments.models import Deposit, StripeEvent
from tattoobot.foundations.readonly_admin import ReadOnlyAdmin


@admin.register(Deposit)
class DepositAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("id", "lead", "amount", "currency", "rule", "status", "paid_at", "created_at")
    list_filter = ("status", "currency")
    search_fields = ("stripe_session_id", "stripe_payment_intent")
    list_select_related = ("lead",)


@admin.register(StripeEvent)
class StripeEventAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    lead_path = "deposit__lead"

    list_display = ("received_at", "event_id", "type", "outcome", "deposit", "livemode")
    list_filter = ("type", "outcome", "livemode")
    search_fields = ("event_id",)

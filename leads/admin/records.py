"""Admin for the studio's records beside the leads: answers, appointments, calendar deletions,
status changes, system events, one-tap tokens and tour stops. A staff user linked to an artist
sees the rows of that artist's leads only (docs/artists.md "Who acts on what")."""

from __future__ import annotations

from django.contrib import admin

from leads.access import ArtistScopedAdmin
from leads.models import ActionToken, Answer, Appointment, CalendarEventDeletion, StatusChange, SystemEvent, TourStop
from tattoobot.foundations.readonly_admin import ReadOnlyAdmin


@admin.register(TourStop)
class TourStopAdmin(admin.ModelAdmin[TourStop]):
    list_display = ("city", "country", "start_date", "end_date", "notes")
    list_filter = ("country",)
    ordering = ("start_date",)


@admin.register(Answer)
class AnswerAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("answered_at", "lead", "question_key", "raw_text")
    list_filter = ("question_key",)
    list_select_related = ("lead",)


@admin.register(Appointment)
class AppointmentAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("start", "end", "artist", "lead", "status", "google_event_id")
    list_filter = ("status", "artist")
    list_select_related = ("lead", "artist")
    date_hierarchy = "start"


@admin.register(CalendarEventDeletion)
class CalendarEventDeletionAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    """Events to remove from the Google Calendar (docs/booking.md): pending, done or failed (the artist told)."""

    lead_path = "appointment__lead"
    list_display = ("requested_at", "appointment", "event_id", "attempts", "next_attempt_at", "done_at", "failed_at")
    list_filter = (("done_at", admin.EmptyFieldListFilter), ("failed_at", admin.EmptyFieldListFilter))
    search_fields = ("event_id",)
    list_select_related = ("appointment",)


@admin.register(StatusChange)
class StatusChangeAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("at", "lead", "from_status", "to_status", "reason", "actor")
    list_filter = ("to_status",)
    list_select_related = ("lead",)


@admin.register(SystemEvent)
class SystemEventAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("created_at", "level", "type", "lead", "message", "correlation_id")
    list_filter = ("level", "type")
    search_fields = ("correlation_id", "message")
    list_select_related = ("lead",)


@admin.register(ActionToken)
class ActionTokenAdmin(ArtistScopedAdmin, ReadOnlyAdmin):
    list_display = ("created_at", "lead", "action", "lead_status", "expires_at", "used_at")
    list_filter = ("action",)
    exclude = ("token_hash",)

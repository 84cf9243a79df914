"""The studio's artists (docs/artists.md): who a lead is with, whose number hears of it, whose hours
and calendar its slots come from, and whose rules override the studio's.

The first artist is created by a migration from the studio settings; an install with one active
artist gives every lead to it, so it behaves as before artists existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from conversations.policy.booking_policy import BookingPolicy
from leads.models.policy import policy_with_overrides, validate_policy_overrides
from leads.models.studio import REGIONS, SIZE_CATEGORIES, validate_working_hours
from tattoobot.foundations.phones import InvalidPhoneNumber, to_e164

if TYPE_CHECKING:
    from leads.models.studio import StudioSettings


def validate_e164(value: str) -> None:
    if not value:
        return
    try:
        normalised = to_e164(value)
    except InvalidPhoneNumber as exc:
        raise ValidationError(f"{value!r} is not a phone number.") from exc
    if normalised != value:
        raise ValidationError(f"Give the number in E.164, e.g. {normalised}.")


def _check_amounts(value: Any, keys: tuple[str, ...], what: str) -> None:
    if not isinstance(value, dict):
        raise ValidationError(f'{what} must be an object like {{"{keys[0]}": 15000}}.')
    for key, amount in value.items():
        if key not in keys:
            raise ValidationError(f"Unknown key {key!r}; use {', '.join(keys)}.")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValidationError(f"{key}: give a whole amount in minor units.")


def validate_deposit_overrides(value: Any) -> None:
    _check_amounts(value, SIZE_CATEGORIES, "Deposits")


def validate_min_budget_overrides(value: Any) -> None:
    _check_amounts(value, REGIONS, "Minimum budgets")


def validate_styles(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(style, str) and style.strip() for style in value):
        raise ValidationError('Styles must be a list of names, e.g. ["fine line", "blackwork"].')


class Artist(models.Model):
    name = models.CharField(max_length=100, help_text="As customers know the artist; unique in the studio.")
    whatsapp_number = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_e164],
        help_text="E.164, where this artist's notifications go. Blank: ARTIST_WHATSAPP_NUMBER (the studio's).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="artist",
        help_text="The staff login of this artist: it sees and acts on this artist's leads only.",
    )
    calendar_id = models.CharField(
        max_length=300, blank=True, help_text="Google Calendar id (google backend). Blank: GOOGLE_CALENDAR_ID."
    )
    working_hours = models.JSONField(
        null=True,
        blank=True,
        validators=[validate_working_hours],
        help_text='Per weekday, e.g. {"mon": ["10:00", "18:00"]}. Blank: the studio\'s hours.',
    )
    styles = models.JSONField(
        default=list, blank=True, validators=[validate_styles], help_text='e.g. ["fine line", "blackwork"]'
    )
    deposit_overrides = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_deposit_overrides],
        help_text='Deposit by size in minor units, e.g. {"small": 10000}; a size left out uses the studio\'s.',
    )
    min_budget_overrides = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_min_budget_overrides],
        help_text='Minimum budget by region in minor units, e.g. {"uk": 30000}; a region left out uses the studio\'s.',
    )
    policy_overrides = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_policy_overrides],
        help_text="This artist's booking policy where it differs from the studio's, e.g. {\"reschedule_notice_hours\": "
        '48, "free_reschedules": 2, "refund_notice_days": 14, "late_change_rule": "artist"}.',
    )
    active = models.BooleanField(default=True, help_text="Offered to new customers and given new leads.")
    position = models.PositiveIntegerField(default=0, help_text="Order in the list customers choose from.")
    last_inbound_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Opens this artist's own 24-hour WhatsApp window."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        permissions = [("studio_manager", "Can see and act on every artist's leads")]
        constraints = [models.UniqueConstraint(Lower("name"), name="artist_unique_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if Artist.objects.count() == 1:  # a one-artist studio names its artist in one place, here or there
            studio = apps.get_model("leads", "StudioSettings")
            studio.objects.filter(pk=1).exclude(artist_name=self.name).update(artist_name=self.name)

    @property
    def notify_number(self) -> str:
        """Where this artist's notifications go: its own number, else the studio's."""
        return self.whatsapp_number or settings.ARTIST_WHATSAPP_NUMBER

    # --- The artist's rules over the studio's ---------------------------------------------

    def hours(self, studio: StudioSettings) -> dict[str, list[str]]:
        hours: dict[str, list[str]] = self.working_hours if self.working_hours else studio.working_hours
        return hours

    def deposit_for(self, studio: StudioSettings, category: str) -> int:
        override = self.deposit_overrides.get(category)
        return int(override) if override is not None else studio.deposit_for(category)

    def min_budget_for(self, studio: StudioSettings, region: str) -> int:
        key = region if region in REGIONS else "row"
        override = self.min_budget_overrides.get(key)
        return int(override) if override is not None else studio.min_budget_for(region)

    def booking_policy(self, studio: StudioSettings) -> BookingPolicy:
        return policy_with_overrides(studio.booking_policy(), self.policy_overrides or {})

    def calendar(self) -> str:
        return self.calendar_id or settings.GOOGLE_CALENDAR_ID


# --- A lead's rules: its artist's where it has one, else the studio's ----------------------


def deposit_for(studio: StudioSettings, artist: Artist | None, category: str) -> int:
    return artist.deposit_for(studio, category) if artist else studio.deposit_for(category)


def min_budget_for(studio: StudioSettings, artist: Artist | None, region: str) -> int:
    return artist.min_budget_for(studio, region) if artist else studio.min_budget_for(region)


def working_hours_for(studio: StudioSettings, artist: Artist | None) -> dict[str, list[str]]:
    return artist.hours(studio) if artist else studio.working_hours


def booking_policy_for(studio: StudioSettings, artist: Artist | None) -> BookingPolicy:
    return artist.booking_policy(studio) if artist else studio.booking_policy()

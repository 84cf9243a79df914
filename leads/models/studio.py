"""Business rules the artist edits in admin: the studio-settings singleton and tour stops."""

from __future__ import annotations

import re
import zoneinfo
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from conversations.policy.cities import region_for_country
from conversations.policy.languages import LANGUAGES
from leads.models.policy import BookingPolicyFields
from tattoobot.foundations.phones import InvalidPhoneNumber, to_e164

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SIZE_CATEGORIES = ("small", "medium", "large", "xl")
REGIONS = ("uk", "europe", "row")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

DEFAULT_WORKING_HOURS: dict[str, list[str]] = {
    "mon": ["10:00", "18:00"],
    "tue": ["10:00", "18:00"],
    "wed": ["10:00", "18:00"],
    "thu": ["10:00", "18:00"],
    "fri": ["10:00", "18:00"],
    "sat": ["10:00", "16:00"],
}


def default_working_hours() -> dict[str, list[str]]:
    return {day: list(hours) for day, hours in DEFAULT_WORKING_HOURS.items()}


def validate_working_hours(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError('Working hours must be an object like {"mon": ["10:00", "18:00"]}.')
    for day, hours in value.items():
        if day not in WEEKDAYS:
            raise ValidationError(f"Unknown weekday {day!r}; use {', '.join(WEEKDAYS)}.")
        if not (
            isinstance(hours, list) and len(hours) == 2 and all(isinstance(h, str) and _HHMM.match(h) for h in hours)
        ):
            raise ValidationError(f'{day}: give ["HH:MM", "HH:MM"].')
        if hours[0] >= hours[1]:
            raise ValidationError(f"{day}: the day must end after it starts.")


def validate_languages(value: str) -> None:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    unknown = [code for code in codes if code not in LANGUAGES]
    if not codes or unknown:
        raise ValidationError(f"Give languages from {', '.join(LANGUAGES)}, comma separated.")


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"{value!r} is not an IANA time zone such as Europe/London.") from exc


def parse_allow_list(text: str) -> list[str]:
    """E.164 numbers from a comma or newline separated list; raises ValidationError on a bad one."""
    numbers = []
    for item in re.split(r"[,;\n]+", text):
        if not item.strip():
            continue
        try:
            numbers.append(to_e164(item))
        except InvalidPhoneNumber as exc:
            raise ValidationError(f"{item.strip()!r} is not a phone number.") from exc
    return numbers


def _minor(default: int, help_text: str = "Minor units (pence, cents).") -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(default=default, help_text=help_text)


def _hours(default: str, help_text: str = "Billable hours.") -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal(default), validators=[MinValueValidator(0)], help_text=help_text
    )


def vocabulary(text: str) -> tuple[str, ...]:
    """The words of an admin list ("calf muscle, sternum\nhip"), lower case, without blanks."""
    return tuple(item.strip().lower() for item in re.split(r"[,;\n]+", text) if item.strip())


class StudioSettings(BookingPolicyFields):
    """The single row of business rules (pk 1), seeded by a migration with README.md's defaults."""

    SINGLETON_PK = 1

    artist_name = models.CharField(
        max_length=100,
        default="The Artist",
        help_text="The artist's name in a one-artist studio (kept the same as the artist's row); with "
        "several artists, how the bot names the studio while a customer has not chosen yet.",
    )
    home_city = models.CharField(max_length=100, default="London")
    home_country = models.CharField(max_length=2, default="GB", help_text="ISO 3166-1 alpha-2.")
    timezone = models.CharField(max_length=64, default="Europe/London", validators=[validate_timezone])
    currency = models.CharField(max_length=3, default="gbp", help_text="ISO 4217, lower case.")

    min_budget_uk = _minor(40000)
    min_budget_europe = _minor(50000)
    min_budget_row = _minor(60000, "Rest of the world. Minor units.")

    size_small_below_cm2 = models.PositiveIntegerField(default=50, help_text="small: area < this (cm²)")
    size_medium_below_cm2 = models.PositiveIntegerField(default=150, help_text="medium: area < this (cm²)")
    size_large_below_cm2 = models.PositiveIntegerField(default=300, help_text="large: area < this; else xl")

    deposit_small = _minor(15000)
    deposit_medium = _minor(15000)
    deposit_large = _minor(20000)
    deposit_xl = _minor(20000, "Per session day. Minor units.")

    session_minutes_small = models.PositiveIntegerField(default=120)
    session_minutes_medium = models.PositiveIntegerField(default=180)
    session_minutes_large = models.PositiveIntegerField(default=240)
    session_minutes_xl = models.PositiveIntegerField(default=360)

    # The artist's price estimate (never shown to the customer): hourly rate by region x billable hours by size.
    hourly_rate_uk = _minor(13000, "Per hour. Minor units.")
    hourly_rate_europe = _minor(14000, "Per hour. Minor units.")
    hourly_rate_row = _minor(15000, "Rest of the world, per hour. Minor units.")
    billable_hours_small_min = _hours("4")
    billable_hours_small_max = _hours("5")
    billable_hours_medium_min = _hours("5")
    billable_hours_medium_max = _hours("7")
    billable_hours_large_min = _hours("7.5")
    billable_hours_large_max = _hours("10")
    billable_hours_xl_min = _hours("9.5", "Per session day.")
    billable_hours_xl_max = _hours("11", "Per session day.")

    address = models.CharField(
        max_length=300, blank=True, help_text="The studio's address, for the location answer of the FAQ."
    )
    extra_placements = models.TextField(
        blank=True, help_text="More body placements the bot recognises, comma or newline separated."
    )
    extra_styles = models.TextField(blank=True, help_text="More styles the bot recognises, comma or newline separated.")

    working_hours = models.JSONField(
        default=default_working_hours,
        validators=[validate_working_hours],
        help_text='Per weekday, e.g. {"mon": ["10:00", "18:00"]}; a missing day is closed.',
    )
    buffer_minutes = models.PositiveIntegerField(default=30)
    min_notice_hours = models.PositiveIntegerField(default=24)
    booking_horizon_days = models.PositiveIntegerField(default=21, validators=[MinValueValidator(1)])
    checkout_expiry_hours = models.PositiveIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Stripe allows 30 minutes to 24 hours.",
    )

    holding_reply_cooldown_minutes = models.PositiveIntegerField(default=6 * 60)
    please_type_cooldown_minutes = models.PositiveIntegerField(default=60)
    link_resend_cooldown_minutes = models.PositiveIntegerField(default=60)

    deposit_policy_text = models.TextField(
        blank=True,
        help_text="Anything the studio adds to the booking policy the deposit link carries (which is written "
        "from the policy values below).",
    )
    languages = models.CharField(
        max_length=40,
        default="en,es,fr,de,pt,it",
        validators=[validate_languages],
        help_text="The languages the bot speaks, comma separated, from en, es, fr, de, pt, it.",
    )
    default_language = models.CharField(
        max_length=5, default="en", help_text="For a customer whose language is none of the spoken ones."
    )
    consent_lead_hours = models.PositiveIntegerField(
        default=48,
        validators=[MinValueValidator(1)],
        help_text="How long before each appointment the customer gets the consent form's link.",
    )
    consent_retention_days = models.PositiveIntegerField(
        default=0,
        help_text="How long the law makes the studio keep a signed consent form after signing. A customer "
        "who asks to delete their data keeps no answers past this (0: none are kept).",
    )
    panic_mode = models.BooleanField(
        default=False, help_text="Stop every automated message except opt-out and delete confirmations."
    )
    pilot_mode = models.BooleanField(default=False, help_text="Only numbers in the allow-list get the bot.")
    pilot_allow_list = models.TextField(blank=True, help_text="E.164 numbers, comma or newline separated.")

    artist_last_inbound_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Opens the artist's own 24-hour WhatsApp window."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "studio settings"
        verbose_name_plural = "studio settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="studio_settings_singleton")]

    def __str__(self) -> str:
        return "Studio settings"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        artists = apps.get_model("leads", "Artist").objects.all()
        if artists.count() == 1:  # a one-artist studio names its artist in one place, here or there
            artists.exclude(name=self.artist_name).update(name=self.artist_name)

    @classmethod
    def load(cls) -> StudioSettings:
        obj, _ = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return obj

    def clean(self) -> None:
        if not (self.size_small_below_cm2 < self.size_medium_below_cm2 < self.size_large_below_cm2):
            raise ValidationError("Size thresholds must grow: small < medium < large.")
        if not re.fullmatch(r"[a-z]{3}", self.currency or ""):
            raise ValidationError({"currency": "Use a three-letter ISO 4217 code such as gbp."})
        if not re.fullmatch(r"[A-Z]{2}", self.home_country or ""):
            raise ValidationError({"home_country": "Use a two-letter ISO 3166 code such as GB."})
        for category in SIZE_CATEGORIES:
            low, high = self.billable_hours_for(category)
            if low > high:
                raise ValidationError(
                    {f"billable_hours_{category}_max": f"{category}: the most hours must be at least the fewest."}
                )
        if self.default_language not in self.spoken_languages:
            raise ValidationError({"default_language": "The default language must be one the bot speaks."})
        try:
            parse_allow_list(self.pilot_allow_list)
        except ValidationError as exc:
            raise ValidationError({"pilot_allow_list": exc.messages}) from exc

    # --- Rules ------------------------------------------------------------

    @property
    def spoken_languages(self) -> tuple[str, ...]:
        return tuple(code.strip() for code in self.languages.split(",") if code.strip() in LANGUAGES) or ("en",)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def min_budget_for(self, region: str) -> int:
        return {"uk": self.min_budget_uk, "europe": self.min_budget_europe}.get(region, self.min_budget_row)

    def budget_meets_minimum(
        self, *, amount: int | None, currency: str, region: str, minimum: int | None = None
    ) -> bool:
        """Amounts in another currency are not converted: they go to the artist (docs/decisions.md).
        ``minimum``: the lead's artist's, where it has its own."""
        if amount is None or (currency and currency.lower() != self.currency):
            return False
        return amount >= (minimum if minimum is not None else self.min_budget_for(region))

    def size_category_for(self, area_cm2: float) -> str:
        if area_cm2 < self.size_small_below_cm2:
            return "small"
        if area_cm2 < self.size_medium_below_cm2:
            return "medium"
        if area_cm2 < self.size_large_below_cm2:
            return "large"
        return "xl"

    def deposit_for(self, category: str) -> int:
        return int(getattr(self, f"deposit_{category}"))

    def session_minutes_for(self, category: str) -> int:
        return int(getattr(self, f"session_minutes_{category}"))

    def billable_hours_for(self, category: str) -> tuple[Decimal, Decimal]:
        return (
            Decimal(getattr(self, f"billable_hours_{category}_min")),
            Decimal(getattr(self, f"billable_hours_{category}_max")),
        )

    def hourly_rate_for(self, region: str) -> int:
        return {"uk": self.hourly_rate_uk, "europe": self.hourly_rate_europe}.get(region, self.hourly_rate_row)

    def estimate_for(self, category: str, region: str) -> tuple[int, int] | None:
        """The price range (minor units, studio currency) for a size category: the rate x the billable hours."""
        if category not in SIZE_CATEGORIES:
            return None
        rate = self.hourly_rate_for(region or self.home_region)
        low, high = self.billable_hours_for(category)
        return int(low * rate), int(high * rate)

    @property
    def home_region(self) -> str:
        return region_for_country(self.home_country)

    @property
    def pilot_numbers(self) -> frozenset[str]:
        return frozenset(parse_allow_list(self.pilot_allow_list))


class TourStop(models.Model):
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    start_date = models.DateField()
    end_date = models.DateField()
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "city"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="tour_stop_dates_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.city} ({self.country}) {self.start_date:%d %b}–{self.end_date:%d %b %Y}"

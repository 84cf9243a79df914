"""*Today*: the admin's home page (docs/back-office.md "Today").

What needs the artist now, each a count with a link (leads pending approval, leads waiting for
the artist's reply, booked or finished customers who wrote, consent forms missing before the next
appointments, failed sends), then today's appointments and the next seven days', and one click to
the dashboard, the calendar and "try the bot". The model lists follow, folded. A staff user linked
to an artist sees only that artist's; a bounded number of queries whatever the studio's size.
Like every lead page, the leads' cards and the appointments need the permission to view leads (and
the failed sends the outbox's): a staff user without it gets the page with the records it may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from conversations.models import OutboundMessage, OutboundState
from leads.access import restricted_to, visible
from leads.admin.calendar import day_bounds
from leads.models import Appointment, Lead, StudioSettings
from leads.selectors import ATTENTION, appointments_between, attention_counts, attention_leads, consent_missing

FAILED_DAYS = 7  # failed sends of the last week (older ones are in the outbox list)
CONSENT_DAYS = 7  # consent forms missing for appointments in the coming week
AHEAD_DAYS = 7  # the appointments listed after today's
CONSENT_SHOWN = 10


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    count: int
    url: str


class AttentionFilter(admin.SimpleListFilter):
    """The lead list's "Waiting on you" filter: the leads a Today count stands for."""

    title = "waiting on you"
    parameter_name = "attention"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("pending", "Pending approval"),
            ("waiting", "Waiting for your reply"),
            ("after_booking", "Booked or finished customers who wrote"),
        ]

    def queryset(self, request: Any, queryset: Any) -> Any:
        kind = self.value()
        if kind not in ATTENTION:
            return queryset
        return attention_leads(base=queryset, kind=str(kind), now=timezone.now())


def _may_view(request: HttpRequest, model: type[Model]) -> bool:
    return admin.site.is_registered(model) and admin.site.get_model_admin(model).has_view_permission(request)


def _failed_card(request: HttpRequest, now: datetime) -> Card:
    since = (now - timedelta(days=FAILED_DAYS)).replace(microsecond=0)
    failed = OutboundMessage.objects.filter(state=OutboundState.FAILED, created_at__gte=since)
    outbox = reverse("admin:conversations_outboundmessage_changelist")
    return Card(
        "failed",
        f"Failed sends (last {FAILED_DAYS} days)",
        visible(request.user, failed, "lead").count(),
        f"{outbox}?{urlencode({'state__exact': 'failed', 'created_at__gte': since.isoformat()})}",
    )


def _lead_cards(request: HttpRequest, now: datetime) -> list[Card]:
    user = request.user
    leads_url = reverse("admin:leads_lead_changelist")
    counts = attention_counts(base=visible(user, Lead.objects.all()), now=now)
    missing = visible(user, consent_missing(now=now, within=timedelta(days=CONSENT_DAYS)), "lead").count()
    return [
        Card("pending", "Pending your approval", counts["pending"], f"{leads_url}?attention=pending"),
        Card("waiting", "Waiting for your reply", counts["waiting"], f"{leads_url}?attention=waiting"),
        Card(
            "after_booking",
            "Booked or finished customers who wrote",
            counts["after_booking"],
            f"{leads_url}?attention=after_booking",
        ),
        Card("consent", f"Consent forms missing (next {CONSENT_DAYS} days)", missing, "#consent"),
    ]


def _by_day(appointments: list[Appointment], today: date, tz: ZoneInfo) -> dict[date, list[Appointment]]:
    """The appointments under their day on the studio's clock (one begun before today is today's)."""
    by_day: dict[date, list[Appointment]] = {}
    for appointment in appointments:
        by_day.setdefault(max(appointment.start.astimezone(tz).date(), today), []).append(appointment)
    return by_day


def today_view(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    studio = StudioSettings.load()
    tz = studio.tzinfo
    today = now.astimezone(tz).date()
    sees_leads = _may_view(request, Lead)
    cards = _lead_cards(request, now) if sees_leads else []
    if _may_view(request, OutboundMessage):
        cards.append(_failed_card(request, now))
    artist = restricted_to(request.user)
    appointments: list[Appointment] = []
    consent: list[Appointment] = []
    if sees_leads:
        start, end = day_bounds([today, today + timedelta(days=AHEAD_DAYS)], tz)
        appointments = list(
            appointments_between(  # an artist's own chair, as the calendar shows it
                start=start,
                end=end,
                base=visible(request.user, Appointment.objects.all(), "lead"),
                artist=artist.pk if artist is not None else None,
            )
        )
        missing = consent_missing(now=now, within=timedelta(days=CONSENT_DAYS))
        consent = list(visible(request.user, missing, "lead")[: CONSENT_SHOWN + 1])
    by_day = _by_day(appointments, today, tz)
    ahead = [(day, by_day.get(day, [])) for day in (today + timedelta(days=n) for n in range(1, AHEAD_DAYS + 1))]
    links = [
        ("Calendar", reverse("admin:leads_calendar")),
        ("Dashboard", reverse("admin:leads_dashboard")),
        ("Try the bot", reverse("admin:leads_try_the_bot")),
        ("All leads", reverse("admin:leads_lead_changelist")),
    ]
    context = {
        **admin.site.each_context(request),
        "title": "Today",
        "subtitle": None,
        "today": today,
        "tz": tz,
        "sees_leads": sees_leads,
        "cards": cards,
        "todays": by_day.get(today, []),
        "ahead": ahead,
        "ahead_any": any(items for _, items in ahead),
        "consent": consent[:CONSENT_SHOWN],
        "consent_more": len(consent) > CONSENT_SHOWN,
        "artist": artist,
        "app_list": admin.site.get_app_list(request),
        "links": links if sees_leads else [],
    }
    return TemplateResponse(request, "admin/today.html", context)

"""The dashboard admin page: funnel, conversion, drop-off per question, leads per day (README.md)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from leads.access import restricted_to, visible
from leads.models import Artist, Lead
from leads.selectors import lead_dashboard


def dashboard_view(model_admin: admin.ModelAdmin[Lead], request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):  # the figures are the leads'
        raise PermissionDenied
    raw = request.GET.get("days", "30")
    days = min(max(int(raw), 1), 366) if raw.isdigit() else 30
    base = visible(request.user, Lead.objects.all())  # an artist's own; the studio's for a manager
    artist = restricted_to(request.user)
    chosen = request.GET.get("artist", "")
    if artist is None and chosen.isdigit():
        artist = Artist.objects.filter(pk=int(chosen)).first()
        if artist is not None:  # an unknown id: the studio's figures, as without one
            base = base.filter(artist=artist)
    data = lead_dashboard(days=days, now=timezone.now(), base=base)
    rates = data["conversion"]
    booked = rates.get("first_message_to_booked", 0.0) if isinstance(rates, dict) else 0.0
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Lead._meta,
        "title": f"Dashboard — {artist.name}" if artist is not None else "Dashboard",
        "days": days,
        "data": data,
        "booked_rate": f"{booked:.1%}",
    }
    return TemplateResponse(request, "admin/leads/dashboard.html", context)

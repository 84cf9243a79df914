"""The lock-out after failed staff sign-ins (django-axes): the limits from settings, the page that
says how long, and the ``SystemEvent`` when a lock-out begins."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from leads.events import system_event_record
from leads.models import SystemEvent

LOCKED_STATUS = 429
USERNAME_STORED = 255  # axes' AccessAttempt.username (and its logs') max_length


def failure_limit(request: HttpRequest | None = None, credentials: dict[str, Any] | None = None) -> int:
    """``AXES_FAILURE_LIMIT``: read at each use, so the setting has one home."""
    return int(settings.STAFF_LOGIN_ATTEMPTS)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_TIME``."""
    return timedelta(minutes=int(settings.STAFF_LOCKOUT_MINUTES))


def client_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the username tried (from the credentials, else the form), cut to
    the 255 characters axes stores. axes 8.3 stores it whole, so a longer one (scanners send them;
    the form's own limit is not checked before ``authenticate``) was a database error and a 500,
    and the failure went uncounted (jazzband/django-axes#1381)."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return None if username is None else str(username)[:USERNAME_STORED]


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime:
    """When the lock-out on this username or address ends: the newest failure that keeps it locked,
    plus the cool-off (the whole cool-off from now if none is found)."""
    AxesProxyHandler.update_request(request)
    limit = failure_limit(request, credentials)
    newest: list[datetime] = []
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        totals = attempts.aggregate(failures=Sum("failures_since_start"), newest=Max("attempt_time"))
        if (totals["failures"] or 0) >= limit and totals["newest"] is not None:
            newest.append(totals["newest"])
    return (max(newest) if newest else timezone.now()) + cool_off(request)


def minutes_left(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    seconds = (locked_until(request, credentials) - timezone.now()).total_seconds()
    return max(1, math.ceil(seconds / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the admin's login page, saying sign-in is paused and for how long (429)."""
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "subtitle": None,
        "app_path": reverse("admin:login"),
        "form": AdminAuthenticationForm(request),
        REDIRECT_FIELD_NAME: next_url,
        "lockout_minutes": minutes_left(request, credentials),
        "lockout_attempts": failure_limit(request, credentials),
    }
    response = render(request, "admin/login.html", context, status=LOCKED_STATUS)
    response["Retry-After"] = str(minutes_left(request, credentials) * 60)
    return response


def record_lockout(
    sender: object,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """``axes.signals.user_locked_out`` → one ``SystemEvent`` when a lock-out begins. Attempts refused
    while it lasts send the signal too; axes has not counted them (``axes_failures_since_start`` is
    unset), and they are not recorded again."""
    failures = getattr(request, "axes_failures_since_start", None)
    if request is None or failures is None:
        return
    minutes = int(settings.STAFF_LOCKOUT_MINUTES)
    system_event_record(
        type="staff_lockout",
        level=SystemEvent.Level.WARNING,
        message=f"Staff sign-in locked for {minutes} min after {failures} failures",  # who and where: the payload
        payload={"username": username or "", "ip_address": ip_address or "", "failures": failures, "minutes": minutes},
    )

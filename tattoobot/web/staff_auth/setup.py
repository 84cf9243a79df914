"""The "Two-factor sign-in" page of the admin: set up an authenticator app (QR code drawn here as
inline SVG, the secret as text, confirmed with a current code), see the single-use recovery codes
once, make new ones, or turn the second factor off (not while ``STAFF_2FA_REQUIRED``)."""

from __future__ import annotations

from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.debug import sensitive_post_parameters

from tattoobot.web.staff_auth.devices import (
    app_device_confirm,
    app_device_confirmed,
    app_device_pending,
    app_secret,
    recovery_codes_left,
    recovery_codes_replace,
    second_factor_reset,
    second_factor_verify,
)
from tattoobot.web.staff_auth.forms import CodeForm
from tattoobot.web.staff_auth.middleware import NEEDED, NONE, SESSION_KEY

SETUP_TEMPLATE = "admin/staff_auth/setup.html"
MANAGE_TEMPLATE = "admin/staff_auth/manage.html"
CODES_TEMPLATE = "admin/staff_auth/recovery_codes.html"


def qr_svg(text: str) -> SafeString:
    """The QR code as inline SVG (segno, drawn here: no outside host, no script)."""
    svg = segno.make(text, error="m").svg_inline(
        scale=5, border=3, dark="#000", light="#fff", title="QR code for your authenticator app", svgclass="qr"
    )
    return mark_safe(svg)  # noqa: S308  (segno's own markup; the only input is our otpauth URL, escaped by segno)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": "Two-factor sign-in", "subtitle": None, **extra}


@sensitive_post_parameters("code")
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Wrapped in ``admin.site.admin_view`` (staff only, CSRF, never cached) by the URL conf."""
    user = request.user
    device = app_device_confirmed(user)  # type: ignore[arg-type]
    if device is None:
        return _set_up(request)
    if not getattr(user, "is_verified", lambda: False)():
        logout(request)  # the app was set up in another browser: sign in here with a code
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    return _manage(request)


def _set_up(request: HttpRequest) -> HttpResponse:
    device = app_device_pending(request.user)  # type: ignore[arg-type]
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = app_device_confirm(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)  # this session has just proved it holds the app
            request.session[SESSION_KEY] = NEEDED
            return render(request, CODES_TEMPLATE, _context(request, codes=codes, first_time=True))
        form.add_error("code", "That code is not right. Check the time on your phone and enter the newest code.")
    context = _context(
        request,
        form=form,
        qr_svg=qr_svg(device.config_url),
        secret=app_secret(device),
        required=settings.STAFF_2FA_REQUIRED,
    )
    return render(request, SETUP_TEMPLATE, context)


def _manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CodeForm(request.POST if request.method == "POST" else None)
    action = request.POST.get("action", "")
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(user, form.cleaned_data["code"]) is None:  # type: ignore[arg-type]
            form.add_error("code", "That code is not right.")
        elif action == "new-codes":
            codes = recovery_codes_replace(user)  # type: ignore[arg-type]
            return render(request, CODES_TEMPLATE, _context(request, codes=codes, first_time=False))
        elif action == "turn-off" and not settings.STAFF_2FA_REQUIRED:
            second_factor_reset(user, by=user.get_username())  # type: ignore[arg-type]
            request.session[SESSION_KEY] = NONE
            messages.success(request, "Two-factor sign-in is off. Sign-in asks only for your password.")
            return redirect("staff-two-factor")
        else:
            form.add_error(None, "Choose what to do.")
    context = _context(
        request,
        form=form,
        codes_left=recovery_codes_left(user),  # type: ignore[arg-type]
        required=settings.STAFF_2FA_REQUIRED,
    )
    return render(request, MANAGE_TEMPLATE, context)

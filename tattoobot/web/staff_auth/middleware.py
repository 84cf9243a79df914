"""The admin and the staff API are OTP-aware: a staff session that has not given the one-time code its
user needs is ended, and with ``STAFF_2FA_REQUIRED`` a staff user without an app reaches nothing but
the set-up page. API tokens are not sessions and pass untouched (docs/security.md "Staff sign-in")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tattoobot.foundations.errors import json_error
from tattoobot.web.staff_auth.devices import second_factor_exists

GetResponse = Callable[[HttpRequest], HttpResponse]

# Whether the signed-in user had a second factor when the session began (or was first checked):
# "needed" sessions must be verified by a code; "none" sessions may go on without one.
SESSION_KEY = "staff_auth.second_factor"
NEEDED = "needed"
NONE = "none"
# Where sessions carry staff rights.
CHECKED_PREFIXES = ("/admin/", "/api/", "/staff/")


def note_second_factor(sender: object, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """``user_logged_in``: remember whether this session needs a code, so no request has to ask."""
    session = getattr(request, "session", None)
    if session is not None and user is not None:
        session[SESSION_KEY] = NEEDED if second_factor_exists(user) else NONE


def _is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def _refuse(request: HttpRequest, html: HttpResponse, detail: str) -> HttpResponse:
    if request.path_info.startswith("/admin/"):
        return html
    return json_error(403, detail)


class StaffSecondFactorMiddleware:
    """After django-otp's ``OTPMiddleware``: ``request.user.is_verified()`` is known here."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        if not path.startswith(CHECKED_PREFIXES):
            return None
        signing_in = {reverse("admin:login"), reverse("staff-login-code"), reverse("admin:logout")}
        if path in signing_in:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or _is_verified(user):
            return None
        state = request.session.get(SESSION_KEY)
        if state not in (NEEDED, NONE):  # a session from before, or made another way
            state = NEEDED if second_factor_exists(user) else NONE
            request.session[SESSION_KEY] = state
        if state == NEEDED:
            # Signed in without the code this user needs, or the app was removed since: sign in again.
            logout(request)
            return _refuse(
                request,
                redirect_to_login(request.get_full_path(), reverse("admin:login")),
                "Sign in again with your one-time code.",
            )
        setup = reverse("staff-two-factor")
        if settings.STAFF_2FA_REQUIRED and path != setup:
            return _refuse(request, redirect(setup), "Set up two-factor sign-in in the admin first.")
        return None

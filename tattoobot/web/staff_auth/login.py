"""Staff sign-in in two steps: the admin's login form (password, counted by django-axes), then, for a
user with an app set up, a one-time code. Between the two the session holds only a short-lived
"password checked" note: nobody is signed in until the code is right."""

from __future__ import annotations

import time
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model, login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from tattoobot.web.staff_auth.devices import recovery_codes_left, second_factor_exists, second_factor_verify
from tattoobot.web.staff_auth.forms import CodeForm
from tattoobot.web.staff_auth.lockout import lockout_response

PENDING_KEY = "staff_auth.pending"
PENDING_SECONDS = 300  # the code must follow the password within five minutes


class StaffLoginView(LoginView):
    """The admin's own login page and form (``admin/login.html``), with the second step added."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    @method_decorator(never_cache)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.current_app = admin.site.name
        if request.method == "GET" and admin.site.has_permission(request):
            return redirect(self.get_success_url())  # signed in already, as the admin's login does
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return reverse("admin:index")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            admin.site.each_context(self.request),
            title="Log in",
            subtitle=None,
            app_path=self.request.get_full_path(),
            username=self.request.user.get_username(),
        )
        if REDIRECT_FIELD_NAME not in self.request.GET and REDIRECT_FIELD_NAME not in self.request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index")
        return context

    def form_valid(self, form: Form) -> HttpResponse:
        assert isinstance(form, AdminAuthenticationForm)
        user = form.get_user()
        if not second_factor_exists(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": getattr(user, "backend", ""),
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("staff-login-code")


def _pending(request: HttpRequest) -> tuple[Any, str, str] | None:
    note = request.session.get(PENDING_KEY)
    if not isinstance(note, dict) or time.time() - float(note.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user_id = note.get("user")
    if not isinstance(user_id, int):
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True, is_staff=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    next_url = str(note.get("next", ""))
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    return user, str(note.get("backend", "")), next_url


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code_view(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, or a recovery code. A wrong one counts as a failed
    sign-in toward the lock-out, as a wrong password does."""
    pending = _pending(request)
    if pending is None:
        return redirect("admin:login")
    user, backend, next_url = pending
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return lockout_response(request, None, credentials)
        if form.is_valid():
            device = second_factor_verify(user, form.cleaned_data["code"])
            if device is not None:
                request.session.pop(PENDING_KEY, None)
                login(request, user, backend=backend or None)
                django_otp.login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        f"You signed in with a recovery code; {recovery_codes_left(user)} left. "
                        "Make new ones on the Two-factor sign-in page if you are running low.",
                    )
                return redirect(next_url)
            form.add_error("code", "That code is not right. Enter the current code from your app.")
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING_KEY, None)  # axes' middleware answers with the lock-out page
    context = {
        **admin.site.each_context(request),
        "title": "Enter your code",
        "subtitle": None,
        "form": form,
        "staff_username": user.get_username(),
    }
    return render(request, "admin/staff_auth/login_code.html", context)

"""Staff sign-in pages, under ``/admin/`` before the admin's own URLs (tattoobot/urls.py): the login
form with its second step, and the "Two-factor sign-in" page."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from tattoobot.web.staff_auth.login import StaffLoginView, login_code_view
from tattoobot.web.staff_auth.setup import two_factor_view

urlpatterns = [
    path("login/", StaffLoginView.as_view(), name="staff-login"),
    path("login/code/", login_code_view, name="staff-login-code"),
    path("two-factor/", admin.site.admin_view(two_factor_view), name="staff-two-factor"),
]

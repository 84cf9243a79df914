"""The admin's users page, with the superuser's way out for a lost phone: an action that removes the
chosen users' two-factor sign-in (their next sign-in asks only for the password)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from tattoobot.web.staff_auth.devices import second_factor_reset

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin[User]):
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (lost phone)", permissions=["reset_two_factor"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        names = [user.get_username() for user in queryset if second_factor_reset(user, by=request.user.get_username())]
        if names:
            self.message_user(request, f"Two-factor sign-in removed for {', '.join(names)}.", messages.SUCCESS)
        else:
            self.message_user(request, "None of them had two-factor sign-in set up.", messages.WARNING)

    def has_reset_two_factor_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

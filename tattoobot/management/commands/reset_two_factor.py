"""Remove a staff user's two-factor sign-in (a lost phone): ``manage.py reset_two_factor USERNAME``.
Their next sign-in asks only for the password (and, with ``STAFF_2FA_REQUIRED``, sets up a new app).
A lock-out is lifted separately: ``manage.py axes_reset_username USERNAME``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tattoobot.web.staff_auth.devices import second_factor_reset


class Command(BaseCommand):
    help = "Remove a staff user's authenticator app and recovery codes (lost phone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        count = second_factor_reset(user, by="manage.py reset_two_factor")
        if count:
            self.stdout.write(f"Two-factor sign-in removed for {username} ({count} devices).")
        else:
            self.stdout.write(f"{username} had no two-factor sign-in set up; nothing changed.")

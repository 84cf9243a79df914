"""Create (or refresh) the local staff login and print it. Used by ``make run``."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create the staff login for the embedded default and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="artist")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        password_file = Path(settings.VAR_DIR) / "staff_password"
        if password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
        else:
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Staff login: {username} / {password}  (stored in {password_file})")

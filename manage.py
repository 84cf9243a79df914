#!/usr/bin/env python
import os
import secrets
import sys
from pathlib import Path

# Commands that sign nothing (no sessions, tokens or cookies) may run on a bare checkout with a
# throwaway key: checking and writing migrations, system checks, collecting static files, making and
# compiling the translation catalogs.
KEYLESS_COMMANDS = frozenset(
    {
        "makemigrations",
        "showmigrations",
        "sqlmigrate",
        "check",
        "collectstatic",
        "makemessages",
        "compilemessages",
        "help",
    }
)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tattoobot.settings")
    # On a machine set up by `make run` (the embedded default), use the secret key it
    # generated when none is configured. Never created here; the web process gets no fallback.
    local_key = Path(__file__).resolve().parent / "var" / "secret_key"
    configured = os.environ.get("DJANGO_SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY_FILE")
    if not configured and local_key.is_file():
        os.environ["DJANGO_SECRET_KEY_FILE"] = str(local_key)
    elif not configured and (sys.argv[1] if len(sys.argv) > 1 else "help") in KEYLESS_COMMANDS:
        os.environ["DJANGO_SECRET_KEY"] = f"throwaway-{secrets.token_urlsafe(32)}"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

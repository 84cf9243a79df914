#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tattoobot.settings")
    # On a machine set up by `make run` (the embedded default), use the secret key it
    # generated when none is configured. Never created here; the web process gets no fallback.
    local_key = Path(__file__).resolve().parent / "var" / "secret_key"
    if not os.environ.get("DJANGO_SECRET_KEY") and not os.environ.get("DJANGO_SECRET_KEY_FILE") and local_key.is_file():
        os.environ["DJANGO_SECRET_KEY_FILE"] = str(local_key)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

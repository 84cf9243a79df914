"""Typed readers for settings that come from the environment.

Every reader fails loudly (``ImproperlyConfigured``) on a value it cannot
parse, so a typo in production stops start-up instead of silently running
with a default. Secrets may be given as ``<NAME>_FILE`` pointing at a file
whose stripped contents are the value (Docker/Kubernetes secrets).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from tattoobot.foundations.phones import InvalidPhoneNumber, to_e164

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    """A plain string, or ``<NAME>_FILE``'s contents when that is set."""
    env = _environ(environ)
    file_name = env.get(f"{name}_FILE", "")
    if file_name:
        if env.get(name):
            raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both")
        path = Path(file_name)
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return env.get(name, default).strip()


def env_bool(name: str, default: bool = False, *, environ: Mapping[str, str] | None = None) -> bool:
    env = _environ(environ)
    if name not in env:
        return default
    raw = env[name].strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {env[name]!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    env = _environ(environ)
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {value}")
    return value


def env_list(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; blanks around items and empty items are dropped."""
    raw = env_str(name, default, environ=environ)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None) -> str:
    value = env_str(name, default, environ=environ).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def env_url(name: str, default: str, *, schemes: tuple[str, ...], environ: Mapping[str, str] | None = None) -> str:
    """A URL whose scheme is one of ``schemes`` and that names a host (or a path for sqlite)."""
    value = env_str(name, default, environ=environ)
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} must start with one of {', '.join(s + '://' for s in schemes)}; got {value!r}"
        )
    if not parts.netloc and parts.scheme not in {"sqlite", "file"}:
        raise ImproperlyConfigured(f"{name} has no host: {value!r}")
    return value.rstrip("/") if parts.scheme in {"http", "https"} else value


def env_e164(name: str, *, environ: Mapping[str, str] | None = None) -> str:
    """An E.164 phone number (``+447700900123``), normalised; empty when unset."""
    raw = env_str(name, "", environ=environ)
    if not raw:
        return ""
    try:
        return to_e164(raw)
    except InvalidPhoneNumber as exc:
        raise ImproperlyConfigured(f"{name} is not a phone number in E.164 form: {raw!r}") from exc


def env_template_link(name: str, *, environ: Mapping[str, str] | None = None) -> str:
    """How a WhatsApp template carries a link: ``body`` (a body parameter) or the https start of its
    URL button (the link's rest is the button's parameter); empty when it carries none."""
    value = env_str(name, "", environ=environ)
    if value in {"", "body"}:
        return value
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be 'body' or the https:// start of the URL button; got {value!r}")
    return value


def env_language_map(
    name: str, default: str, *, languages: tuple[str, ...], environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``lang:code`` pairs, comma separated (``en:en_GB,es:es``): the language code of Meta's approved
    templates for each of ``languages``. An unknown language, a pair without a code or a language
    given twice fails at start."""
    pairs: dict[str, str] = {}
    for item in env_list(name, default, environ=environ):
        language, _, code = item.partition(":")
        language, code = language.strip().lower(), code.strip()
        if language not in languages or not code or language in pairs:
            raise ImproperlyConfigured(
                f"{name} must be lang:code pairs for {', '.join(languages)} (e.g. en:en_GB,es:es); got {item!r}"
            )
        pairs[language] = code
    return pairs

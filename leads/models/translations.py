"""Per-language texts of an admin row (docs/conversation.md "Languages"): a JSON object such as
``{"es": {"prompt": "...", "example": "..."}}`` beside the row's own English fields — a chat
question's prompt and example, a consent question's text and help line. One check for its shape and
one lookup with the English fallback serve every such row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from conversations.policy.languages import LANGUAGES


def check_translations(value: Any, *, main: str, extra: str, extra_name: str, max_length: int | None = None) -> None:
    """Raise ``ValidationError`` unless ``value`` maps languages the bot speaks (not English, which
    is the row itself) to ``{main: text, extra: text}`` with a non-blank ``main``, an optional
    ``extra`` (called ``extra_name`` in the messages), nothing else, and both within ``max_length``."""
    if not isinstance(value, dict):
        raise ValidationError(f'Give an object like {{"es": {{"{main}": "...", "{extra}": "..."}}}}.')
    for language, entry in value.items():
        if language not in LANGUAGES or language == "en":
            raise ValidationError(
                f"{language!r}: use one of {', '.join(LANGUAGES[1:])} (English is the {main} itself)."
            )
        if not isinstance(entry, dict) or not isinstance(entry.get(main), str) or not entry[main].strip():
            raise ValidationError(f"{language}: give at least a {main}.")
        if set(entry) - {main, extra} or not isinstance(entry.get(extra, ""), str):
            raise ValidationError(f"{language}: only a {main} and {extra_name}.")
        if max_length is not None and max(len(entry[main]), len(entry.get(extra, ""))) > max_length:
            raise ValidationError(f"{language}: keep the {main} and {extra_name} under {max_length} characters.")


def translated(
    translations: dict[str, Any] | None, language: str, *, main: str, extra: str, defaults: tuple[str, str]
) -> tuple[str, str]:
    """(main, extra) in ``language`` where the studio wrote them, each else its English default."""
    own = (translations or {}).get(language) or {}
    return str(own.get(main) or defaults[0]), str(own.get(extra) or defaults[1])

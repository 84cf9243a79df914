"""Answers to the questions customers ask while qualifying (docs/conversation.md "Questions")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.template import TemplateSyntaxError, engines

from leads.models.studio import vocabulary


def validate_template(text: str) -> None:
    """Django template syntax, checked by the engine the bot renders messages with (its filters
    included); a broken one is refused, not sent."""
    try:
        engines["messages"].from_string(text)
    except TemplateSyntaxError as exc:
        raise ValidationError(f"Template syntax error: {exc}") from exc


class FaqEntry(models.Model):
    topic = models.SlugField(max_length=40, help_text="e.g. price, deposit, location.")
    language = models.CharField(max_length=8, default="en")
    triggers = models.TextField(
        help_text='Phrases that select this answer, one per line or comma separated (e.g. "how much", "price").'
    )
    answer = models.TextField(
        validators=[validate_template],
        help_text="What the bot replies. Placeholders: {{ artist }}, {{ home_city }}, {{ address }}, "
        "{{ hours }}, {{ deposit_range }}, {{ currency }}.",
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "topic"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        constraints = [models.UniqueConstraint(fields=["topic", "language"], name="faq_one_per_topic_language")]

    def __str__(self) -> str:
        return f"{self.topic} ({self.language})"

    def clean(self) -> None:
        if not vocabulary(self.triggers):
            raise ValidationError({"triggers": "Give at least one trigger phrase."})

    @property
    def trigger_phrases(self) -> tuple[str, ...]:
        return vocabulary(self.triggers)

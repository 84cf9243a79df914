"""The admin-editable question set and the per-question answers of a lead (docs/conversation.md)."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models

from leads.models.translations import check_translations, translated


def validate_question_translations(value: Any) -> None:
    """``{"es": {"prompt": "...", "example": "..."}, ...}``: a prompt for each language, an optional example."""
    check_translations(value, main="prompt", extra="example", extra_name="an example")


class QuestionKind(models.TextChoices):
    TEXT = "text", "free text"
    SIZE = "size", "size (width × height)"
    MONEY = "money", "amount or range"
    MEDIA = "media", "image, or SKIP"
    CITY = "city", "city"
    CHOICE = "choice", "one of the buttons"
    YES_NO = "yes_no", "YES or NO"
    HANDLE = "handle", "social handle"


class Question(models.Model):
    key = models.CharField(
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", "lower-case letters, digits and _")],
    )
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    prompt = models.TextField(help_text="What the bot asks.")
    example = models.CharField(max_length=200, blank=True, help_text="Shown when an answer could not be read.")
    # The prompt and example in the other languages the bot speaks (docs/conversation.md "Languages"):
    # {"es": {"prompt": "...", "example": "..."}}; a language left out asks in English.
    translations = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_question_translations],
        help_text='e.g. {"es": {"prompt": "¿Dónde iría en tu cuerpo?", "example": "p. ej. antebrazo izquierdo"}}',
    )
    options = models.JSONField(
        default=list, blank=True, help_text='Buttons for "choice": [{"id": "1", "title": "Simple"}, …]'
    )
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.key

    def text_in(self, language: str) -> tuple[str, str]:
        """(prompt, example) in ``language`` where the studio wrote it, else the English ones."""
        return translated(
            self.translations, language, main="prompt", extra="example", defaults=(self.prompt, self.example)
        )


class Answer(models.Model):
    """The latest answer of a lead to one question (one row per lead and key)."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    question_key = models.CharField(max_length=40)
    raw_text = models.TextField(blank=True)
    parsed_value = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["lead", "question_key"], name="answer_one_per_question")]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.raw_text[:40]}"

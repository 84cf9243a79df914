"""The studio's consent and health form (docs/booking.md, "Consent form"): the questions are admin
rows, each in the customer's language where the studio wrote it; each appointment gets one form,
signed by the customer on ``/consent/<token>``."""

from __future__ import annotations

from typing import Any

from django.db import models

from leads.models.translations import check_translations, translated

TRANSLATION_MAX = 500  # German and French run longer than the 300 characters of the English text


def validate_consent_translations(value: Any) -> None:
    """``{"es": {"text": "...", "help": "..."}, ...}``: a text for each language, an optional help line."""
    check_translations(value, main="text", extra="help", extra_name="a help line", max_length=TRANSLATION_MAX)


class ConsentKind(models.TextChoices):
    YES_NO = "yes_no", "yes or no"
    TEXT = "text", "free text"
    CHECKBOX = "checkbox", "a box to tick"


class ConsentQuestion(models.Model):
    """One question of the form. A required ``checkbox`` must be ticked; a required ``yes_no`` must
    be answered; a required ``text`` must not be blank."""

    text = models.CharField(max_length=300)
    help = models.CharField(
        max_length=300, blank=True, help_text="An optional line under the question, in smaller type."
    )
    # The text and help line in the other languages the bot speaks (docs/conversation.md "Languages"):
    # {"es": {"text": "...", "help": "..."}}; a language left out is shown the English.
    translations = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_consent_translations],
        help_text='e.g. {"es": {"text": "¿Estás embarazada o en periodo de lactancia?"}}; '
        "a language left out sees the English.",
    )
    kind = models.CharField(max_length=10, choices=ConsentKind.choices)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def text_in(self, language: str) -> tuple[str, str]:
        """(text, help) in ``language`` where the studio wrote it, else the English ones."""
        return translated(self.translations, language, main="text", extra="help", defaults=(self.text, self.help))


class ConsentForm(models.Model):
    """The form of one appointment. ``answers`` is frozen at signing: a list of
    ``{"question": <its English text then>, "shown": <the text the customer read>, "language": …,
    "kind": …, "answer": …}``, so editing a question later never changes what a customer signed
    (forms signed before the page spoke the customer's language have no ``shown``/``language``:
    they were read in English)."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="consent_forms")
    appointment = models.OneToOneField(
        "leads.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="consent_form"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the link was written to the outbox.")
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When the one reminder was written.")
    signed_at = models.DateTimeField(null=True, blank=True)
    typed_name = models.CharField(max_length=150, blank=True)
    answers = models.JSONField(default=list, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    erase_after = models.DateTimeField(
        null=True, blank=True, help_text="The customer asked to delete their data: the answers go at this time."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"consent form #{self.pk} ({'signed' if self.signed_at else 'unsigned'})"

"""The studio's consent and health form (docs/booking.md, "Consent form"): the questions are admin
rows; each appointment gets one form, signed by the customer on ``/consent/<token>``."""

from __future__ import annotations

from django.db import models


class ConsentKind(models.TextChoices):
    YES_NO = "yes_no", "yes or no"
    TEXT = "text", "free text"
    CHECKBOX = "checkbox", "a box to tick"


class ConsentQuestion(models.Model):
    """One question of the form. A required ``checkbox`` must be ticked; a required ``yes_no`` must
    be answered; a required ``text`` must not be blank."""

    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=ConsentKind.choices)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class ConsentForm(models.Model):
    """The form of one appointment. ``answers`` is frozen at signing: a list of
    ``{"question": <its text then>, "kind": …, "answer": …}``, so editing a question later never
    changes what a customer signed."""

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

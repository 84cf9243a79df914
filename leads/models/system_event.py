"""Operations records: what went wrong or needs a look, for ops and the artist."""

from __future__ import annotations

from django.db import models


class SystemEvent(models.Model):
    class Level(models.TextChoices):
        INFO = "info"
        WARNING = "warning"
        ERROR = "error"

    level = models.CharField(max_length=10, choices=Level.choices, default=Level.WARNING, db_index=True)
    type = models.CharField(
        max_length=50, db_index=True, help_text="signature_failure, send_failure, template_fallback, …"
    )
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    correlation_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.level} {self.type}"

"""The signed one-tap action links the artist receives (README.md)."""

from __future__ import annotations

from django.db import models


class ActionToken(models.Model):
    """A single-use link ``/a/<token>`` that performs one artist action on one lead.

    Only a hash of the token is stored. It is valid until ``expires_at``,
    once, and only while the lead is still in ``lead_status``.
    """

    class Action(models.TextChoices):
        APPROVE = "approve"
        REJECT = "reject"
        OPEN = "open"
        DONE = "done"
        NO_SHOW = "no_show", "no-show"

    token_hash = models.CharField(max_length=64, unique=True)
    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="action_tokens")
    action = models.CharField(max_length=10, choices=Action.choices)
    lead_status = models.CharField(max_length=32, help_text="The status the token was made for.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} lead #{self.lead_id}"

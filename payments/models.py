"""Deposits and Stripe events (docs/payments.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class DepositStatus(models.TextChoices):
    PENDING = "pending", "pending (no checkout yet)"
    OPEN = "open", "checkout open"
    PAID = "paid"
    EXPIRED = "expired"
    FAILED = "failed"
    SUPERSEDED = "superseded", "superseded by a new link"
    REFUNDED = "refunded"


class Deposit(models.Model):
    """The amount asked of a customer, frozen at approval, with the rule it came from."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.PROTECT, related_name="deposits")
    amount = models.PositiveIntegerField(help_text="Minor units, frozen at approval.")
    currency = models.CharField(max_length=3)
    rule = models.CharField(max_length=50, help_text="Where the amount came from: artist, or size:<category>.")
    status = models.CharField(max_length=12, choices=DepositStatus.choices, default=DepositStatus.PENDING)
    stripe_session_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    stripe_payment_intent = models.CharField(max_length=200, blank=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    amount_refunded = models.PositiveIntegerField(default=0)
    refunded_at = models.DateTimeField(null=True, blank=True)
    checkout_generation = models.PositiveSmallIntegerField(
        default=0, help_text="Bumped only when a stored expiry can no longer be honoured (new idempotency key)."
    )
    checkout_attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed session-creation calls.")
    last_error = models.CharField(max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When the expiry reminder was written.")
    # A refund is a row first (docs/payments.md "Refunds"): requested here, run by a task, swept until
    # Stripe has accepted it (its id recorded) or it is given up (failed, the artist told).
    refund_requested_at = models.DateTimeField(null=True, blank=True)
    refund_id = models.CharField(max_length=200, blank=True, help_text="Stripe's refund id, once accepted.")
    refund_attempts = models.PositiveSmallIntegerField(default=0)
    refund_failed_at = models.DateTimeField(null=True, blank=True)
    kept_on_cancel = models.BooleanField(
        null=True, blank=True, help_text="Set when the booking is cancelled: kept (yes) or refunded (no)."
    )
    # The ledger (docs/payments.md "The deposit ledger"): the policy the customer was sent with the link
    # (dispute evidence), a deposit the policy forfeited, and a dispute the customer's bank opened.
    policy_text = models.TextField(blank=True, help_text="The booking policy sent with the link, as sent.")
    policy_sent_at = models.DateTimeField(null=True, blank=True)
    forfeited_at = models.DateTimeField(null=True, blank=True)
    forfeit_reason = models.CharField(max_length=50, blank=True, help_text="late_reschedule, late_cancel, no_show…")
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_id = models.CharField(max_length=200, blank=True)
    dispute_reason = models.CharField(max_length=100, blank=True)
    dispute_due_by = models.DateTimeField(null=True, blank=True, help_text="Stripe's evidence deadline.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deposit_amount_positive")]
        indexes = [models.Index(fields=["status", "updated_at"], name="deposit_status_updated")]

    def __str__(self) -> str:
        return f"{self.amount / 100:.2f} {self.currency.upper()} ({self.status})"

    @property
    def idempotency_key(self) -> str:
        """Stripe's idempotency key for this deposit's checkout session: the same on every retry."""
        return f"deposit-{self.pk}-checkout-{self.checkout_generation}"


class StripeEvent(models.Model):
    """Every Stripe webhook event, stored once by id."""

    event_id = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    outcome = models.CharField(max_length=100, blank=True, help_text="handled, ignored, unknown_session, …")
    deposit = models.ForeignKey(Deposit, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

"""Inbound dedup, the transcript, reference media and the outbox (docs/conversation.md, docs/sending.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class InboxState(models.TextChoices):
    PENDING = "pending"
    PROCESSED = "processed"
    FAILED = "failed"


class ProcessedMessage(models.Model):
    """The inbox (docs/sending.md "The inbox"): one row per inbound provider message, written by the
    webhook request as ``pending`` and processed, in the customer's order, by a worker.

    The unique message id is the dedup; ``id`` is the arrival order; ``customer_key`` (``wa:+44…``)
    groups one customer's messages, whose processing is serialised by the worker's claim."""

    provider = models.CharField(max_length=20, default="whatsapp")
    message_id = models.CharField(max_length=200)
    customer_key = models.CharField(max_length=100, blank=True, help_text="wa:<E.164> or user:<user id>.")
    wa_id = models.CharField(max_length=32, blank=True)
    user_id = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict, blank=True, help_text="The message as received.")
    provider_timestamp = models.BigIntegerField(default=0, help_text="Meta's Unix seconds.")
    state = models.CharField(max_length=10, choices=InboxState.choices, default=InboxState.PROCESSED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    customer = models.ForeignKey("leads.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "message_id"], name="processed_message_unique"),
        ]
        indexes = [
            # A customer's queue, in order; small, whatever the table's size.
            models.Index(
                fields=["customer_key", "provider_timestamp", "id"],
                name="inbox_pending_idx",
                condition=Q(state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.message_id} ({self.state})"


class Direction(models.TextChoices):
    INBOUND = "in", "from customer"
    OUTBOUND = "out", "to customer"


class Author(models.TextChoices):
    """Who wrote a transcript line (the Lead JSON's ``by``)."""

    CUSTOMER = "customer"
    BOT = "bot"
    ARTIST = "artist"


class TranscriptMessage(models.Model):
    """One line of the conversation with a customer (inbound or outbound)."""

    customer = models.ForeignKey("leads.Customer", on_delete=models.CASCADE, related_name="transcript")
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.CASCADE, related_name="transcript")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    by = models.CharField(max_length=8, choices=Author.choices, default=Author.BOT)
    message_type = models.CharField(max_length=20, default="text", help_text="text, image, interactive, …")
    text = models.TextField(blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True, db_index=True)
    provider_timestamp = models.BigIntegerField(null=True, blank=True, help_text="Unix seconds from Meta.")
    payload = models.JSONField(default=dict, blank=True, help_text="The provider's message object.")
    processed = models.BooleanField(default=True, help_text="False when stored but not run (out of order).")
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["lead", "direction", "at"], name="transcript_lead_dir_at")]

    def __str__(self) -> str:
        return f"{self.direction} {self.text[:40]}"


class MediaState(models.TextChoices):
    PENDING = "pending"
    STORED = "stored"
    FAILED = "failed"
    ERASED = "erased"


def media_upload_to(instance: ReferenceMedia, filename: str) -> str:
    return f"reference/{instance.lead_id}/{filename}"


class ReferenceMedia(models.Model):
    """An image/document/video or voice note a customer sent: Meta's media id first, the file once fetched."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="media")
    transcript_message = models.ForeignKey(
        TranscriptMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="media"
    )
    media_id = models.CharField(max_length=200, blank=True)
    media_type = models.CharField(max_length=20, default="image")
    mime_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=100, blank=True)
    caption = models.TextField(blank=True)
    file = models.FileField(upload_to=media_upload_to, blank=True, max_length=300)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=MediaState.choices, default=MediaState.PENDING)
    error = models.CharField(max_length=300, blank=True)
    # An image sent after the healed-photo request, in ``completed`` (docs/booking.md "After the session").
    healed = models.BooleanField(default=False, help_text="The customer's photo of the healed piece.")
    created_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "reference media"

    def __str__(self) -> str:
        return f"{self.media_type} {self.media_id}"


class OutboundState(models.TextChoices):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    # Outside the 24-hour window the row's template went instead; this free-form copy waits for
    # the customer's next message (docs/sending.md "Held until the customer writes").
    HELD = "held"


# Delivery statuses only move forward (docs/conversation.md); failed is final.
STATE_RANK = {
    OutboundState.HELD: 0,
    OutboundState.QUEUED: 0,
    OutboundState.SENDING: 1,
    OutboundState.SENT: 2,
    OutboundState.DELIVERED: 3,
    OutboundState.READ: 4,
    OutboundState.FAILED: 5,
}


class OutboundKind(models.TextChoices):
    TEXT = "text"
    BUTTONS = "buttons", "reply buttons"
    LIST = "list"
    TEMPLATE = "template"
    DOCUMENT = "document"  # a file by link (the booking's calendar file); the text is its caption


class OutboundPurpose(models.TextChoices):
    """Why a message is sent; outside the 24-hour window the purpose picks the template."""

    REPLY = "reply", "conversation reply"
    ARTIST_ALERT = "artist_alert"
    REENGAGE = "reengage"
    NUDGE = "nudge"
    DEPOSIT_LINK = "deposit_link"
    DEPOSIT_REMINDER = "deposit_reminder"
    BOOKING_REMINDER = "booking_reminder"
    APPOINTMENT_REMINDER = "appointment_reminder"
    NEXT_STEPS = "next_steps"
    OPTOUT_CONFIRMATION = "optout_confirmation"
    ERASURE_CONFIRMATION = "erasure_confirmation"
    ARTIST_MESSAGE = "artist_message", "message from the artist"


class OutboundMessage(models.Model):
    """A WhatsApp message to send: written with the state change, sent after commit (docs/sending.md)."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    customer = models.ForeignKey(
        "leads.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox")
    to = models.CharField(max_length=128, help_text="E.164 with '+', or the customer's user id.")
    purpose = models.CharField(max_length=30, choices=OutboundPurpose.choices, default=OutboundPurpose.REPLY)
    kind = models.CharField(max_length=10, choices=OutboundKind.choices, default=OutboundKind.TEXT)
    text = models.TextField(blank=True, help_text="Readable body, for the transcript and admin.")
    payload = models.JSONField(default=dict, blank=True, help_text="Buttons, list rows or template parameters.")
    state = models.CharField(max_length=10, choices=OutboundState.choices, default=OutboundState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(db_index=True)
    wamid = models.CharField(max_length=200, blank=True, db_index=True)
    template_name = models.CharField(max_length=100, blank=True, help_text="Set when sent as a template.")
    error_code = models.CharField(max_length=20, blank=True)
    last_error = models.TextField(blank=True)
    correlation_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "outbound message"
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(state__in=["queued", "sending"]),
                name="outbox_pending_due",
            ),
            models.Index(fields=["to", "id"], name="outbox_to_order"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.to} ({self.state})"


class CopyOverride(models.Model):
    """The artist's own wording for one customer message template (docs/conversation.md "Copy")."""

    template = models.CharField(max_length=60, help_text="The message template, e.g. welcome.")
    language = models.CharField(max_length=8, default="en")
    body = models.TextField(help_text="Django template syntax, as the file under templates/messages/.")
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["template", "language"]
        constraints = [models.UniqueConstraint(fields=["template", "language"], name="copy_override_unique")]

    def __str__(self) -> str:
        return f"{self.template} ({self.language})"


class EarlyStatus(models.Model):
    """A delivery status whose wamid no outbox row holds yet (Meta can be faster than the send's own
    write): kept a day at most, applied when the send records the wamid (docs/sending.md)."""

    wamid = models.CharField(max_length=200, db_index=True)
    status = models.CharField(max_length=20)
    timestamp = models.BigIntegerField(default=0)
    recipient = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=20, blank=True)
    error_title = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name_plural = "early statuses"
        constraints = [models.UniqueConstraint(fields=["wamid", "status"], name="early_status_unique")]

    def __str__(self) -> str:
        return f"{self.wamid}: {self.status}"


class TemplateStatus(models.Model):
    """What Meta last said of one approved message template, by name and language
    (docs/sending.md "Template status"). A template Meta paused, disabled or rejected is not
    usable: rows that need it fail with the reason until Meta approves it again."""

    name = models.CharField(max_length=512)
    language = models.CharField(max_length=20, help_text="Lower case, '_' between parts: en_gb, en_us, es.")
    template_id = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=40, blank=True, help_text="Meta's last event: APPROVED, PAUSED, …")
    reason = models.TextField(blank=True, help_text="What Meta said with the last status event.")
    quality = models.CharField(max_length=20, blank=True)
    category = models.CharField(max_length=30, blank=True)
    usable = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "language"]
        constraints = [models.UniqueConstraint(fields=["name", "language"], name="template_status_unique")]
        verbose_name_plural = "template statuses"

    def __str__(self) -> str:
        return f"{self.name} ({self.language}): {self.status or 'no status yet'}"

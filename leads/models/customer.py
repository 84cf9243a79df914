"""One WhatsApp number: the person behind every lead."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.db import models

from conversations.policy.languages import NAMES

# The artist wrote to the customer (from the WhatsApp Business app, or the admin) this recently:
# the conversation is the artist's (docs/conversation.md "The artist's phone").
ARTIST_CHAT = timedelta(days=7)


def hash_phone(phone: str) -> str:
    """SHA-256 of the E.164 number: what erasure keeps so opt-out still holds."""
    return hashlib.sha256(phone.encode("utf-8")).hexdigest()


def hash_user_id(user_id: str) -> str:
    """SHA-256 of the business-scoped user id, kept on erasure as the phone's hash is."""
    return hashlib.sha256(f"user:{user_id}".encode()).hexdigest()


class Customer(models.Model):
    wa_id = models.CharField(
        "WhatsApp number",
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="E.164 with '+'. Emptied on erasure; the hash stays.",
    )
    phone_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False, help_text="Kept on erasure."
    )
    user_id = models.CharField(
        "WhatsApp user id",
        max_length=128,
        unique=True,
        null=True,
        blank=True,
        help_text="Meta's business-scoped user id (e.g. US.1349…), as received. Emptied on erasure; the hash stays.",
    )
    user_id_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    parent_user_id = models.CharField(max_length=128, blank=True)
    username = models.CharField(max_length=100, blank=True, help_text="The WhatsApp username, display only.")
    profile_name = models.CharField(max_length=200, blank=True)
    # The language the bot writes to this customer in (docs/conversation.md "Languages"): read from the
    # first message, else the number's country, else the studio's default; staff may set it.
    language = models.CharField(
        max_length=5,
        blank=True,
        choices=list(NAMES.items()),
    )
    opted_out = models.BooleanField(default=False)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    opted_in_at = models.DateTimeField(
        null=True, blank=True, help_text="When the customer first wrote, or last sent START."
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    is_sandbox = models.BooleanField(default=False, help_text="A 'try the bot' customer: messages never reach Meta.")
    last_inbound_at = models.DateTimeField(
        null=True, blank=True, help_text="Opens WhatsApp's 24-hour customer service window."
    )
    marketing_opted_out = models.BooleanField(
        default=False, help_text="The customer stopped marketing messages in WhatsApp (Meta's user_preferences)."
    )
    marketing_changed_at = models.DateTimeField(null=True, blank=True)
    artist_wrote_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The artist last wrote from the WhatsApp Business app (an echo): the bot stays out of it.",
    )
    # Rows held outside the window wait for the customer's next message (one flag: no query per message).
    has_held = models.BooleanField(default=False)
    # Automated replies that are rate-limited per customer (e.g. "please type",
    # "not yet open"): reply kind -> ISO time it was last sent.
    reply_cooldowns = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Nothing requires a phone number; something must say who the customer is (or was).
            models.CheckConstraint(
                condition=models.Q(phone_hash__isnull=False) | models.Q(user_id_hash__isnull=False),
                name="customer_has_an_identity",
            )
        ]

    def __str__(self) -> str:
        label = self.handle or f"erased #{self.pk}"
        return f"{self.profile_name} ({label})" if self.profile_name else label

    def save(self, *args: object, **kwargs: object) -> None:
        if self.wa_id and not self.phone_hash:
            self.phone_hash = hash_phone(self.wa_id)
        if self.user_id and not self.user_id_hash:
            self.user_id_hash = hash_user_id(self.user_id)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def address(self) -> str:
        """Where WhatsApp messages to the customer go: the number, else the user id ("" once erased)."""
        return self.wa_id or self.user_id or ""

    @property
    def handle(self) -> str:
        """How people see the customer: the number, else the username (or the user id)."""
        return self.wa_id or (f"@{self.username}" if self.username else "") or self.user_id or ""

    def artist_chatting(self, now: datetime) -> bool:
        """Whether the artist wrote to this customer in the last ``ARTIST_CHAT`` (7 days)."""
        return self.artist_wrote_at is not None and now - self.artist_wrote_at < ARTIST_CHAT

    @property
    def first_name(self) -> str:
        """What the bot calls the customer: the first word of their WhatsApp profile name ("" if none)."""
        return (self.profile_name or "").split(" ")[0][:40]

"""The tokens behind the artist's one-tap links and buttons (README.md): ``/a/<token>``.

A token is 32 random bytes (URL-safe); only its SHA-256 is stored. It works
once, for 7 days, and only while the lead is still in the status it was made
for. Using it locks the token row, so two taps at the same moment act once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from leads.access import lead_visible
from leads.models import ActionToken, Lead
from tattoobot.foundations.errors import ApplicationError

TOKEN_LIFETIME = timedelta(days=7)


class TokenRefused(ApplicationError):
    status_code = 410
    code = "link_not_valid"


def token_hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def action_token_issue(*, lead: Lead, action: str) -> str:
    """A new link token for ``action`` on the lead in its current status; returns the token itself."""
    token = secrets.token_urlsafe(32)
    ActionToken.objects.create(
        token_hash=token_hash_of(token),
        lead=lead,
        action=action,
        lead_status=lead.status,
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    return token


def action_link(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}/a/{token}"


def action_token_peek(*, token: str, user: Any = None) -> ActionToken:
    """The token, if it could be used now (for the confirmation page); raises ``TokenRefused``.
    A signed-in ``user`` who may not see the lead gets "not valid", as for a token never issued.
    Using one is the artist's action (``leads.artist.links``)."""
    row = ActionToken.objects.select_related("lead__customer").filter(token_hash=token_hash_of(token)).first()
    if row is not None and user is not None and not lead_visible(user, row.lead):
        row = None
    action_token_check(row)
    assert row is not None
    return row


def action_token_check(row: ActionToken | None) -> None:
    if row is None:
        raise TokenRefused("This link is not valid.", code="link_unknown", status_code=404)
    if row.used_at is not None:
        raise TokenRefused("This link was already used.", code="link_used")
    if row.expires_at <= timezone.now():
        raise TokenRefused("This link has expired.", code="link_expired")
    if row.lead.status != row.lead_status:
        raise TokenRefused(
            f"The request is now {row.lead.status}; this link was for {row.lead_status}.", code="link_outdated"
        )

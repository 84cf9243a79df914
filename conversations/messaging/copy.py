"""Every customer message is a Django template under ``templates/messages/`` (docs/conversation.md "Copy").

Templates see ``variant`` (0, 1 or 2, fixed per lead and message so a customer
never sees the wording flip mid-conversation), ``artist`` (the studio's artist
name), ``currency`` and whatever the caller passes. The engine that renders
them has autoescaping off: WhatsApp is plain text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.template import engines

from leads.models import Lead, StudioSettings

VARIANTS = 3
_BLANK_LINES = re.compile(r"\n{3,}")


def variant_for(lead: Lead | None, template: str) -> int:
    seed = f"{lead.pk if lead else 0}:{template}".encode()
    return int(hashlib.sha256(seed).hexdigest(), 16) % VARIANTS


def render_copy(
    template: str, *, lead: Lead | None, studio: StudioSettings, variant_key: str = "", **context: Any
) -> str:
    """Render ``templates/messages/<template>.txt`` for a lead.

    ``variant_key`` picks the variant instead of the template name, so one
    template used at several steps (each question) need not repeat itself.
    """
    values = {
        "variant": variant_for(lead, variant_key or template),
        "artist": studio.artist_name,
        "currency": studio.currency,
        "lead": lead,
        **context,
    }
    text = engines["messages"].get_template(f"messages/{template}.txt").render(values)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))

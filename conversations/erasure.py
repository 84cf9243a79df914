"""DELETE MY DATA (docs/conversation.md): erase a customer's personal data, keep what compliance needs.

Erased: the name and number, every answer (rows and the lead's answer
columns), transcript text and payloads, media files and ids, message texts in
the outbox, and the Google Sheet row (deleted by the next sheet flush). Kept: the hashed
phone, the opt-out flag, dates, statuses and their history, deposit amounts and
Stripe ids. Queued messages that have not gone out are failed, never sent.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q

from conversations.models import (
    InboxState,
    MediaState,
    OutboundMessage,
    OutboundState,
    ProcessedMessage,
    ReferenceMedia,
    TranscriptMessage,
)
from leads.models import Answer, ConsentForm, Customer, Lead, StatusChange, StudioSettings
from leads.models.lead import ENDED_STATUSES, LeadStatus
from leads.services import lead_transition
from leads.sheet_mirror import sheet_changed

logger = logging.getLogger(__name__)
_CODE = re.compile(r"[a-z0-9_:.-]{1,100}")


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


ANSWER_COLUMNS: dict[str, Any] = {
    "idea": "",
    "placement": "",
    "size_text": "",
    "size_width_cm": None,
    "size_height_cm": None,
    "size_category": "",
    "style": "",
    "budget_text": "",
    "budget_min": None,
    "budget_max": None,
    "budget_currency": "",
    "city": "",
    "country": "",
    "region": "",
    "availability": "",
    "instagram": "",
    "complexity": None,
    "rejection_reason": "",
    "time_windows": [],
    "offered_slots": [],
    "parse_failures": {},
    "open_questions": [],
    "can_travel": None,
    "estimate_min": None,
    "estimate_max": None,
}


def customer_erase(*, customer: Customer, now: datetime) -> None:
    """Erase in one transaction; the caller sends the confirmation afterwards."""
    with transaction.atomic():
        leads = list(Lead.objects.select_for_update().filter(customer=customer))
        Answer.objects.filter(lead__in=leads).delete()
        for lead in leads:
            # Only the open lead changes status; ended leads keep theirs (at most one lead is open).
            if lead.status not in ENDED_STATUSES and lead.status != LeadStatus.OPTOUT:
                lead_transition(lead=lead, name="opt_out", reason="erasure", actor="customer")
        # Free-text reasons (the artist's rejection note) go; machine codes such as keyword:human stay.
        for change in StatusChange.objects.filter(lead__in=leads).exclude(reason=""):
            if not _CODE.fullmatch(change.reason):
                StatusChange.objects.filter(pk=change.pk).update(reason="")
        Lead.objects.filter(customer=customer).update(**ANSWER_COLUMNS, updated_at=now)  # the sheet row goes too
        TranscriptMessage.objects.filter(customer=customer).update(text="", payload={})
        # Health answers, the typed name and where it was signed from go; that a form was signed, and
        # when, stays (the studio's record that it asked). A form the law makes the studio keep
        # (``consent_retention_days`` after signing) goes when that time is up (``consent_answers_purge``).
        forms = ConsentForm.objects.filter(lead__in=leads)
        keep = timedelta(days=StudioSettings.load().consent_retention_days)
        if keep:
            kept = forms.filter(signed_at__gt=now - keep)
            kept.update(erase_after=F("signed_at") + keep)
            forms = forms.exclude(pk__in=kept.values("pk"))
        forms.update(answers=[], typed_name="", ip=None, user_agent="")
        files = [str(m.file.name) for m in ReferenceMedia.objects.filter(lead__customer=customer) if m.file]
        # Files go only once the erasure has committed, so a rollback never leaves rows without files.
        transaction.on_commit(partial(_delete_files, files))
        transaction.on_commit(sheet_changed, robust=True)  # the sheet row is deleted by the next flush
        ReferenceMedia.objects.filter(lead__customer=customer).update(
            media_id="", sha256="", caption="", file="", state=MediaState.ERASED
        )
        # The customer's messages, and the artist's notifications about their leads.
        outbox = OutboundMessage.objects.filter(Q(customer=customer) | Q(lead__customer=customer))
        outbox.filter(state__in=[OutboundState.QUEUED, OutboundState.SENDING]).update(
            state=OutboundState.FAILED, failed_at=now, last_error="customer erased their data"
        )
        outbox.update(text="", payload={}, to="")
        # Inbox rows that failed keep the message for ops; pending ones are processed (blank) and emptied then.
        inbox = Q(customer=customer)
        for key in (
            f"wa:{customer.wa_id}" if customer.wa_id else "",
            f"user:{customer.user_id}" if customer.user_id else "",
        ):
            if key:
                inbox |= Q(customer_key=key)
        ProcessedMessage.objects.filter(inbox).exclude(state=InboxState.PENDING).update(
            payload={}, wa_id="", user_id="", customer_key="", last_error=""
        )
        customer.profile_name = ""
        customer.wa_id = None
        customer.user_id = None  # its hash stays, as the number's does
        customer.parent_user_id = ""
        customer.username = ""
        customer.opted_out = True
        customer.opted_out_at = now
        customer.erased_at = now
        customer.reply_cooldowns = {}
        customer.save()
    logger.info("customer %s erased (%d leads)", customer.pk, len(leads))

"""The Google Sheet mirror (docs/operations.md): one row per lead, keyed by lead id, in the tab ``Leads``.

The database is the truth; the sheet follows it, never in the request path.
A lead is *dirty* while its ``updated_at`` is later than ``sheet_synced_at``
(a partial index keeps that set cheap to find), so nothing needs remembering
between runs and nothing is lost when a task or Redis is: every change saves
the lead, which makes it dirty. A change schedules a flush a few seconds later
(one per burst: a cache key debounces), and beat flushes every minute as the
safety net. A flush writes all dirty leads in at most three calls and marks
each synced only if it did not change meanwhile. Erased customers' rows are
deleted. Off when ``GOOGLE_SHEETS_SPREADSHEET_ID`` is unset.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, QuerySet

from leads.events import system_event_record
from leads.models import Lead, StudioSettings
from tattoobot.foundations.tasking import send_task_later

if TYPE_CHECKING:
    from integrations.google_sheets.client import LeadSheet

logger = logging.getLogger(__name__)

FLUSH_TASK = "leads.sheet_flush"
DEBOUNCE_SECONDS = 5
LOCK_SECONDS = 300
BATCH = 500
RETRY_SECONDS = (30, 120, 600)
HEADER = [
    "lead_id",
    "status",
    "created_at",
    "updated_at",
    "name",
    "phone",
    "idea",
    "placement",
    "size",
    "size_category",
    "style",
    "budget",
    "budget_min",
    "budget_max",
    "currency",
    "city",
    "country",
    "region",
    "availability",
    "needs_artist",
    "deposit",
    "deposit_status",
    "appointment",
    "admin_link",
]


def sheet_enabled() -> bool:
    return bool(settings.GOOGLE_SHEETS_SPREADSHEET_ID)


def dirty_leads() -> QuerySet[Lead]:
    return Lead.objects.filter(Q(sheet_synced_at__isnull=True) | Q(updated_at__gt=F("sheet_synced_at")))


def lead_row(lead: Lead, tz_name: str) -> list[str]:
    """The row's values, as text (written RAW: a customer's "=1+1" stays text, never a formula)."""
    tz = ZoneInfo(tz_name)

    def when(at: datetime | None) -> str:
        return at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if at else ""

    deposit = next(iter(lead.deposits.all()), None)  # newest first (prefetched)
    appointment = next((a for a in lead.appointments.all() if a.status == "active"), None)
    return [
        str(lead.pk),
        lead.status,
        when(lead.created_at),
        when(lead.updated_at),
        lead.customer.profile_name,
        lead.customer.handle,  # the number, else the username
        lead.idea[:1000],
        lead.placement,
        lead.size_text,
        lead.size_category,
        lead.style,
        lead.budget_text,
        "" if lead.budget_min is None else str(lead.budget_min),
        "" if lead.budget_max is None else str(lead.budget_max),
        lead.budget_currency,
        lead.city,
        lead.country,
        lead.region,
        lead.availability[:500],
        "yes" if lead.needs_artist else "",
        f"{deposit.amount / 100:.2f} {deposit.currency.upper()}" if deposit else "",
        deposit.status if deposit else "",
        when(appointment.start) if appointment else "",
        lead.admin_url,
    ]


def sheet_client() -> LeadSheet:
    from integrations.google_sheets.client import LeadSheet  # gspread loads only where the sheet is on

    return LeadSheet(
        spreadsheet_id=settings.GOOGLE_SHEETS_SPREADSHEET_ID,
        service_account_file=settings.GOOGLE_SERVICE_ACCOUNT_FILE,
        header=HEADER,
        api_base=settings.GOOGLE_API_BASE,
    )


def sheet_changed() -> None:
    """A lead changed: flush soon, once per burst (called after commit)."""
    if sheet_enabled() and cache.add("sheets:flush-scheduled", 1, timeout=DEBOUNCE_SECONDS):
        send_task_later(FLUSH_TASK, countdown=DEBOUNCE_SECONDS)


def sheet_flush(*, limit: int = BATCH, attempt: int = 0) -> dict[str, int]:
    """Mirror up to ``limit`` dirty leads; one flush at a time (a cache lock)."""
    counts = {"upserted": 0, "deleted": 0, "writes": 0}
    if not sheet_enabled():
        return counts
    if not cache.add("sheets:flush-lock", 1, timeout=LOCK_SECONDS):
        return {**counts, "busy": 1}
    try:
        return _flush(limit, counts, attempt)
    finally:
        cache.delete("sheets:flush-lock")


def _flush(limit: int, counts: dict[str, int], attempt: int) -> dict[str, int]:
    from integrations.google_sheets.client import SheetUnavailable  # as above: gspread only when on

    tz_name = StudioSettings.load().timezone
    leads = list(
        dirty_leads()
        .select_related("customer")
        .prefetch_related("deposits", "appointments")
        .order_by("updated_at")[:limit]
    )
    if not leads:
        return counts
    upserts = {str(lead.pk): lead_row(lead, tz_name) for lead in leads if lead.customer.address}
    deletes = [str(lead.pk) for lead in leads if not lead.customer.address]  # erased
    try:
        counts["writes"] = sheet_client().sync(upserts, deletes)
    except SheetUnavailable as exc:
        logger.warning("sheet flush failed (%s); %s", exc, "retrying later" if exc.transient else "giving up")
        if exc.transient:
            delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
            send_task_later(FLUSH_TASK, countdown=delay)
        else:
            _report(str(exc))
        return {**counts, "failed": 1}
    with transaction.atomic():
        for lead in leads:
            # Only if unchanged since it was read: a change made meanwhile stays dirty for the next flush.
            Lead.objects.filter(pk=lead.pk, updated_at=lead.updated_at).update(sheet_synced_at=lead.updated_at)
    counts["upserted"], counts["deleted"] = len(upserts), len(deletes)
    if len(leads) == limit:
        send_task_later(FLUSH_TASK, countdown=1)  # more to do
    return counts


def _report(problem: str) -> None:
    if cache.add("sheets:failure-reported", 1, timeout=3600):
        system_event_record(type="sheet_sync_failed", level="error", message=problem)


def sheet_resync(*, progress: Callable[[int, int], None] | None = None, batch: int = BATCH) -> Iterator[dict[str, int]]:
    """Mark every lead dirty and flush them all, batch by batch (``manage.py sync_sheet``)."""
    Lead.objects.update(sheet_synced_at=None)
    total = Lead.objects.count()
    done = 0
    while True:
        counts = sheet_flush(limit=batch)
        if counts.get("failed") or counts.get("busy"):
            yield counts
            return
        step = counts["upserted"] + counts["deleted"]
        if not step:
            return
        done += step
        if progress:
            progress(done, total)
        yield counts


def lead_saved(sender: type[Lead], instance: Lead, **kwargs: Any) -> None:
    """Every saved lead is dirty for the sheet (``post_save``, connected in ``LeadsConfig.ready``):
    a flush is scheduled after commit."""
    if sheet_enabled():
        transaction.on_commit(sheet_changed, robust=True)

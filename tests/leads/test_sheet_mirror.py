"""The Google Sheet mirror against a fake Sheets API: header, insert, update in place, delete, 429, bursts."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from conversations.erasure import customer_erase
from leads.models import Lead
from leads.sheet_mirror import HEADER, dirty_leads, sheet_flush
from tests.fakes.google_sheets import FakeSheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheets(fake_sheets: FakeSheets) -> FakeSheets:
    return fake_sheets


def by_id(fake: FakeSheets) -> dict[str, list[str]]:
    return {row[0]: row for row in fake.rows()[1:]}


def test_the_tab_is_created_with_a_header_and_rows_are_inserted(sheets: FakeSheets, make_lead: Any) -> None:
    first = make_lead(status="qualifying", idea="A swallow", city="London")
    second = make_lead(status="pending_approval", idea='=HYPERLINK("x")')
    counts = sheet_flush()
    assert counts == {"upserted": 2, "deleted": 0, "writes": 1}
    assert sheets.rows()[0] == HEADER
    rows = by_id(sheets)
    assert rows[str(first.pk)][:2] == [str(first.pk), "qualifying"]
    assert rows[str(first.pk)][HEADER.index("idea")] == "A swallow"
    assert rows[str(second.pk)][HEADER.index("idea")] == '=HYPERLINK("x")'  # RAW: text, never a formula
    appended = [c for c in sheets.writes() if c.path.endswith(":append")]
    assert appended
    assert all("valueInputOption=RAW" in c.query for c in appended)
    assert all(c.body["values"] for c in appended)
    assert not dirty_leads().exists()
    assert sheet_flush() == {"upserted": 0, "deleted": 0, "writes": 0}  # nothing changed: no call


def test_a_change_updates_the_row_in_place(sheets: FakeSheets, make_lead: Any) -> None:
    lead = make_lead(status="qualifying")
    other = make_lead(status="qualifying")
    sheet_flush()
    position = [row[0] for row in sheets.rows()].index(str(lead.pk))
    lead.city = "Manchester"
    lead.save()
    counts = sheet_flush()
    assert counts["upserted"] == 1
    assert [c.path.rsplit("/", 1)[-1] for c in sheets.writes()][-1] == "values:batchUpdate"
    assert [row[0] for row in sheets.rows()].index(str(lead.pk)) == position
    assert len(sheets.rows()) == 3
    assert by_id(sheets)[str(lead.pk)][HEADER.index("city")] == "Manchester"
    assert by_id(sheets)[str(other.pk)][HEADER.index("status")] == "qualifying"


def test_erasure_deletes_the_row(sheets: FakeSheets, make_lead: Any) -> None:
    lead = make_lead(status="qualifying", idea="Secret idea")
    keep = make_lead(status="qualifying")
    sheet_flush()
    customer_erase(customer=lead.customer, now=timezone.now())
    counts = sheet_flush()
    assert counts["deleted"] == 1
    assert str(lead.pk) not in by_id(sheets)
    assert str(keep.pk) in by_id(sheets)
    assert "Secret idea" not in str(sheets.rows())


def test_a_429_is_retried_then_succeeds(sheets: FakeSheets, make_lead: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from integrations.google_sheets import client

    monkeypatch.setattr(client, "RETRY_PAUSE_SECONDS", 0.01)
    lead = make_lead(status="qualifying")
    sheets.fail_next(429)
    assert sheet_flush()["upserted"] == 1  # the client's own second try
    sheets.fail_next(429, times=2)
    lead.save()
    failed = sheet_flush()
    assert failed.get("failed") == 1
    assert dirty_leads().filter(pk=lead.pk).exists()  # nothing lost: still dirty
    assert sheet_flush()["upserted"] == 1  # the retry (a task later) succeeds
    assert not dirty_leads().exists()


def test_a_burst_of_50_changes_is_a_handful_of_writes(sheets: FakeSheets, make_lead: Any) -> None:
    leads = [make_lead(status="qualifying") for _ in range(10)]
    sheet_flush()
    before = len(sheets.writes())
    for round_ in range(5):
        for lead in leads:
            lead.availability = f"round {round_}"
            lead.save()
    sheet_flush()
    assert len(sheets.writes()) - before <= 3
    assert {row[HEADER.index("availability")] for row in by_id(sheets).values()} == {"round 4"}


def test_a_change_during_the_write_stays_dirty(
    sheets: FakeSheets, make_lead: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integrations.google_sheets.client import LeadSheet

    lead = make_lead(status="qualifying")
    real_sync = LeadSheet.sync

    def sync_while_the_lead_changes(self: LeadSheet, *args: Any, **kwargs: Any) -> int:
        Lead.objects.filter(pk=lead.pk).update(updated_at=timezone.now() + timedelta(seconds=1), city="Leeds")
        return real_sync(self, *args, **kwargs)

    monkeypatch.setattr(LeadSheet, "sync", sync_while_the_lead_changes)
    sheet_flush()
    assert dirty_leads().filter(pk=lead.pk).exists()
    monkeypatch.undo()
    sheet_flush()
    assert by_id(sheets)[str(lead.pk)][HEADER.index("city")] == "Leeds"


def test_off_when_no_spreadsheet_is_configured(settings: Any, make_lead: Any) -> None:
    settings.GOOGLE_SHEETS_SPREADSHEET_ID = ""
    make_lead(status="qualifying")
    assert sheet_flush() == {"upserted": 0, "deleted": 0, "writes": 0}
    with pytest.raises(CommandError, match="not set"):
        call_command("sync_sheet")


def test_the_resync_command_writes_everything_with_progress(sheets: FakeSheets, make_lead: Any) -> None:
    for _ in range(7):
        make_lead(status="qualifying")
    sheet_flush()
    sheets.tabs["Leads"]["rows"] = sheets.rows()[:3]  # someone deleted rows by hand
    out, err = StringIO(), StringIO()
    call_command("sync_sheet", "--batch", "3", stdout=out, stderr=err)
    assert len(by_id(sheets)) == 7
    assert "7/7" in err.getvalue()
    assert "Sheet in sync" in out.getvalue()


def test_a_lead_change_schedules_one_flush_per_burst(
    sheets: FakeSheets, make_lead: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from leads import sheet_mirror as mirror

    scheduled: list[float] = []
    monkeypatch.setattr(mirror, "send_task_later", lambda name, *a, countdown: scheduled.append(countdown))
    with django_capture_on_commit_callbacks(execute=True):
        lead = make_lead(status="qualifying")
        for _ in range(20):
            lead.save()
    assert scheduled == [mirror.DEBOUNCE_SECONDS]

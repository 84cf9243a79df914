"""The Google Sheets client against a fake Sheets API on 127.0.0.1: the tab made with its header,
rows written by key in at most three calls, one retry of a transient error, then a typed failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from integrations.google_sheets import client as sheets_client
from integrations.google_sheets.client import LeadSheet, SheetUnavailable
from tests.fakes.google_sheets import FakeSheets

HEADER = ["lead_id", "name"]


@pytest.fixture
def fake() -> Iterator[FakeSheets]:
    server = FakeSheets().start()
    yield server
    server.stop()


@pytest.fixture
def sheet(fake: FakeSheets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LeadSheet:
    monkeypatch.setattr(sheets_client, "RETRY_PAUSE_SECONDS", 0.01)
    return LeadSheet(
        spreadsheet_id=fake.spreadsheet_id,
        service_account_file=str(fake.service_account_file(tmp_path)),
        header=HEADER,
        api_base=fake.url,
    )


def test_the_tab_is_made_with_its_header_and_rows_are_upserted_by_key(fake: FakeSheets, sheet: LeadSheet) -> None:
    assert sheet.sync({"1": ["1", "Ana"], "2": ["2", "Ben"]}) == 1
    assert sheet.sync({"1": ["1", "Ana M"], "3": ["3", "Cy"]}, deletes=["2"]) == 3

    assert fake.rows() == [HEADER, ["1", "Ana M"], ["3", "Cy"]]


def test_a_429_is_retried_once(fake: FakeSheets, sheet: LeadSheet) -> None:
    fake.fail_next(429)
    assert sheet.sync({"1": ["1", "Ana"]}) == 1
    assert fake.rows() == [HEADER, ["1", "Ana"]]


@pytest.mark.parametrize(("status", "transient"), [(429, True), (503, True), (403, False)])
def test_a_lasting_error_is_a_typed_failure(fake: FakeSheets, sheet: LeadSheet, status: int, transient: bool) -> None:
    sheet.sync({"0": ["0", "first"]})  # signed in and the tab made: the failures hit the data calls
    fake.fail_next(status, times=4)
    with pytest.raises(SheetUnavailable) as raised:
        sheet.sync({"1": ["1", "Ana"]})

    assert (raised.value.transient, raised.value.status) == (transient, status)

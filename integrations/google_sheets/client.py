"""The lead sheet through gspread: one tab, one row per key in column A, values written RAW.

A service account key authorises the calls (its ``token_uri`` gives the token).
``api_base`` points gspread at another host (tests use a local fake) by
rewriting Google's Sheets address in its HTTP client. A 408/429/5xx answer is
tried once more after a short pause, then reported as transient.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import gspread
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

SHEETS = "https://sheets.googleapis.com"
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
RETRY_PAUSE_SECONDS = 1.0
T = TypeVar("T")


class SheetUnavailable(Exception):
    def __init__(self, message: str, *, transient: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


def _http_client_for(api_base: str) -> type[HTTPClient]:
    if not api_base:
        return HTTPClient
    base = api_base.rstrip("/")

    class Redirected(HTTPClient):
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            if endpoint.startswith(SHEETS):
                endpoint = base + endpoint[len(SHEETS) :]
            return super().request(method, endpoint, *args, **kwargs)

    return Redirected


class LeadSheet:
    def __init__(
        self,
        *,
        spreadsheet_id: str,
        service_account_file: str,
        header: Sequence[str],
        tab: str = "Leads",
        api_base: str = "",
    ) -> None:
        self.client = gspread.service_account(
            filename=service_account_file, scopes=SCOPES, http_client=_http_client_for(api_base)
        )
        self.spreadsheet_id = spreadsheet_id
        self.header = list(header)
        self.tab = tab
        self._spreadsheet: gspread.Spreadsheet | None = None

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        for attempt in (1, 2):
            try:
                return fn(*args, **kwargs)
            except APIError as exc:
                status = int(exc.code)
                transient = status in (408, 429) or status >= 500
                if transient and attempt == 1:
                    time.sleep(RETRY_PAUSE_SECONDS)
                    continue
                raise SheetUnavailable(str(exc)[:300], transient=transient, status=status) from exc
            except OSError as exc:  # connection refused, reset, timeout
                if attempt == 1:
                    time.sleep(RETRY_PAUSE_SECONDS)
                    continue
                raise SheetUnavailable(str(exc)[:300], transient=True) from exc
        raise AssertionError("unreachable")

    @property
    def spreadsheet(self) -> gspread.Spreadsheet:
        if self._spreadsheet is None:
            self._spreadsheet = self._call(self.client.open_by_key, self.spreadsheet_id)
        return self._spreadsheet

    def _sheet_id(self) -> int:
        """The tab's id, creating it (with the header row) when missing."""
        metadata = self._call(self.spreadsheet.fetch_sheet_metadata)
        for sheet in metadata.get("sheets", []):
            if sheet["properties"]["title"] == self.tab:
                return int(sheet["properties"]["sheetId"])
        properties = {"title": self.tab, "gridProperties": {"rowCount": 1000, "columnCount": len(self.header)}}
        answer = self._call(self.spreadsheet.batch_update, {"requests": [{"addSheet": {"properties": properties}}]})
        sheet_id = int(answer["replies"][0]["addSheet"]["properties"]["sheetId"])
        self._call(
            self.spreadsheet.values_update, f"{self.tab}!A1", {"valueInputOption": "RAW"}, {"values": [self.header]}
        )
        return sheet_id

    def _rows_by_key(self) -> dict[str, int]:
        """Column A's keys → their row numbers (1-based; row 1 is the header)."""
        answer = self._call(self.spreadsheet.values_get, f"{self.tab}!A:A")
        rows: dict[str, int] = {}
        for number, row in enumerate(answer.get("values", []), start=1):
            if number > 1 and row and row[0]:
                rows.setdefault(str(row[0]), number)
        return rows

    def sync(self, upserts: Mapping[str, Sequence[str]], deletes: Sequence[str] = ()) -> int:
        """Write ``upserts`` (key → row values, key first) and remove the rows of ``deletes``, in at
        most three write calls; the number of write calls made."""
        sheet_id = self._sheet_id()
        rows = self._rows_by_key()
        writes = 0
        updates = [
            {"range": f"{self.tab}!A{rows[key]}", "values": [list(values)]}
            for key, values in upserts.items()
            if key in rows
        ]
        appends = [list(values) for key, values in upserts.items() if key not in rows]
        if updates:
            self._call(self.spreadsheet.values_batch_update, {"valueInputOption": "RAW", "data": updates})
            writes += 1
        if appends:
            params = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
            self._call(self.spreadsheet.values_append, f"{self.tab}!A1", params, {"values": appends})
            writes += 1
        doomed = sorted({rows[key] for key in deletes if key in rows}, reverse=True)
        if doomed:
            requests = [
                {
                    "deleteDimension": {
                        "range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": r - 1, "endIndex": r}
                    }
                }
                for r in doomed
            ]
            self._call(self.spreadsheet.batch_update, {"requests": requests})
            writes += 1
        return writes

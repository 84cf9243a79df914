"""A fake Google Sheets API v4 (and OAuth token endpoint) on 127.0.0.1, as far as gspread and TattooBot use it.

Tabs hold plain grids of strings. Supported: spreadsheet metadata, ``:batchUpdate``
(``addSheet``, ``deleteDimension`` on rows), ``values`` get / update (PUT) /
``:append`` / ``values:batchUpdate`` with A1 ranges like ``Leads!A1``,
``Leads!A5`` and ``Leads!A:A``. ``fail_next(status, times)`` answers the next
API calls with an error; ``writes()`` lists the write calls made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.google_api import FakeGoogleApi, Request

WRITE = re.compile(r":batchUpdate$|:append$|/values/[^/]+$")


Call = Request  # one call the fake answered


@dataclass
class FakeSheets(FakeGoogleApi):
    spreadsheet_id: str = "sheet-123"
    tabs: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)

    def fail_next(self, status: int = 429, *, times: int = 1) -> None:
        super().fail_next(status, times=times)

    def rows(self, tab: str = "Leads") -> list[list[str]]:
        rows: list[list[str]] = self.tabs[tab]["rows"]
        return rows

    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.status == 200 and c.method in ("POST", "PUT") and WRITE.search(c.path)]

    # --- grid operations -----------------------------------------------------------------

    def _tab(self, a1: str) -> tuple[dict[str, Any], int, bool]:
        """(tab, first row index 0-based, whole column) of an A1 range."""
        title, _, cells = a1.partition("!")
        tab = self.tabs[title.strip("'")]
        match = re.match(r"^([A-Z]+)(\d*)(?::([A-Z]+)(\d*))?$", cells or "A1")
        assert match, a1
        row = int(match.group(2)) - 1 if match.group(2) else 0
        return tab, row, not match.group(2)

    def _write(self, a1: str, values: list[list[Any]]) -> None:
        tab, row, _ = self._tab(a1)
        grid = tab["rows"]
        for offset, values_row in enumerate(values):
            while len(grid) <= row + offset:
                grid.append([])
            grid[row + offset] = [str(v) for v in values_row]

    def _read(self, a1: str) -> list[list[str]]:
        tab, row, whole = self._tab(a1)
        if whole:
            return [r[:1] for r in tab["rows"]]
        return [tab["rows"][row]] if row < len(tab["rows"]) else []

    def _batch(self, body: dict[str, Any]) -> dict[str, Any]:
        replies: list[dict[str, Any]] = []
        for request in body["requests"]:
            if "addSheet" in request:
                title = request["addSheet"]["properties"]["title"]
                sheet_id = len(self.tabs) + 100
                self.tabs[title] = {"sheetId": sheet_id, "rows": []}
                replies.append({"addSheet": {"properties": {"sheetId": sheet_id, "title": title}}})
            elif "deleteDimension" in request:
                span = request["deleteDimension"]["range"]
                tab = next(t for t in self.tabs.values() if t["sheetId"] == span["sheetId"])
                del tab["rows"][span["startIndex"] : span["endIndex"]]
                replies.append({})
            else:
                raise AssertionError(f"unsupported request {request}")
        return {"spreadsheetId": self.spreadsheet_id, "replies": replies}

    # --- the API ------------------------------------------------------------------------

    def record(self, request: Request) -> None:
        self.calls.append(request)

    def failure_payload(self, status: int) -> dict[str, Any]:
        return {"error": {"code": status, "message": "scripted", "status": "X"}}

    def answer(self, request: Request) -> tuple[int, Any]:
        method, path, body = request.method, request.path, request.body
        prefix = f"/v4/spreadsheets/{self.spreadsheet_id}"
        if not path.startswith(prefix):
            return 404, {"error": {"code": 404, "message": "no such spreadsheet", "status": "NOT_FOUND"}}
        rest = path[len(prefix) :]
        with self.lock:
            if method == "GET" and rest == "":
                sheets = [
                    {"properties": {"sheetId": t["sheetId"], "title": title, "index": i}}
                    for i, (title, t) in enumerate(self.tabs.items())
                ]
                return 200, {"spreadsheetId": self.spreadsheet_id, "properties": {"title": "Leads"}, "sheets": sheets}
            if method == "POST" and rest == ":batchUpdate":
                return 200, self._batch(body)
            if method == "POST" and rest == "/values:batchUpdate":
                for item in body["data"]:
                    self._write(item["range"], item["values"])
                return 200, {"totalUpdatedRows": len(body["data"])}
            if method == "POST" and rest.startswith("/values/") and rest.endswith(":append"):
                tab, _, _ = self._tab(rest[len("/values/") : -len(":append")])
                tab["rows"].extend([[str(v) for v in row] for row in body["values"]])
                return 200, {"updates": {"updatedRows": len(body["values"])}}
            if method == "PUT" and rest.startswith("/values/"):
                self._write(rest[len("/values/") :], body["values"])
                return 200, {"updatedRows": len(body["values"])}
            if method == "GET" and rest.startswith("/values/"):
                return 200, {"range": rest[len("/values/") :], "values": self._read(rest[len("/values/") :])}
        return 400, {"error": {"code": 400, "message": f"unsupported {method} {rest}"}}

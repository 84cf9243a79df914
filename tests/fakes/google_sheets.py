"""A fake Google Sheets API v4 (and OAuth token endpoint) on 127.0.0.1, as far as gspread and TattooBot use it.

Tabs hold plain grids of strings. Supported: spreadsheet metadata, ``:batchUpdate``
(``addSheet``, ``deleteDimension`` on rows), ``values`` get / update (PUT) /
``:append`` / ``values:batchUpdate`` with A1 ranges like ``Leads!A1``,
``Leads!A5`` and ``Leads!A:A``. ``fail_next(status, times)`` answers the next
API calls with an error; ``writes()`` lists the write calls made.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tests.fakes.google_calendar import FakeGoogleCalendar
from tests.fakes.loopback import QuietHandler, serve, shut

WRITE = re.compile(r":batchUpdate$|:append$|/values/[^/]+$")


@dataclass
class Call:
    method: str
    path: str
    body: Any
    query: str = ""
    status: int = 0


@dataclass
class FakeSheets:
    spreadsheet_id: str = "sheet-123"
    tabs: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def service_account_file(self, folder: Path) -> Path:
        # The same key file shape as the calendar fake; its token_uri points here.
        calendar = FakeGoogleCalendar()
        calendar.server = self.server
        return calendar.service_account_file(folder)

    def fail_next(self, status: int = 429, *, times: int = 1) -> None:
        with self.lock:
            self.failures.extend([status] * times)

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

    def start(self) -> FakeSheets:
        fake = self

        class Handler(QuietHandler):
            def _reply(self, call: Call, status: int, payload: Any = None) -> None:
                call.status = status
                self.send_json(status, payload)

            def handle_method(self, method: str) -> None:
                raw = self.read_body()
                path = unquote(self.path.split("?")[0])
                body: Any = json.loads(raw) if raw and path != "/token" else {}
                call = Call(method, path, body, query=self.path.partition("?")[2])
                with fake.lock:
                    fake.calls.append(call)
                    failure = fake.failures.pop(0) if fake.failures and path != "/token" else None
                if path == "/token":
                    self._reply(call, 200, {"access_token": "sheet-token", "expires_in": 3600, "token_type": "Bearer"})
                    return
                if failure is not None:
                    self._reply(call, failure, {"error": {"code": failure, "message": "scripted", "status": "X"}})
                    return
                prefix = f"/v4/spreadsheets/{fake.spreadsheet_id}"
                if not path.startswith(prefix):
                    self._reply(
                        call, 404, {"error": {"code": 404, "message": "no such spreadsheet", "status": "NOT_FOUND"}}
                    )
                    return
                rest = path[len(prefix) :]
                with fake.lock:
                    if method == "GET" and rest == "":
                        sheets = [
                            {"properties": {"sheetId": t["sheetId"], "title": title, "index": i}}
                            for i, (title, t) in enumerate(fake.tabs.items())
                        ]
                        answer: Any = {
                            "spreadsheetId": fake.spreadsheet_id,
                            "properties": {"title": "Leads"},
                            "sheets": sheets,
                        }
                    elif method == "POST" and rest == ":batchUpdate":
                        answer = fake._batch(body)
                    elif method == "POST" and rest == "/values:batchUpdate":
                        for item in body["data"]:
                            fake._write(item["range"], item["values"])
                        answer = {"totalUpdatedRows": len(body["data"])}
                    elif method == "POST" and rest.startswith("/values/") and rest.endswith(":append"):
                        tab, _, _ = fake._tab(rest[len("/values/") : -len(":append")])
                        tab["rows"].extend([[str(v) for v in row] for row in body["values"]])
                        answer = {"updates": {"updatedRows": len(body["values"])}}
                    elif method == "PUT" and rest.startswith("/values/"):
                        fake._write(rest[len("/values/") :], body["values"])
                        answer = {"updatedRows": len(body["values"])}
                    elif method == "GET" and rest.startswith("/values/"):
                        answer = {"range": rest[len("/values/") :], "values": fake._read(rest[len("/values/") :])}
                    else:
                        answer = None
                if answer is None:
                    self._reply(call, 400, {"error": {"code": 400, "message": f"unsupported {method} {rest}"}})
                else:
                    self._reply(call, 200, answer)

        self.server = serve(Handler)
        return self

    def stop(self) -> None:
        shut(self.server)

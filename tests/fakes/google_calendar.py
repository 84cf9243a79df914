"""A fake Google Calendar API (and OAuth token endpoint) on 127.0.0.1.

- ``POST /token``: an access token for the service account's signed JWT.
- ``POST /calendar/v3/freeBusy``: the scripted busy periods of each calendar.
- ``POST /calendar/v3/calendars/<id>/events``: stores the event; a repeated
  id is 409, as Google answers.
- ``DELETE /calendar/v3/calendars/<id>/events/<event>``: 204, or 410 when gone.
- ``fail_next(status, times)`` answers the next API calls with an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakes.google_api import FakeGoogleApi, Request

Hit = Request  # one call the fake answered


@dataclass
class FakeGoogleCalendar(FakeGoogleApi):
    hits: list[Hit] = field(default_factory=list)
    busy: list[dict[str, str]] = field(default_factory=list)
    # One calendar's own busy periods (an artist's), instead of ``busy``, where its id is a key.
    busy_by_calendar: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)

    def api_hits(self, method: str, fragment: str) -> list[Hit]:
        return [h for h in self.hits if h.method == method and fragment in h.path]

    def record(self, request: Request) -> None:
        self.hits.append(request)

    def answer(self, request: Request) -> tuple[int, Any]:
        method, path, body = request.method, request.path, request.body
        parts = path.strip("/").split("/")
        if method == "POST" and path.endswith("/freeBusy"):
            calendars = {
                item["id"]: {"busy": list(self.busy_by_calendar.get(item["id"], self.busy))}
                for item in body.get("items", [])
            }
            return 200, {"kind": "calendar#freeBusy", "calendars": calendars}
        if method == "POST" and parts[-1] == "events":
            with self.lock:
                if body["id"] in self.events:
                    return 409, {"error": {"code": 409, "message": "duplicate"}}
                self.events[body["id"]] = body
            return 200, {**body, "status": "confirmed"}
        if method == "DELETE" and parts[-2] == "events":
            with self.lock:
                gone = self.events.pop(parts[-1], None) is None
            return (410, {"error": {"code": 410}}) if gone else (204, None)
        return 404, {"error": {"code": 404, "message": "unknown path"}}

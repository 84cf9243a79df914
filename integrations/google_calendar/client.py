"""Google Calendar through google-api-python-client (its bundled static discovery document).

A service account (JSON key file) signs its own JWTs (``always_use_jwt_access``),
so no token endpoint is called. ``api_base`` points the client at another
host (tests use a local fake). Errors are sorted into transient (retry later)
and permanent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httplib2
from google.oauth2 import service_account
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

SCOPES = ["https://www.googleapis.com/auth/calendar"]
TIMEOUT_SECONDS = 20


class CalendarUnavailable(Exception):
    """A call that failed; ``transient`` says whether trying again may work."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


def event_id_for(key: str) -> str:
    """A Google event id from our key: lower-case base32hex characters (a–v, 0–9), 5–1024 long."""
    allowed = set("abcdefghijklmnopqrstuv0123456789")
    cleaned = "".join(ch for ch in key.lower() if ch in allowed)
    return (cleaned + "00000")[:1024]


class GoogleCalendar:
    name = "google"

    def __init__(self, *, calendar_id: str, service_account_file: str, api_base: str = "") -> None:
        credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
            service_account_file, scopes=SCOPES
        )
        http = AuthorizedHttp(credentials, http=httplib2.Http(timeout=TIMEOUT_SECONDS))
        # api_base is a root like https://www.googleapis.com; the Calendar API lives under calendar/v3/.
        options = {"api_endpoint": f"{api_base.rstrip('/')}/calendar/v3/"} if api_base else None
        self.calendar_id = calendar_id
        self.service = build(
            "calendar", "v3", http=http, static_discovery=True, cache_discovery=False, client_options=options
        )

    def _run(self, request: Any) -> Any:
        try:
            return request.execute(num_retries=2)
        except HttpError as exc:
            status = int(exc.resp.status)
            raise CalendarUnavailable(str(exc)[:300], transient=status >= 500 or status == 429, status=status) from exc
        except (OSError, httplib2.HttpLib2Error) as exc:
            raise CalendarUnavailable(str(exc)[:300], transient=True) from exc

    def busy(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Free/busy periods of the calendar in [start, end); all-day events come back as whole days."""
        body = {
            "timeMin": start.astimezone(UTC).isoformat(),
            "timeMax": end.astimezone(UTC).isoformat(),
            "items": [{"id": self.calendar_id}],
        }
        answer = self._run(self.service.freebusy().query(body=body))
        calendar = (answer.get("calendars") or {}).get(self.calendar_id) or {}
        if calendar.get("errors"):
            raise CalendarUnavailable(f"free/busy: {calendar['errors']}", transient=False)
        return [
            (datetime.fromisoformat(period["start"]), datetime.fromisoformat(period["end"]))
            for period in calendar.get("busy", [])
        ]

    def insert_event(self, *, key: str, start: datetime, end: datetime, summary: str, description: str) -> str:
        """Insert with an id derived from ``key``: a retried insert finds its own event (409) instead of
        making a second one."""
        event_id = event_id_for(key)
        body = {
            "id": event_id,
            "summary": summary,
            "description": description,
            "start": {"dateTime": start.astimezone(UTC).isoformat()},
            "end": {"dateTime": end.astimezone(UTC).isoformat()},
        }
        try:
            self._run(self.service.events().insert(calendarId=self.calendar_id, body=body))
        except CalendarUnavailable as exc:
            if exc.status != 409:  # 409: an event with this id exists: our earlier try got through
                raise
        return event_id

    def delete_event(self, event_id: str) -> None:
        try:
            self._run(self.service.events().delete(calendarId=self.calendar_id, eventId=event_id))
        except CalendarUnavailable as exc:
            if exc.status not in (404, 410):  # already gone
                raise

"""A fake Google Calendar API (and OAuth token endpoint) on 127.0.0.1.

- ``POST /token``: an access token for the service account's signed JWT.
- ``POST /calendar/v3/freeBusy``: the scripted busy periods of each calendar.
- ``POST /calendar/v3/calendars/<id>/events``: stores the event; a repeated
  id is 409, as Google answers.
- ``DELETE /calendar/v3/calendars/<id>/events/<event>``: 204, or 410 when gone.
- ``fail_next(status, times)`` answers the next API calls with an error.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.loopback import QuietHandler, serve, shut


@dataclass
class Hit:
    method: str
    path: str
    body: Any
    authorization: str
    status: int = 0


@dataclass
class FakeGoogleCalendar:
    hits: list[Hit] = field(default_factory=list)
    busy: list[dict[str, str]] = field(default_factory=list)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fail_next(self, status: int = 503, *, times: int = 1) -> None:
        with self.lock:
            self.failures.extend([status] * times)

    def api_hits(self, method: str, fragment: str) -> list[Hit]:
        return [h for h in self.hits if h.method == method and fragment in h.path]

    def service_account_file(self, folder: Path) -> Path:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        info = {
            "type": "service_account",
            "project_id": "tattoobot-test",
            "private_key_id": "k1",
            "private_key": pem,
            "client_email": "bot@tattoobot-test.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": f"{self.url}/token",
        }
        path = folder / "service-account.json"
        path.write_text(json.dumps(info))
        return path

    def start(self) -> FakeGoogleCalendar:
        fake = self

        class Handler(QuietHandler):
            def _reply(self, hit: Hit, status: int, payload: Any = None) -> None:
                hit.status = status
                self.send_json(status, payload)

            def handle_method(self, method: str) -> None:
                raw = self.read_body()
                path = unquote(self.path.split("?")[0])
                try:
                    body: Any = json.loads(raw) if raw and path != "/token" else raw.decode()
                except ValueError:
                    body = raw.decode(errors="replace")
                hit = Hit(method, path, body, self.headers.get("Authorization", ""))
                with fake.lock:
                    fake.hits.append(hit)
                    failure = fake.failures.pop(0) if fake.failures and path != "/token" else None
                if path == "/token":
                    self._reply(hit, 200, {"access_token": "fake-token", "expires_in": 3600, "token_type": "Bearer"})
                    return
                if failure is not None:
                    self._reply(hit, failure, {"error": {"code": failure, "message": "scripted failure"}})
                    return
                parts = path.strip("/").split("/")
                if method == "POST" and path.endswith("/freeBusy"):
                    calendars = {item["id"]: {"busy": list(fake.busy)} for item in body.get("items", [])}
                    self._reply(hit, 200, {"kind": "calendar#freeBusy", "calendars": calendars})
                elif method == "POST" and parts[-1] == "events":
                    with fake.lock:
                        if body["id"] in fake.events:
                            self._reply(hit, 409, {"error": {"code": 409, "message": "duplicate"}})
                            return
                        fake.events[body["id"]] = body
                    self._reply(hit, 200, {**body, "status": "confirmed"})
                elif method == "DELETE" and parts[-2] == "events":
                    with fake.lock:
                        gone = fake.events.pop(parts[-1], None) is None
                    self._reply(hit, 410 if gone else 204, {"error": {"code": 410}} if gone else None)
                else:
                    self._reply(hit, 404, {"error": {"code": 404, "message": "unknown path"}})

        self.server = serve(Handler)
        return self

    def stop(self) -> None:
        shut(self.server)

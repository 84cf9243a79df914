"""What the fake Google APIs share: a loopback server, the OAuth token endpoint a service
account's signed JWT is exchanged at, scripted failures, and the service-account key file."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import unquote

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.loopback import QuietHandler, serve, shut


@dataclass
class Request:
    """One call the fake answered; ``handle`` records its answer's status."""

    method: str
    path: str
    body: Any
    authorization: str = ""
    query: str = ""
    status: int = 0


@dataclass
class FakeGoogleApi:
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fail_next(self, status: int = 503, *, times: int = 1) -> None:
        """Answer the next API calls (not token requests) with this error."""
        with self.lock:
            self.failures.extend([status] * times)

    def service_account_file(self, folder: Path) -> Path:
        """A real RSA key in Google's key-file shape, its ``token_uri`` pointing at this fake."""
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

    # --- for the concrete fakes ---------------------------------------------------------

    def record(self, request: Request) -> None:
        """Keep the call (each fake lists them its own way)."""

    def answer(self, request: Request) -> tuple[int, Any]:
        """The API's answer to one call that is not a token request or a scripted failure."""
        raise NotImplementedError

    def failure_payload(self, status: int) -> dict[str, Any]:
        return {"error": {"code": status, "message": "scripted failure"}}

    def start(self) -> Self:
        fake = self

        class Handler(QuietHandler):
            def handle_method(self, method: str) -> None:
                raw = self.read_body()
                path = unquote(self.path.split("?")[0])
                try:
                    body: Any = json.loads(raw) if raw and path != "/token" else raw.decode()
                except ValueError:
                    body = raw.decode(errors="replace")
                request = Request(
                    method, path, body, self.headers.get("Authorization", ""), query=self.path.partition("?")[2]
                )
                with fake.lock:
                    fake.record(request)
                    failure = fake.failures.pop(0) if fake.failures and path != "/token" else None
                if path == "/token":
                    status, payload = 200, {"access_token": "fake-token", "expires_in": 3600, "token_type": "Bearer"}
                elif failure is not None:
                    status, payload = failure, fake.failure_payload(failure)
                else:
                    status, payload = fake.answer(request)
                request.status = status
                self.send_json(status, payload)

        self.server = serve(Handler)
        return self

    def stop(self) -> None:
        shut(self.server)

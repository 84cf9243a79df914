"""A fake Graph API on 127.0.0.1: records every request, answers as scripted.

Default answers: ``POST /<phone-id>/messages`` → 200 with a fresh wamid;
``GET /<media-id>`` → media metadata pointing at ``/download/<media-id>``;
``GET /download/<media-id>`` → the registered bytes; a read receipt (a
``/messages`` body with ``status: read``) → ``{"success": true}``. ``fail_next``
queues error answers (status, Meta error code, optional delay) for the next
calls but read receipts, which fail only while ``receipt_failure`` is set.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int = 0
    at: float = 0.0  # time.monotonic() on arrival
    peer: tuple[str, int] = ("", 0)  # the client's address: one per connection


@dataclass
class Scripted:
    status: int
    code: int | None = None
    delay: float = 0.0
    body: dict[str, Any] | None = None


@dataclass
class FakeMeta:
    requests: list[Recorded] = field(default_factory=list)
    script: list[Scripted] = field(default_factory=list)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: int = 0
    server: ThreadingHTTPServer | None = None
    # HTTP/1.1 keep-alive, as Meta's API: the benchmarks' connection reuse (tests keep HTTP/1.0).
    keep_alive: bool = False
    receipt_failure: Scripted | None = None  # every read receipt answers this while set

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/v21.0"

    def fail_next(self, status: int, code: int | None = None, *, times: int = 1, delay: float = 0.0) -> None:
        with self.lock:
            self.script.extend(Scripted(status, code, delay) for _ in range(times))

    def sent(self) -> list[dict[str, Any]]:
        """Bodies of the messages Meta accepted (200 answers only; read receipts are not messages)."""
        return [
            r.body
            for r in self.requests
            if r.method == "POST" and r.path.endswith("/messages") and r.status == 200 and "status" not in r.body
        ]

    def read_receipts(self) -> list[str]:
        """The message ids marked read, in the order Meta accepted them."""
        return [
            r.body["message_id"]
            for r in self.requests
            if r.method == "POST" and r.path.endswith("/messages") and r.status == 200 and "status" in r.body
        ]

    def start(self) -> FakeMeta:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if fake.keep_alive else "HTTP/1.0"
            disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _reply(self, status: int, payload: Any, content_type: str = "application/json") -> None:
                self.record.status = status
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else {}
                record = self.record = Recorded(
                    method, self.path, dict(self.headers.items()), body, at=time.monotonic(), peer=self.client_address
                )
                receipt = method == "POST" and isinstance(body, dict) and body.get("status") == "read"
                with fake.lock:
                    fake.requests.append(record)
                    if receipt:
                        scripted = fake.receipt_failure
                    else:
                        scripted = fake.script.pop(0) if fake.script and "/download/" not in self.path else None
                    fake.counter += 1
                    number = fake.counter
                if scripted is not None:
                    time.sleep(scripted.delay)
                    if scripted.status >= 400:
                        error = {"message": "scripted failure", "type": "OAuthException", "code": scripted.code or 0}
                        self._reply(scripted.status, scripted.body or {"error": error})
                        return
                path = self.path.split("?")[0]
                if receipt and path.endswith("/messages"):
                    self._reply(200, {"success": True})
                elif method == "POST" and path.endswith("/messages"):
                    self._reply(200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.fake.{number}"}]})
                elif method == "GET" and path.startswith("/download/"):
                    media_id = path.rsplit("/", 1)[1]
                    data, mime = fake.media.get(media_id, (b"", "application/octet-stream"))
                    self._reply(200, data, mime)
                elif method == "GET":
                    media_id = path.rsplit("/", 1)[1]
                    data, mime = fake.media.get(media_id, (b"", ""))
                    port = fake.server.server_address[1] if fake.server else 0
                    self._reply(
                        200,
                        {
                            "url": f"http://127.0.0.1:{port}/download/{media_id}",
                            "mime_type": mime,
                            "file_size": len(data),
                            "sha256": "x",
                            "id": media_id,
                        },
                    )
                else:
                    self._reply(404, {"error": {"message": "unknown path", "code": 100}})

            def do_POST(self) -> None:
                self._handle("POST")

            def do_GET(self) -> None:
                self._handle("GET")

        ThreadingHTTPServer.request_queue_size = 256  # many workers at once: no refused connections
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def cloud_process_env(
    meta: FakeMeta, *, database_url: str, redis_url: str, rate: int, rate_prefix: str = "tattoobot"
) -> dict[str, str]:
    """The environment of a real process (worker, drainer) that sends to this fake with the real settings;
    ``rate_prefix`` keeps its limiter buckets apart from other test processes' on the shared Redis."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tattoobot.settings",
        "DJANGO_SECRET_KEY": "fake-meta-process-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WHATSAPP_BACKEND": "cloud",
        "WHATSAPP_API_BASE_URL": meta.base_url,
        "WHATSAPP_ACCESS_TOKEN": "t",
        "WHATSAPP_PHONE_NUMBER_ID": "123",
        "WHATSAPP_APP_SECRET": "s",
        "WHATSAPP_VERIFY_TOKEN": "v",
        "ARTIST_WHATSAPP_NUMBER": "+447700900999",
        "WHATSAPP_MAX_MESSAGES_PER_SECOND": str(rate),
        "RATE_LIMIT_KEY_PREFIX": rate_prefix,
    }


def clear_shared_rate_limits(redis_url: str, rate_prefix: str = "tattoobot") -> None:
    """Forget the limiter buckets under ``rate_prefix`` before a measured run."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{rate_prefix}:rate:*"))
    if keys:
        client.delete(*keys)

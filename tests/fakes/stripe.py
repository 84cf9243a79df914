"""A fake Stripe API on 127.0.0.1, as far as TattooBot uses it.

- ``POST /v1/checkout/sessions``: the library's form-encoded body is parsed
  into nested dicts and recorded with the ``Idempotency-Key``; a repeated key
  replays the first answer (a different body under the same key → 400
  ``idempotency_error``), as Stripe does.
- ``GET /v1/checkout/sessions/<id>``: the session as it stands; tests move it
  with ``pay`` / ``expire``.
- ``fail_next(status, times)`` answers the next calls with an error.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.loopback import QuietHandler, serve, shut


@dataclass
class Call:
    method: str
    path: str
    idempotency_key: str
    form: dict[str, Any]
    status: int = 0


def nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``line_items[0][price_data][unit_amount]=5`` → nested dicts (list indexes stay string keys)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


@dataclass
class FakeStripe:
    calls: list[Call] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    replays: dict[str, tuple[dict[str, Any], int, dict[str, Any]]] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)  # session ids created since the last reset
    refunds: list[dict[str, Any]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay: float = 0.0
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.failures.clear()
            self.created.clear()
            self.refunds.clear()
            self.delay = 0.0

    def fail_next(self, status: int = 500, *, times: int = 1) -> None:
        with self.lock:
            self.failures.extend([status] * times)

    def creations(self) -> list[Call]:
        return [c for c in self.calls if c.method == "POST" and c.path == "/v1/checkout/sessions"]

    def created_sessions(self) -> list[dict[str, Any]]:
        """Distinct sessions created since the last reset (a replayed key creates nothing)."""
        return [self.sessions[i] for i in self.created]

    def pay(self, session_id: str) -> dict[str, Any]:
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="complete", payment_status="paid", url=None)
            return dict(session)

    def expire(self, session_id: str) -> dict[str, Any]:
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="expired", url=None)
            return dict(session)

    def _create(self, form: dict[str, Any]) -> dict[str, Any]:
        session_id = f"cs_test_{secrets.token_hex(12)}"
        item = form["line_items"]["0"]
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": form.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1)),
            "currency": item["price_data"]["currency"],
            "client_reference_id": form.get("client_reference_id"),
            "metadata": form.get("metadata", {}),
            "expires_at": int(form["expires_at"]),
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
            "payment_intent": f"pi_test_{secrets.token_hex(8)}",
            "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            "livemode": False,
        }
        self.sessions[session_id] = session
        self.created.append(session_id)
        return session

    def start(self) -> FakeStripe:
        fake = self

        class Handler(QuietHandler):
            def _reply(self, call: Call, status: int, payload: dict[str, Any]) -> None:
                call.status = status
                self.send_json(status, payload)

            def handle_method(self, method: str) -> None:
                raw = self.read_body().decode()
                path = self.path.split("?")[0]
                call = Call(method, path, self.headers.get("Idempotency-Key", ""), nest(parse_qsl(raw)))
                with fake.lock:
                    fake.calls.append(call)
                    failure = fake.failures.pop(0) if fake.failures else None
                if fake.delay:
                    time.sleep(fake.delay)
                if failure is not None:
                    error = {"type": "api_error", "message": "scripted failure"}
                    self._reply(call, failure, {"error": error})
                    return
                if method == "POST" and path == "/v1/checkout/sessions":
                    with fake.lock:
                        replay = fake.replays.get(call.idempotency_key) if call.idempotency_key else None
                        if replay is not None and replay[2] != call.form:
                            error = {"type": "idempotency_error", "message": "Keys for idempotent requests..."}
                            answer: tuple[int, dict[str, Any]] = (400, {"error": error})
                        elif replay is not None:
                            answer = (replay[1], replay[0])
                        else:
                            answer = (200, fake._create(call.form))
                            fake.replays[call.idempotency_key] = (answer[1], 200, call.form)
                    self._reply(call, answer[0], answer[1])
                elif method == "POST" and path == "/v1/refunds":
                    refund = {"id": f"re_test_{secrets.token_hex(8)}", "object": "refund", "status": "succeeded"}
                    with fake.lock:
                        refund = fake.replays.setdefault(call.idempotency_key, (refund, 200, call.form))[0]
                        fake.refunds.append(call.form)
                    self._reply(call, 200, refund)
                elif method == "GET" and path.startswith("/v1/checkout/sessions/"):
                    session = fake.sessions.get(path.rsplit("/", 1)[1])
                    if session is None:
                        self._reply(call, 404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}})
                    else:
                        self._reply(call, 200, session)
                else:
                    self._reply(call, 404, {"error": {"type": "invalid_request_error", "message": "unknown path"}})

        self.server = serve(Handler)
        return self

    def stop(self) -> None:
        shut(self.server)

"""Random and mutated webhook bodies, signed and unsigned, at a live server: no 5xx, nothing stored for invalid ones.

``FUZZ_WEBHOOK_BODIES`` sets how many (default 1,000 in ``make test``; the
figures for a 10,000-body run are in docs/reliability.md). Bodies start from
the shared Meta and Stripe fixtures and are mutated structurally (keys dropped,
values swapped for other types, odd strings, huge numbers, NaN, deep nesting)
and as bytes (truncated, flipped, garbage appended).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import random
import time
from typing import Any
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests.conftest import clear_cache_namespace
from tests.paths import FIXTURES as SHARED_FIXTURES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIXTURES = SHARED_FIXTURES
BODIES = int(os.environ.get("FUZZ_WEBHOOK_BODIES", "1000"))
META_SECRET = "fuzz_app_secret"
STRIPE_SECRET = "whsec_test_secret"
ODD = [
    "",
    "\x00",
    "𝕿𝖆𝖙𝖙𝖔𝖔",
    "a" * 5000,
    "Robert'); DROP TABLE leads_lead;--",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "\u202e\u2066",
    " ",
    "0",
    "-1",
    "1e309",
    "+447700900123",
    "wamid.fake",
]


def load(kind: str) -> list[Any]:
    return [json.loads(p.read_text()) for p in sorted((FIXTURES / kind).glob("*.json"))]


def nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += nodes(child, (*path, index))
    return found


def replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = replace(copy[head], rest, new)
    return copy


def delete(value: Any, path: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        copy = dict(value) if isinstance(value, dict) else list(value)
        del copy[path[0]]
        return copy
    head = path[0]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = delete(copy[head], path[1:])
    return copy


def mutate(rng: random.Random, value: Any) -> Any:
    for _ in range(rng.randint(1, 4)):
        paths = nodes(value)
        path = rng.choice(paths)
        choice = rng.random()
        if choice < 0.25 and path:
            value = delete(value, path)
        elif choice < 0.55:
            new: Any = rng.choice(
                [rng.choice(ODD), rng.randint(-(2**70), 2**70), None, True, [], {}, 3.5, [rng.choice(ODD)]]
            )
            value = replace(value, path, new)
        elif choice < 0.7:
            value = replace(value, path, {"x": [1, {"y": None}]})
        elif choice < 0.8:
            value = replace(value, path, [value] * rng.randint(2, 30) if path else value)
        else:
            value = replace(value, path, rng.choice(ODD) + str(rng.random()))
    return value


def as_bytes(rng: random.Random, value: Any) -> bytes:
    roll = rng.random()
    if roll < 0.03:
        return b"[" * 50_000 + b"]" * 50_000  # deep nesting
    if roll < 0.05:
        return json.dumps(value).replace("1", "NaN", 1).encode()
    raw = json.dumps(value, ensure_ascii=rng.random() < 0.5).encode()
    if roll < 0.15:
        return raw[: rng.randint(0, len(raw))]
    if roll < 0.2:
        flipped = bytearray(raw)
        for _ in range(rng.randint(1, 5)):
            if flipped:
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        return bytes(flipped)
    if roll < 0.23:
        return raw + rng.randbytes(rng.randint(1, 50))
    return raw


def stored_counts() -> tuple[int, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM conversations_processedmessage),"
            " (SELECT count(*) FROM conversations_transcriptmessage),"
            " (SELECT count(*) FROM leads_customer),"
            " (SELECT count(*) FROM payments_stripeevent),"
            " (SELECT count(*) FROM conversations_outboundmessage)"
        )
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def test_random_webhook_bodies_never_make_a_5xx_and_invalid_ones_store_nothing(live_server: Any, settings: Any) -> None:
    settings.WHATSAPP_APP_SECRET = META_SECRET
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET
    clear_cache_namespace()
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "20261125")))
    meta, stripe_events = load("whatsapp"), load("stripe")
    stripe_events = [e for e in stripe_events if e.get("object") == "event"]
    host = urlparse(live_server.url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    outcomes: dict[tuple[str, str, int], int] = {}
    started = time.monotonic()
    for n in range(BODIES):
        to_stripe = rng.random() < 0.3
        body = as_bytes(rng, mutate(rng, rng.choice(stripe_events if to_stripe else meta)))
        signing = rng.choices(["good", "bad", "none"], weights=[6, 2, 2])[0]
        headers = {"Content-Type": "application/json"}
        if to_stripe:
            path = "/webhooks/stripe"
            t = int(time.time())
            digest = hmac.new(STRIPE_SECRET.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
            if signing != "none":
                headers["Stripe-Signature"] = f"t={t},v1={digest if signing == 'good' else digest[::-1]}"
        else:
            path = "/webhooks/whatsapp"
            digest = hmac.new(META_SECRET.encode(), body, hashlib.sha256).hexdigest()
            if signing != "none":
                headers["X-Hub-Signature-256"] = f"sha256={digest if signing == 'good' else digest[::-1]}"
        before = stored_counts()
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        answer = response.read()
        status = response.status
        outcomes[(path, signing, status)] = outcomes.get((path, signing, status), 0) + 1
        assert status < 500, (n, path, signing, body[:300], answer[:300])
        if status >= 400:
            assert response.getheader("Content-Type", "").startswith("application/json"), answer[:200]
            assert stored_counts() == before, (n, path, signing, status, body[:300])
        if signing != "good":
            assert status in (400, 403, 413), (n, path, signing, status)
    conn.close()
    elapsed = time.monotonic() - started
    # The run's figures, shown with -s (docs/reliability.md quotes them).
    print(f"\n{BODIES} bodies in {elapsed:.1f} s ({BODIES / elapsed:.0f}/s); outcomes:")  # noqa: T201
    for key in sorted(outcomes):
        print("  ", key, outcomes[key])  # noqa: T201
    # The fuzzing reached past the signature check into parsing and processing.
    assert any(status == 200 for (_, signing, status) in outcomes if signing == "good")
    assert any(status == 400 for (_, signing, status) in outcomes if signing == "good")

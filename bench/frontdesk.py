"""Benchmark: the front desk on a labelled corpus of real-world phrasings.

    .venv/bin/python -m bench.frontdesk [--engine/--no-engine] [--repeat 3]

The corpus is the extractor's table (``tests/conversations/policy/phrasings.py``:
openers, answers, bundles, questions, corrections, look-alikes, each labelled
with exactly what must be found), and a held-out set written after the
extractor was tuned and never tuned against. Prints, for each:

* the extractor: answers found correctly of those expected, answers wrongly
  taken (a field the label does not name, or a wrong value), questions and
  corrections detected (and wrongly detected), µs per message;
* the engine, in process (the webhook view through Django's test client
  against a fresh PostgreSQL database, as ``bench/ingest_profile.py``): each
  corpus message sent by a new customer at the idea question, ms and SQL
  statements per message, next to a plain one-answer message measured the
  same way in the same run ("a swallow with a banner").

Not a test; not in CI. Figures are recorded in docs/conversation.md.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import statistics
import time
from collections.abc import Sequence

from conversations.policy.extract import read_message
from tests.conversations.policy.phrasings import ALL, ANY, HELD_OUT, Phrasing, shown

DB = "tattoobot_bench_frontdesk"
PLAIN = "a swallow with a banner"


def extractor_report(rows: Sequence[Phrasing], repeat: int) -> None:
    expected = correct = wrong = 0
    asks = asks_found = asks_false = fixes = fixes_found = fixes_false = 0
    misses: list[str] = []
    for row in rows:
        reading = read_message(row.text, currency="gbp", prefer_country="GB")
        found = {name: shown(item) for name, item in reading.found.items()}
        for name, value in row.found.items():
            expected += 1
            if name in found and (value is ANY or found[name] == value):
                correct += 1
            else:
                misses.append(f"{row.text!r}: {name}")
        wrong += sum(1 for name, value in found.items() if name not in row.found)
        wrong += sum(
            1 for name, value in row.found.items() if name in found and value is not ANY and found[name] != value
        )
        detected = bool(reading.questions)
        asks += row.asks
        asks_found += row.asks and detected
        asks_false += detected and not row.asks
        if detected != row.asks:
            misses.append(f"{row.text!r}: {'a question taken for none' if detected else 'a question missed'}")
        fixes += row.fix
        fixes_found += row.fix and reading.correction is not None
        fixes_false += reading.correction is not None and not row.fix
        if (reading.correction is not None) != row.fix:
            misses.append(f"{row.text!r}: correction {'missed' if row.fix else 'taken for none'}")
    started = time.perf_counter()
    for _ in range(repeat):
        for row in rows:
            read_message(row.text, currency="gbp", prefer_country="GB")
    per_message = (time.perf_counter() - started) / (repeat * len(rows)) * 1e6
    taken = correct + wrong
    print(f"corpus: {len(rows)} labelled messages, {expected} expected answers")
    print(f"answers found correctly: {correct}/{expected} ({correct / expected:.1%})")
    print(f"answers wrongly taken: {wrong} of {taken} taken ({wrong / max(taken, 1):.1%})")
    print(f"questions detected: {asks_found}/{asks}, wrongly: {asks_false}")
    print(f"corrections detected: {fixes_found}/{fixes}, wrongly: {fixes_false}")
    print(f"extractor: {per_message:.0f} µs per message")
    for miss in misses:
        print("  missed", miss)


def engine_report(rows: Sequence[Phrasing]) -> None:
    from bench.live import SECRET, app_env, fresh_database, message_body

    env = app_env(DB, DJANGO_ALLOWED_HOSTS="testserver")
    fresh_database(DB, env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def post(wa_id: str, text: str, n: int) -> None:
        body = message_body(wa_id, text, f"wamid.frontdesk.{wa_id}.{n}", int(time.time()) + n)
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        response = client.post(
            "/webhooks/whatsapp", body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
        )
        assert response.status_code == 200, response.content

    def run(prefix: str, texts: Sequence[str]) -> tuple[float, float]:
        """ms and statements per message, each text the answer of a new customer at the idea question."""
        seconds: list[float] = []
        statements: list[int] = []
        for c, text in enumerate(texts):
            wa_id = f"{prefix}{c:07d}"
            post(wa_id, "Hi! I'd like a tattoo", 0)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                post(wa_id, text, 1)
                seconds.append(time.perf_counter() - started)
            statements.append(len(captured.captured_queries))
        return statistics.mean(seconds) * 1000, statistics.mean(statements)

    run("44760", [PLAIN] * 10)  # warm up: imports, caches, the question set
    texts = [row.text for row in rows]
    plain_ms, plain_sql = run("44761", [PLAIN] * len(texts))
    corpus_ms, corpus_sql = run("44762", texts)
    plain_again_ms, _ = run("44763", [PLAIN] * len(texts))
    plain_ms = (plain_ms + plain_again_ms) / 2  # before and after: this machine's speed drifts
    print(f"engine, plain answer: {plain_ms:.2f} ms, {plain_sql:.1f} statements per message")
    print(f"engine, corpus:       {corpus_ms:.2f} ms, {corpus_sql:.1f} statements per message")
    print(f"corpus / plain: {corpus_ms / plain_ms:.2f}x time, {corpus_sql / plain_sql:.2f}x statements")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--repeat", type=int, default=20, help="extractor timing passes over the corpus")
    args = parser.parse_args()
    print("== the table the extractor is tested on")
    extractor_report(ALL, args.repeat)
    print("== held out: written after the tuning, never tuned against")
    extractor_report(HELD_OUT, args.repeat)
    if args.engine:
        engine_report(ALL)


if __name__ == "__main__":
    main()

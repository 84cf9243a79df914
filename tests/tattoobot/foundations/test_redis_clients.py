"""The broker and the cache keep one Redis client per pool instead of building one per call (real Redis)."""

from __future__ import annotations

import uuid
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from kombu import Connection, Queue

from tattoobot.foundations.broker import Transport


def test_the_celery_app_publishes_through_the_kept_client_transport() -> None:
    with current_app.connection_for_write() as conn:
        assert isinstance(conn.transport, Transport)


def test_publishes_on_one_channel_share_one_client_and_arrive_in_order() -> None:
    name = f"test-broker-{uuid.uuid4().hex[:8]}"
    with Connection(settings.CELERY_BROKER_URL, transport="tattoobot.foundations.broker:Transport") as conn:
        queue = Queue(name, routing_key=name)
        channel: Any = conn.default_channel  # ours: tattoobot.foundations.broker.Channel
        producer = conn.Producer(channel)
        producer.publish({"n": 1}, routing_key=name, declare=[queue], serializer="json")
        kept = channel._publish_client
        producer.publish({"n": 2}, routing_key=name, serializer="json")
        assert kept is not None
        assert channel._publish_client is kept
        channel._pool = None  # a reconnect replaces the pool: the client goes with it
        producer.publish({"n": 3}, routing_key=name, serializer="json")
        assert channel._publish_client is not kept
        with conn.SimpleQueue(name) as simple:
            received = [simple.get(timeout=2) for _ in range(3)]
            for message in received:
                message.ack()
        assert [m.payload["n"] for m in received] == [1, 2, 3]
        queue(channel).delete()


def test_the_cache_keeps_one_client_per_pool_and_still_works() -> None:
    backend = cache._cache  # type: ignore[attr-defined]
    assert backend.get_client(write=True) is backend.get_client(write=True)
    key = f"kept-{uuid.uuid4().hex}"
    assert cache.add(key, 1, timeout=5) is True
    assert cache.add(key, 2, timeout=5) is False  # SET NX: the first value holds
    assert cache.get(key) == 1
    cache.delete(key)
    assert cache.get(key) is None

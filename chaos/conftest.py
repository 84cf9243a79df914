"""Chaos tests (``make chaos``): they stop and restart the shared Redis and PostgreSQL, so they
never run beside other tests. The main suite's fixtures, by name."""

from tests.conftest import (  # noqa: F401
    _fake_stripe_server,
    _seeded_defaults,
    fake_stripe,
    make_customer,
    make_lead,
)
from tests.conversations.messaging.test_workers import meta  # noqa: F401

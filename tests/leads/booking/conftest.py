"""Booking tests reuse the payments fixtures: a lead approved at the fake Stripe."""

from tests.payments.conftest import approved, payment_settings  # noqa: F401  (fixtures)

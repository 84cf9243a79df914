"""The Stripe client as configured (``STRIPE_SECRET_KEY``, ``STRIPE_API_BASE``)."""

from __future__ import annotations

from django.conf import settings

from integrations.stripe.client import StripeClient


class PaymentsNotConfigured(Exception):
    pass


def stripe_client() -> StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured("STRIPE_SECRET_KEY is not set")
    return StripeClient(api_key=settings.STRIPE_SECRET_KEY, api_base=settings.STRIPE_API_BASE)

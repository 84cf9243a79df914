"""Stripe through the official library: Checkout Sessions and webhook verification (docs/payments.md)."""

"""Stripe through the official library: Checkout Sessions and webhook verification (SPEC §8)."""

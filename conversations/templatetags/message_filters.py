"""Filters for message copy: ``{{ amount|money:currency }}``."""

from __future__ import annotations

from django import template

from conversations.messaging.formatting import format_money

register = template.Library()


@register.filter
def money(minor: int | None, currency: str) -> str:
    return format_money(minor, currency)

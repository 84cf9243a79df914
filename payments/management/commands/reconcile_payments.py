"""Ask Stripe about every open checkout session and apply what webhooks missed (docs/payments.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from payments.reconciliation import deposits_reconcile


class Command(BaseCommand):
    help = "Fulfil paid (and expire expired) Checkout Sessions whose webhook was lost; re-enqueue stuck links."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=1000, help="At most this many deposits per kind.")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        counts = deposits_reconcile(limit=limit)
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in counts.items()))

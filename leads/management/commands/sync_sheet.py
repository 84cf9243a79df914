"""Re-sync every lead to the Google Sheet (docs/operations.md), with a progress bar."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from leads.sheet_mirror import sheet_enabled, sheet_resync


class Command(BaseCommand):
    help = "Write every lead to the Google Sheet's Leads tab (rows keyed by lead id; erased customers' rows removed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500, help="Leads per write (default 500).")

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        if not sheet_enabled():
            raise CommandError("GOOGLE_SHEETS_SPREADSHEET_ID is not set: the sheet mirror is off.")
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            self.stderr.write(f"\r{line}" if interactive else line, ending="" if interactive else "\n")

        writes = 0
        for counts in sheet_resync(progress=progress, batch=batch):
            if counts.get("failed") or counts.get("busy"):
                raise CommandError("The sheet could not be written (see the log); nothing was lost, run it again.")
            writes += counts["writes"]
        if interactive:
            self.stderr.write("")
        self.stdout.write(f"Sheet in sync ({writes} write calls).")

"""The periodic schedule, in one place (SPEC §10).

Each entry names a task by its registered name, so this module imports no
app code. Later timers are added here; ``celery -A tattoobot beat`` reads it.
"""

from __future__ import annotations

from typing import Any

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "outbox-sweeper": {"task": "conversations.sweep_outbox", "schedule": 60.0, "options": {"expires": 55}},
    # One reminder per deposit link, a few hours before it expires (idempotent: reminded_at).
    "deposit-reminders": {"task": "payments.send_deposit_reminders", "schedule": 300.0, "options": {"expires": 290}},
    # Paid or expired sessions whose webhook never arrived; links whose task was lost.
    # Paid leads never offered slots, appointments missing their calendar event (a lost task).
    "booking-sweeper": {"task": "leads.booking_sweep", "schedule": 300.0, "options": {"expires": 290}},
    "payments-reconciler": {"task": "payments.reconcile", "schedule": 600.0, "options": {"expires": 590}},
}

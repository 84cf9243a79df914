"""The periodic schedule, in one place (docs/operations.md).

Each entry names a task by its registered name, so this module imports no
app code; ``celery -A tattoobot beat`` reads it. Every task here is
idempotent and bounded, so a missed run, a rerun or a second beat instance
sends nothing twice (see ``leads/timers.py`` and ``docs/operations.md``).
"""

from __future__ import annotations

from typing import Any


def _every(task: str, seconds: float, *args: str) -> dict[str, Any]:
    # A run that waited longer than its own interval is dropped: the next one does the same work.
    return {"task": task, "schedule": seconds, "args": args, "options": {"expires": seconds - 5}}


def _timer(name: str, seconds: float) -> dict[str, Any]:
    return _every("leads.run_timer", seconds, name)


BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Inbound messages whose processing task was lost (a broker outage, a dead worker): older than 30 s.
    "inbox-sweeper": _every("conversations.sweep_inbox", 15),
    # Outbound rows whose send task was lost or is due again.
    "outbox-sweeper": _every("conversations.sweep_outbox", 60),
    # Qualifying: one nudge at 20 h idle (inside the 24-hour window); abandoned at 72 h.
    "qualifying-nudges": _timer("qualifying_nudges", 300),
    "abandon-idle-leads": _timer("abandon_idle", 900),
    # One reminder per deposit link, a few hours before it expires.
    "deposit-reminders": _every("payments.send_deposit_reminders", 300),
    # booking_pending with no pick for 48 h: the slots again, once.
    "booking-reminders": _timer("booking_reminders", 900),
    # A customer's own move with no pick for 48 h: the held appointment stands.
    "held-moves-expire": _timer("held_moves_expire", 900),
    # booked → completed 12 h after the end when nobody marked a no-show.
    "bookings-autocomplete": _timer("bookings_autocomplete", 900),
    # At each session's end: Done / No-show buttons to the artist.
    "session-end-prompts": _timer("session_end_prompts", 300),
    # 48 h before each appointment (a template outside the 24-hour window).
    "appointment-reminders": _timer("appointment_reminders", 900),
    # After the session: the care message at once, then the check-in, review and healed-photo requests.
    "aftercare-messages": _timer("aftercare_messages", 60),
    "aftercare-checkins": _timer("aftercare_checkins", 900),
    "review-requests": _timer("review_requests", 900),
    "healed-photo-requests": _timer("healed_photo_requests", 900),
    # The consent form's link the studio's lead time (48 h) before each appointment; one reminder at 24 h if unsigned.
    "consent-links": _timer("consent_links", 900),
    # Consent answers of a customer who asked to delete their data, once the law's keeping time is up.
    "consent-answers-purge": _timer("consent_answers_purge", 3600),
    "consent-reminders": _timer("consent_reminders", 900),
    # Leads waiting on the artist: one reminder a day from 24 h; stale at 7 days.
    "artist-reminders": _timer("artist_reminders", 1800),
    "stale-leads": _timer("stale_leads", 3600),
    # System events older than 90 days.
    "system-event-purge": _timer("system_events_purge", 3600),
    # Paid or expired sessions whose webhook never arrived; links whose task was lost.
    "payments-reconciler": _every("payments.reconcile", 600),
    # The Google Sheet mirror's safety net (each change also schedules a flush a few seconds later).
    "sheet-flush": _every("leads.sheet_flush", 60),
    # Paid leads never offered slots; appointments missing their calendar event.
    "booking-sweeper": _every("leads.booking_sweep", 300),
}

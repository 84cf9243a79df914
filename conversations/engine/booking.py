"""The booking side of the conversation: deposit and slot statuses (SPEC §5).

NOT BUILT YET — these are stubs. The deposit behaviours (link resend in
``awaiting_deposit``, a new checkout session in ``deposit_expired``) arrive
with the payments issue, and slot picking / time windows with the booking
issue. Until then a message in these statuses is stored in the transcript
(by the caller) and left for the artist: no automated reply, no transition.
No test asserts this stub behaviour.
"""

from __future__ import annotations

from conversations.engine.turn import Turn


def _stored_for_artist(turn: Turn) -> None:
    turn.step_reached = turn.lead.status


booking_pending = _stored_for_artist
collecting_time_windows = _stored_for_artist

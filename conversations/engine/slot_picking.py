"""The booking statuses of the conversation (docs/conversation.md, docs/booking.md).

- ``booking_pending``: a reply that picks exactly one offered slot books it;
  anything ambiguous gets "pick one" and the slots again; a slot taken
  meanwhile gets "just taken" and fresh slots (from a task: the Google
  backend asks the network).
- ``collecting_time_windows``: each message is kept as a preferred window; the
  artist hears after two.
"""

from __future__ import annotations

from conversations.engine.turn import Turn, cooldown_passed
from conversations.policy.changes import wants_to_keep
from conversations.policy.picks import parse_pick
from leads.booking.appointments import slot_book, time_window_store
from leads.booking.offers import appointment_keep, fresh_slots_request, slots_message
from leads.booking.rules import offered
from leads.models.appointment import AppointmentStatus


def is_pick(turn: Turn) -> bool:
    """Whether the message picks exactly one of the offered slots."""
    slots = offered(turn.lead)
    if not slots:
        return False
    tz = turn.studio.tzinfo
    wall = [start.astimezone(tz).replace(tzinfo=None) for start, _ in slots]
    return parse_pick(turn.text, wall, turn.message.reply_id).index is not None


def booking_pending(turn: Turn) -> None:
    turn.step_reached = "booking_pending"
    if wants_to_keep(turn.text) and turn.lead.appointments.filter(status=AppointmentStatus.ACTIVE).exists():
        # A customer's own move, given up: the booking they had stands (docs/booking.md).
        turn.save_lead()
        turn.lead = appointment_keep(turn.lead, actor="customer", reason="customer_kept", studio=turn.studio)
        turn.step_reached = "move_given_up"
        return
    slots = offered(turn.lead)
    if not slots:
        turn.save_lead()
        fresh_slots_request(turn.lead, intro="", now=turn.now)
        return
    tz = turn.studio.tzinfo
    wall = [start.astimezone(tz).replace(tzinfo=None) for start, _ in slots]
    pick = parse_pick(turn.text, wall, turn.message.reply_id)
    if pick.index is None:
        cooldowns = turn.lead.reply_cooldowns
        if not pick.ambiguous and not cooldown_passed(
            cooldowns, "pick_one", turn.studio.please_type_cooldown_minutes, turn.now
        ):
            return  # chat that is not a pick: the list is not repeated more than once per cooldown
        cooldowns["pick_one"] = turn.now.isoformat()
        turn.save_lead()
        slots_message(turn.lead, turn.studio, key=turn.effect_key("pick_one"), intro="pick_one", again=True)
        return
    turn.save_lead()
    outcome, _ = slot_book(lead=turn.lead, index=pick.index, now=turn.now)
    if outcome != "booked":
        fresh_slots_request(turn.lead, intro="taken", now=turn.now)


def collecting_time_windows(turn: Turn) -> None:
    turn.step_reached = "collecting_time_windows"
    if not turn.text.strip():
        return
    time_window_store(lead=turn.lead, text=turn.text, now=turn.now)
    turn.reply_once_per("window_noted", turn.studio.holding_reply_cooldown_minutes, "window_noted")

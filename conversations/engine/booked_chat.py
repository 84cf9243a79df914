"""A booked customer's messages (docs/conversation.md ``booked``, docs/booking.md "The customer's own
changes").

"Can I move my appointment?" or "cancel please" start the customer's own change under the booking
policy: a move within it gets fresh slots at once (the appointment held until a new pick); a move
outside it, or any cancellation, is explained and waits for the customer's YES (or goes to the artist
when the policy leaves late changes to them). Anything else is kept for the artist, who is told, and
the customer hears once per holding cooldown that the artist has it.
"""

from __future__ import annotations

from datetime import timedelta

from conversations.engine.handover import tell_artist
from conversations.engine.turn import Turn
from conversations.messaging.interactive import shown_language, yes_no_buttons
from conversations.policy.booking_policy import ARTIST, free_moves_left
from conversations.policy.changes import CANCEL, RESCHEDULE, parse_change_intent
from conversations.policy.replies import parse_yes_no
from leads.booking.changes import (
    ASKED,
    ASKED_CANCEL_FORFEIT,
    ASKED_CANCEL_REFUND,
    ASKED_RESCHEDULE,
    Change,
    change_for,
    change_to_artist,
    customer_cancel,
    customer_move_start,
)

ASK_VALID = timedelta(hours=24)  # a YES long after the question is not taken as an answer to it


def booked(turn: Turn) -> None:
    turn.step_reached = "booked"
    lead = turn.lead
    asked = lead.change_request in ASKED and (
        lead.change_requested_at is not None and turn.now - lead.change_requested_at <= ASK_VALID
    )
    if asked:
        reply = turn.message.reply_id
        answer = True if reply == "change_yes" else False if reply == "change_no" else parse_yes_no(turn.text)
        if answer is not None:
            _answered(turn, answer)
            return
    intent = parse_change_intent(turn.text)
    change = change_for(lead, studio=turn.studio, now=turn.now) if intent else None
    if intent is None or change is None:
        _kept_for_artist(turn)
        return
    if intent == RESCHEDULE:
        _move(turn, change)
    else:
        _cancel(turn, change)


def _move(turn: Turn, change: Change) -> None:
    verdict = change.reschedule
    if verdict.within:
        turn.lead = customer_move_start(turn.lead, change=change, now=turn.now, late=False)
        turn.step_reached = "customer_reschedule"
        return
    if verdict.deposit == ARTIST:
        _to_artist(turn, change, RESCHEDULE)
        return
    _ask(turn, change, ASKED_RESCHEDULE, why=verdict.why)


def _cancel(turn: Turn, change: Change) -> None:
    verdict = change.cancel
    if not verdict.within and verdict.deposit == ARTIST:
        _to_artist(turn, change, CANCEL)
        return
    request = ASKED_CANCEL_REFUND if verdict.within else ASKED_CANCEL_FORFEIT
    _ask(turn, change, request, why="refund" if verdict.within else "short_notice")


def _ask(turn: Turn, change: Change, request: str, *, why: str) -> None:
    """The policy in the customer's case, and a YES/NO before anything happens."""
    lead = turn.lead
    lead.change_request, lead.change_requested_at = request, turn.now
    turn.save_lead()
    policy = change.policy
    turn.reply(
        "change_confirm",
        kind="buttons",
        payload={"buttons": yes_no_buttons(shown_language(turn.lead, turn.studio), "change_yes", "change_no")},
        change="move" if request == ASKED_RESCHEDULE else "cancel",
        why=why,
        when=change.when,
        deposit=change.deposit,
        notice_hours=policy.reschedule_notice_hours,
        refund_days=policy.refund_notice_days,
        free_moves=policy.free_reschedules,
        moves_left=free_moves_left(policy, lead.reschedules_used),
    )
    turn.step_reached = "change_asked"


def _answered(turn: Turn, yes: bool) -> None:
    lead = turn.lead
    request = lead.change_request
    lead.change_request, lead.change_requested_at = "", None
    turn.save_lead()
    change = change_for(lead, studio=turn.studio, now=turn.now)
    if not yes or change is None:
        turn.reply("change_kept", when=change.when if change else "")
        turn.step_reached = "change_declined"
        return
    if request == ASKED_RESCHEDULE:
        if change.reschedule.deposit == ARTIST and not change.reschedule.within:
            _to_artist(turn, change, RESCHEDULE)
            return
        turn.lead = customer_move_start(lead, change=change, now=turn.now, late=not change.reschedule.within)
        turn.step_reached = "customer_reschedule"
        return
    if change.cancel.within != (request == ASKED_CANCEL_REFUND):
        _cancel(turn, change)  # the notice ran out since the question (or the policy changed): ask again
        return
    if not change.cancel.within and change.cancel.deposit == ARTIST:
        _to_artist(turn, change, CANCEL)
        return
    turn.lead = customer_cancel(lead, change=change, studio=turn.studio, now=turn.now)
    turn.step_reached = "customer_cancel"


def _to_artist(turn: Turn, change: Change, wanted: str) -> None:
    turn.lead = change_to_artist(turn.lead, change=change, wanted=wanted, now=turn.now)
    turn.reply("change_with_artist", change="move" if wanted == RESCHEDULE else "cancel", when=change.when)
    turn.step_reached = "change_to_artist"


def _kept_for_artist(turn: Turn) -> None:
    """Not a change: the artist is told (once per holding cooldown), and so is the customer."""
    if not turn.text.strip():
        return
    tell_artist(turn)
    turn.reply_once_per("artist_has_it", turn.studio.holding_reply_cooldown_minutes, "holding", can_continue=False)

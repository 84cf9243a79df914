"""Where a lead stands in the question set: the step helpers both qualifying and the handover use."""

from __future__ import annotations

from conversations.engine.turn import Turn
from leads.models.lead import LeadStatus


def go_to(turn: Turn, index: int) -> None:
    """Point the lead at the ``index``-th question (past the end: none)."""
    turn.lead.qualifying_step = index
    turn.lead.current_question = turn.questions[index].key if index < len(turn.questions) else ""


def begin(turn: Turn) -> None:
    """Into ``qualifying`` at the first question (``abandoned``/``stale`` leads reopen first)."""
    if turn.lead.status in {LeadStatus.ABANDONED, LeadStatus.STALE}:
        turn.transition("reopen")
    turn.lead.parse_failures = {}
    if turn.lead.artist_choice == "asked":  # asked and never answered (abandoned, opted out): ask again
        turn.lead.artist_choice, turn.lead.held_text = "", ""
    go_to(turn, 0)
    turn.transition("start_qualifying")  # its save writes the step too

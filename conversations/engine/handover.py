"""Handing a lead to the artist (docs/conversation.md): keywords, phrases, cover-ups, parse failures."""

from __future__ import annotations

from conversations.engine import progress
from conversations.engine.turn import Turn, cooldown_passed
from conversations.messaging.reasons import describe_reason
from leads.models.lead import BOT_STATUSES, LeadStatus, questions_remain


def hand_over(turn: Turn, *, reason: str) -> None:
    """Give the lead to the artist: one message to the customer, one notification to the artist.

    From ``awaiting_deposit`` onwards (and in ended statuses) the status stays;
    the lead is flagged as needing the artist.
    """
    lead = turn.lead
    if lead.status == LeadStatus.OPTOUT:
        return
    if lead.status == LeadStatus.NEEDS_ARTIST_REPLY:
        turn.reply_once_per(
            "holding", turn.studio.holding_reply_cooldown_minutes, "holding", can_continue=questions_remain(lead)
        )
        return
    fresh = lead.status in {LeadStatus.NEW, LeadStatus.ABANDONED, LeadStatus.STALE}
    if fresh:
        progress.begin(turn)
    if turn.lead.status in BOT_STATUSES:
        # CONTINUE is offered once a question has been asked (not on a first message).
        can_continue = turn.lead.status == LeadStatus.QUALIFYING and not fresh
        turn.transition("hand_over", reason=reason)
    elif lead.needs_artist:
        # Already flagged (awaiting_deposit onwards): a holding reply, the artist was told.
        turn.reply_once_per("holding", turn.studio.holding_reply_cooldown_minutes, "holding", can_continue=False)
        return
    else:
        can_continue = False
        turn.lead.needs_artist = True
        turn.lead.handover_reason = reason[:100]
        turn.save_lead()
    turn.reply("handover", can_continue=can_continue)
    turn.notify_artist("artist_handover", reason=describe_reason(reason), text=turn.text[:300])
    turn.step_reached = "handover"


def tell_artist(turn: Turn, text: str = "") -> None:
    """The artist hears of the customer's message (with its words, or ``text``), at most once per
    holding cooldown."""
    minutes = turn.studio.holding_reply_cooldown_minutes
    if cooldown_passed(turn.lead.reply_cooldowns, "artist_kept", minutes, turn.now):
        turn.lead.reply_cooldowns["artist_kept"] = turn.now.isoformat()
        turn.save_lead()
        turn.notify_artist("artist_inbound", text=text or turn.text[:300] or f"[{turn.message.type}]")

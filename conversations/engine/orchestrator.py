"""The orchestrator: global keywords first, then the lead's status decides (docs/conversation.md)."""

from __future__ import annotations

from collections.abc import Callable

from conversations.engine import booked_chat, completion, deposit_chat, listening, progress, qualifying, slot_picking
from conversations.engine.echoes import REASON as ARTIST_REPLIED
from conversations.engine.handover import hand_over, tell_artist
from conversations.engine.language import language_choose, language_switched
from conversations.engine.turn import Turn, cooldown_passed
from conversations.erasure import customer_erase
from conversations.messaging.reasons import describe_reason
from conversations.models import OutboundPurpose
from conversations.policy.keywords import Keyword, is_continue, match_opt_in
from conversations.policy.replies import parse_yes_no
from leads.aftercare import healed_photo_receive
from leads.models.lead import LeadStatus, questions_remain

S = LeadStatus
# Statuses in which the bot talks, so an unreadable message type gets "please type".
TALKING_STATUSES = frozenset(
    {S.NEW, S.QUALIFYING, S.TOUR_CONVERSION_OFFERED, S.ABANDONED, S.STALE, S.DEPOSIT_EXPIRED, S.BOOKING_PENDING}
)
# Statuses in which the bot says nothing and the artist is told of each message (once per cooldown).
ARTIST_TOLD_STATUSES = frozenset({S.BOOKED, S.CANCELLED, S.REJECTED, S.WAITLISTED, S.COMPLETED, S.NO_SHOW})
# Statuses a customer's message would start afresh (the welcome): while the artist is writing to
# the customer, the message goes to the artist instead.
FRESH_STATUSES = frozenset({S.NEW, S.ABANDONED, S.STALE})


def run_turn(turn: Turn) -> None:
    """Handle one inbound message that is in order and not a duplicate."""
    if turn.message.type == "audio":
        _voice_note(turn)
        return
    if not turn.message.is_answer:
        _unreadable_type(turn)
        return
    match = turn.keyword  # read by the caller from the text or a caption
    if match is not None and match.keyword == Keyword.OPT_OUT:
        _opt_out(turn, match.reason)
        return
    if match is not None and match.keyword == Keyword.ERASE:
        _erase(turn)
        return
    if turn.lead.status == S.OPTOUT:
        if not match_opt_in(turn.text):
            return  # anything else: silence
        turn.customer.opted_out = False
        turn.customer.opted_in_at = turn.now
        turn.customer.wa_id = turn.phone or turn.customer.wa_id  # given back after an erasure
        turn.customer.user_id = turn.user_id or turn.customer.user_id
        turn.customer.save()
        turn.transition("opt_in", reason="start")
        if not turn.studio.panic_mode:
            listening.start(turn, read=False)  # then as a first message (START is not an answer)
            return
    if turn.studio.panic_mode:
        _panic(turn)
        return
    language_choose(turn)
    if language_switched(turn):
        return
    if artist_has_it(turn):
        _with_artist(turn)
        return
    if match is not None and match.keyword == Keyword.HANDOVER:
        hand_over(turn, reason=match.reason)
        return
    HANDLERS.get(turn.lead.status, _kept_for_artist)(turn)


# --- global keywords ------------------------------------------------------------


def _opt_out(turn: Turn, reason: str) -> None:
    if turn.lead.status == S.OPTOUT and turn.customer.opted_out:
        return  # one confirmation, then silence
    turn.customer.opted_out = True
    turn.customer.opted_out_at = turn.now
    turn.customer.save()
    if turn.lead.status != S.OPTOUT:
        turn.transition("opt_out", reason=reason)
    turn.reply("optout_confirmation", purpose=OutboundPurpose.OPTOUT_CONFIRMATION)
    turn.step_reached = "optout"


def _erase(turn: Turn) -> None:
    if turn.customer.erased_at is not None and turn.customer.opted_out:
        return  # already erased: one confirmation, then silence
    customer_erase(customer=turn.customer, now=turn.now)
    turn.lead.refresh_from_db()
    turn.customer.refresh_from_db()
    turn.reply("erasure_confirmation", purpose=OutboundPurpose.ERASURE_CONFIRMATION)
    turn.notify_artist("artist_erasure")
    turn.step_reached = "erased"


def _panic(turn: Turn) -> None:
    """Panic mode: store (done), tell the artist, say nothing to the customer."""
    minutes = turn.studio.please_type_cooldown_minutes
    if cooldown_passed(turn.customer.reply_cooldowns, "artist_panic", minutes, turn.now):
        turn.customer.reply_cooldowns["artist_panic"] = turn.now.isoformat()
        turn.customer.save(update_fields=["reply_cooldowns", "updated_at"])
        turn.notify_artist("artist_inbound", text=turn.text[:300], panic=True)
    turn.step_reached = "panic"


def artist_has_it(turn: Turn) -> bool:
    """The artist is writing to this customer (docs/conversation.md "The artist's phone"): in the
    last seven days, and the lead is flagged as theirs, or would start afresh."""
    return turn.customer.artist_chatting(turn.now) and (turn.lead.needs_artist or turn.lead.status in FRESH_STATUSES)


def _with_artist(turn: Turn) -> None:
    """The bot stays out of the artist's conversation. A message that would restart the lead
    hands it to the artist (who is told, with the words); a slot pick still books; anything else
    waits for the artist, who is told at most once per holding cooldown."""
    if turn.lead.status in FRESH_STATUSES:
        progress.begin(turn)
        turn.transition("hand_over", reason=ARTIST_REPLIED)
        turn.notify_artist("artist_handover", reason=describe_reason(ARTIST_REPLIED), text=turn.text[:300])
        turn.step_reached = "with_artist"
        return
    if turn.lead.status == S.BOOKING_PENDING and slot_picking.is_pick(turn):
        slot_picking.booking_pending(turn)
        return
    turn.step_reached = "with_artist"
    tell_artist(turn)


def _unreadable_type(turn: Turn, template: str = "please_type") -> None:
    """Stickers, reactions, locations, contacts, unsupported: stored; "please type" per cooldown."""
    if turn.studio.panic_mode or turn.lead.status not in TALKING_STATUSES or artist_has_it(turn):
        return
    minutes = turn.studio.please_type_cooldown_minutes
    if cooldown_passed(turn.customer.reply_cooldowns, "please_type", minutes, turn.now):
        turn.customer.reply_cooldowns["please_type"] = turn.now.isoformat()
        turn.customer.save(update_fields=["reply_cooldowns", "updated_at"])
        turn.reply(template)
    turn.step_reached = "please_type"


def _voice_note(turn: Turn) -> None:
    """A voice note (or an audio file), kept as a file for the artist: the artist hears of it in
    every status, at most once per holding cooldown for the lead (the lead page plays them all);
    where the bot talks, the customer is asked to type, under the "please type" cooldown."""
    if turn.customer.opted_out:
        return  # kept as a transcript line only, as every message of an opted-out customer
    minutes = turn.studio.holding_reply_cooldown_minutes
    if cooldown_passed(turn.lead.reply_cooldowns, "voice_note", minutes, turn.now):
        turn.lead.reply_cooldowns["voice_note"] = turn.now.isoformat()
        turn.save_lead()
        voice = turn.message.media is None or turn.message.media.voice
        turn.notify_artist("artist_voice_note", voice=voice, panic=turn.studio.panic_mode)
    _unreadable_type(turn, "voice_note")
    turn.step_reached = "voice_note"


# --- by status ------------------------------------------------------------------


def _new(turn: Turn) -> None:
    """``new``, or back after ``abandoned``/``stale``: as a first message."""
    listening.start(turn)


def _needs_artist_reply(turn: Turn) -> None:
    # CONTINUE takes the lead back only while questions remain; a finished lead
    # (a cover-up, say) waits for the artist, who alone resumes it.
    if is_continue(turn.text) and questions_remain(turn.lead):
        turn.transition("resume_qualifying", reason="customer_continue")
        qualifying.resume(turn)
        return
    turn.reply_once_per(
        "holding", turn.studio.holding_reply_cooldown_minutes, "holding", can_continue=questions_remain(turn.lead)
    )


def _pending_approval(turn: Turn) -> None:
    turn.reply_once_per("reviewing", turn.studio.holding_reply_cooldown_minutes, "reviewing")


def _needs_follow_up(turn: Turn) -> None:
    turn.reply_once_per("follow_up", turn.studio.holding_reply_cooldown_minutes, "follow_up")


def _tour_conversion_offered(turn: Turn) -> None:
    reply = turn.message.reply_id
    answer = True if reply == "tour_yes" else False if reply == "tour_no" else parse_yes_no(turn.text)
    stop = turn.lead.tour_stop
    if stop is None or stop.end_date < turn.now.date():
        completion.reoffer_or_waitlist(turn)  # the stop was removed or is over
        return
    if answer is None:
        context = completion.tour_context(turn, stop)
        turn.reply("tour_reask", kind="buttons", payload={"buttons": completion.tour_buttons(turn)}, **context)
        return
    if answer:
        completion.submit(turn, template="tour_accepted", context=completion.tour_context(turn, stop))
    else:
        completion.decline_tour(turn)


def _kept_for_artist(turn: Turn) -> None:
    """cancelled, rejected, waitlisted, completed, no_show (and deposit_paid): no automated reply. The message
    waits for the artist, who is told of it (with its words) at most once per holding cooldown;
    deposit_paid is a moment, not a place to write to, and tells nobody. In ``completed``, a photo
    sent after the healed-photo request is kept as the healed photo (the customer thanked once)."""
    turn.step_reached = turn.lead.status
    healed = turn.message.type == "image" and healed_photo_receive(
        lead=turn.lead, message_id=turn.message.message_id, studio=turn.studio
    )
    if turn.lead.status not in ARTIST_TOLD_STATUSES or not (turn.text.strip() or healed):
        return
    tell_artist(turn, f"[healed photo] {turn.text}".strip()[:300] if healed else "")


HANDLERS: dict[str, Callable[[Turn], None]] = {
    S.NEW: _new,
    S.ABANDONED: _new,
    S.STALE: _new,
    S.QUALIFYING: listening.handle,
    S.NEEDS_ARTIST_REPLY: _needs_artist_reply,
    S.PENDING_APPROVAL: _pending_approval,
    S.NEEDS_FOLLOW_UP: _needs_follow_up,
    S.TOUR_CONVERSION_OFFERED: _tour_conversion_offered,
    S.AWAITING_DEPOSIT: deposit_chat.awaiting_deposit,
    S.DEPOSIT_EXPIRED: deposit_chat.deposit_expired,
    S.BOOKING_PENDING: slot_picking.booking_pending,
    S.COLLECTING_TIME_WINDOWS: slot_picking.collecting_time_windows,
    S.BOOKED: booked_chat.booked,
}

"""The deposit statuses of the conversation (docs/conversation.md, docs/payments.md).

- ``awaiting_deposit``: any message gets the open link again, at most once per
  link-resend cooldown; a link that can no longer be paid is replaced.
- ``deposit_expired``: yes, or asking for a new link, makes a new checkout
  session (``awaiting_deposit``); anything else gets the offer again, once per
  cooldown.
"""

from __future__ import annotations

from conversations.engine.turn import Turn, cooldown_passed
from conversations.messaging.formatting import format_money
from conversations.policy.replies import asks_for_new_link, parse_yes_no
from payments.checkout import deposit_link_again, deposit_reissue
from payments.deposits import deposit_current


def awaiting_deposit(turn: Turn) -> None:
    turn.step_reached = "awaiting_deposit"
    cooldowns = turn.lead.reply_cooldowns
    if not cooldown_passed(cooldowns, "link_resend", turn.studio.link_resend_cooldown_minutes, turn.now):
        return
    cooldowns["link_resend"] = turn.now.isoformat()
    turn.save_lead()
    outcome = deposit_link_again(lead=turn.lead, studio=turn.studio, now=turn.now, key=turn.effect_key("deposit_link"))
    if outcome == "pending":
        turn.reply("deposit_link_pending")


def deposit_expired(turn: Turn) -> None:
    turn.step_reached = "deposit_expired"
    if parse_yes_no(turn.text) is True or asks_for_new_link(turn.text):
        turn.save_lead()
        deposit_reissue(lead=turn.lead, actor="customer", reason="new_link")
        return  # the link itself follows from the checkout task
    previous = deposit_current(turn.lead)
    amount = format_money(previous.amount, previous.currency) if previous else ""
    turn.reply_once_per("expired_prompt", turn.studio.link_resend_cooldown_minutes, "deposit_expired", amount=amount)

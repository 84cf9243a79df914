"""The customer's language (docs/conversation.md "Languages"): chosen at the first message, switched
on request.

- A customer without one gets it from their first message when that is clearly one of the studio's
  languages, else from their number's country, else the studio's default.
- "English please", "en español", "auf Deutsch" … switch it; a message that is only that is answered
  by the question the lead was on (while qualifying), and read no further.
- Staff set it in admin (the customer's page).
"""

from __future__ import annotations

from conversations.engine import qualifying
from conversations.engine.turn import Turn
from conversations.policy.languages import detect_language, language_for_country, language_switch
from leads.models.lead import LeadStatus
from tattoobot.foundations.phones import country_of


def language_choose(turn: Turn) -> None:
    """The first message of a customer with no language yet decides it."""
    customer = turn.customer
    if customer.language:
        return
    spoken = turn.studio.spoken_languages
    phone = customer.wa_id or ""
    customer.language = (
        detect_language(turn.text, spoken)
        or (language_for_country(country_of(phone), spoken) if phone else None)
        or turn.studio.default_language
    )
    customer.save(update_fields=["language", "updated_at"])


def language_switched(turn: Turn) -> bool:
    """The message asks for another spoken language: it is kept, and while qualifying the question
    is asked again. True when the message was only that (nothing more to read)."""
    wanted = language_switch(turn.text)
    if wanted is None or wanted not in turn.studio.spoken_languages:
        return False
    turn.customer.language = wanted
    turn.customer.save(update_fields=["language", "updated_at"])
    if turn.lead.status == LeadStatus.QUALIFYING:
        qualifying.resume(turn)
    turn.step_reached = "language_switched"
    return True

"""A booked customer asking to move or cancel the appointment (docs/conversation.md, ``booked``).

Pure: the text in, ``"reschedule"``, ``"cancel"`` or None out. A message that asks to cancel and
rebook is a move; a negated ask ("I don't want to cancel") and look-alikes ("can I bring a
friend?", "can I change the design?", "what time is my appointment?") are neither: they go to the
artist as any other message.
"""

from __future__ import annotations

import re

from conversations.policy.keywords import keyword_text
from conversations.policy.text import fold_accents

RESCHEDULE = "reschedule"
CANCEL = "cancel"

_WHEN = r"(?:date|day|time|slot|appointment|appt|booking|session)s?"
_MOVE = re.compile(
    r"\b(?:re ?schedul\w*|re ?book\w*|re ?arrang\w*|postpone\w*"
    r"|(?:move|moving|shift|push|swap|switch|change|changing)(?: (?:my|the|our|this|that|it|a|an|back|forward))*"
    rf"(?: \w+)? {_WHEN}"
    r"|(?:move|push|bring) (?:it|this|that)(?: (?:back|forward|earlier|later|to))?"
    rf"|(?:another|a different|different|new|other|later|earlier) {_WHEN}"
    r"|(?:cant|cannot|can not|couldnt|wont be able to|will not be able to|unable to|not able to|wont"
    r"|no longer able to|can no longer)"
    r" (?:make it|make|come|attend|do|go|be there)"
    r"|(?:something|somethings|thing|things) (?:has|have|came|come) up"
    r")\b"
)
_CANCEL = re.compile(
    r"\b(?:cancel\w*|call (?:it|this|the appointment) off"
    rf"|(?:dont|do not|no longer) (?:want|need) (?:the|my|this) (?:tattoo|{_WHEN})(?: any ?more)?"
    r")\b"
)
_NEGATED = re.compile(
    r"\b(?:dont|do not|not|never|no need to|wont|will not|didnt|did not) (?:want to |need to |have to |wish to )?"
    r"(?:cancel|re ?schedule|move|change)\w*"
)


_KEEP = re.compile(
    r"^(?:(?:ok|okay|no|sorry|actually|hmm)\s)*(?:"
    r"never ?mind|forget (?:it|that|about it)|keep (?:it|my|the|the old|my old|the original|my original)"
    r"(?: (?:appointment|appt|booking|date|time|one|slot))?(?: please| thanks)?"
    r"|(?:i ?ll|i will|lets|let s) keep (?:it|the old one|my appointment|the original)"
    r"|stay with (?:the|my) (?:old|original|first) (?:one|time|date|appointment)"
    r"|dont (?:move|change) it|no (?:need|change)(?: after all)?|cancel (?:the|my) (?:move|change|reschedule)"
    r")$"
)


def wants_to_keep(text: str) -> bool:
    """While choosing a new time, the customer would rather keep the booking they have ("never mind",
    "keep my appointment", "forget it")."""
    return bool(_KEEP.match(keyword_text(text)))


# The same asks in Spanish, French, German, Portuguese and Italian (accents folded).
_MOVE_OTHER = re.compile(
    r"\b(?:reprogramar|reprogramacion|cambiar (?:la|mi|de) (?:cita|fecha|hora|dia)|mover (?:la|mi) cita"
    r"|otra fecha|otra hora|no puedo (?:ir|venir|el|ese)"
    r"|deplacer|decaler|reporter|changer (?:la|de|mon) (?:date|rendez vous|rdv|jour|heure)|autre (?:date|jour)"
    r"|je ne peux (?:pas|plus) venir|je peux pas venir"
    r"|verschieben|verlegen|anderen termin|anderer termin|neuen termin|kann (?:nicht|doch nicht) kommen"
    r"|remarcar|reagendar|mudar (?:a|o|de) (?:data|horario|dia)|outra data|nao posso ir"
    r"|spostare|rimandare|cambiare (?:la|l|il) (?:data|appuntamento|giorno|orario)|un altro giorno|un altra data"
    r"|non posso venire)\b"
)
_CANCEL_OTHER = re.compile(
    r"\b(?:cancelar|anular (?:la|mi|a|o) (?:cita|reserva|agendamento)|annuler|annulation|absagen|stornieren"
    r"|storno|cancellare|annullare|disdire|disdetta)\w*"
)
_NEGATED_OTHER = re.compile(
    r"\b(?:no quiero|no hace falta|ne (?:veux|faut) pas|je ne veux pas|nicht (?:absagen|verschieben|stornieren)"
    r"|nao quero|non voglio|non serve)\b"
)


def parse_change_intent(text: str) -> str | None:
    """``reschedule``, ``cancel`` or None for a booked customer's message, in any spoken language."""
    normal = keyword_text(text)
    if not normal or _NEGATED.search(normal):
        return None
    folded = fold_accents(normal)
    if _NEGATED_OTHER.search(folded):
        return None
    if _MOVE.search(normal) or _MOVE_OTHER.search(folded):
        return RESCHEDULE
    if _CANCEL.search(normal) or _CANCEL_OTHER.search(folded):
        return CANCEL
    return None

"""A booked customer asking to move or cancel the appointment (docs/conversation.md, ``booked``).

Pure: the text in, ``"reschedule"``, ``"cancel"`` or None out. A message that asks to cancel and
rebook is a move; a negated ask ("I don't want to cancel") and look-alikes ("can I bring a
friend?", "can I change the design?", "what time is my appointment?") are neither: they go to the
artist as any other message.
"""

from __future__ import annotations

import re

from conversations.policy.keywords import keyword_text

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


def parse_change_intent(text: str) -> str | None:
    """``reschedule``, ``cancel`` or None for a booked customer's message."""
    normal = keyword_text(text)
    if not normal or _NEGATED.search(normal):
        return None
    if _MOVE.search(normal):
        return RESCHEDULE
    if _CANCEL.search(normal):
        return CANCEL
    return None

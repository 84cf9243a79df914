"""Meta's account-level webhook events, read into plain values (docs/sending.md "Template status").

- a user's business-scoped user id changed (``user_id_update``, or a
  ``system`` message in ``messages``): ``UserIdChange``;
- a message template's status, quality or category changed: ``TemplateEvent``;
- a customer stopped or resumed marketing messages (``user_preferences``):
  ``PreferenceChange``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conversations.policy.payload import (
    DIGITS,
    PayloadError,
    as_dict,
    as_list,
    as_timestamp,
    as_user_id,
    text_of,
)

ID_CHANGE_TYPES = frozenset({"user_changed_user_id", "user_changed_number"})  # ``system`` messages
TEMPLATE_FIELDS = frozenset(
    {"message_template_status_update", "message_template_quality_update", "template_category_update"}
)


@dataclass(frozen=True)
class UserIdChange:
    """Meta changed a user's business-scoped user id (``user_id_update``: a new phone number)."""

    previous: str
    current: str
    wa_id: str = ""  # digits, when Meta sends the number too
    new_wa_id: str = ""  # digits: the user changed their number to this one (``user_changed_number``)


@dataclass(frozen=True)
class TemplateEvent:
    """What Meta says of one of the business's message templates (status, quality or category)."""

    kind: str  # message_template_status_update, message_template_quality_update, template_category_update
    template_id: str
    name: str
    language: str  # as Meta sends it: en-US, en_US, en
    event: str  # the status (APPROVED, PAUSED, …); for quality and category updates, the new value
    reason: str = ""  # Meta's reason, with its rejection info when given
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PreferenceChange:
    """``user_preferences``: a customer stopped (``stop``) or resumed (``resume``) marketing messages."""

    wa_id: str
    user_id: str
    category: str
    value: str
    timestamp: int


def read_system_change(raw: dict[str, Any], where: str) -> list[UserIdChange]:
    """A ``system`` message: ``user_changed_user_id`` (and ``user_changed_number``, which changes the
    user id too) names the previous user id and the new one; other system notes change nothing."""
    system = as_dict(raw.get("system", {}), f"{where}.system")
    if system.get("type") not in ID_CHANGE_TYPES:
        return []
    previous = as_user_id(system.get("previous_user_id"), f"{where}.system.previous_user_id")
    current = as_user_id(system.get("user_id"), f"{where}.system.user_id") or as_user_id(
        raw.get("from_user_id"), f"{where}.from_user_id"
    )
    if not previous or not current or previous == current:
        return []
    wa_id, new = text_of(raw, "from").lstrip("+"), ""
    if system.get("type") == "user_changed_number":  # the new number: wa_id (new_wa_id before v12)
        new = (text_of(system, "wa_id") or str(system.get("new_wa_id", ""))).lstrip("+")
    return [UserIdChange(previous, current, wa_id if DIGITS.match(wa_id) else "", new if DIGITS.match(new) else "")]


def read_template_event(kind: str, value: dict[str, Any], where: str) -> TemplateEvent:
    name = value.get("message_template_name")
    if not isinstance(name, str) or not name or len(name) > 512:
        raise PayloadError(f"{where}.message_template_name must be a string")
    template_id = value.get("message_template_id", "")
    if kind == "message_template_status_update":
        event, reason = text_of(value, "event"), text_of(value, "reason")
        info = value.get("rejection_info")
        if isinstance(info, dict) and text_of(info, "reason"):
            reason = f"{reason}: {text_of(info, 'reason')}" if reason and reason != "NONE" else text_of(info, "reason")
    elif kind == "message_template_quality_update":
        event = text_of(value, "new_quality_score")
        reason = f"quality {text_of(value, 'previous_quality_score') or '?'} -> {event}"
    else:
        event = text_of(value, "new_category")
        if text_of(value, "correct_category"):  # impending: Meta will recategorise on the given date
            reason = (
                f"category {event} -> {text_of(value, 'correct_category')} on {value.get('category_update_timestamp')}"
            )
        else:
            reason = f"category {text_of(value, 'previous_category') or '?'} -> {event}"
    return TemplateEvent(
        kind=kind,
        template_id=str(template_id)[:40] if isinstance(template_id, int | str) else "",
        name=name,
        language=text_of(value, "message_template_language")[:20],
        event=event.upper()[:40],
        reason=(reason if reason != "NONE" else "")[:1000],
        raw=value,
    )


def read_preferences(value: dict[str, Any], where: str) -> list[PreferenceChange]:
    found = []
    for i, raw in enumerate(as_list(value, "user_preferences", where)):
        here = f"{where}.user_preferences[{i}]"
        raw = as_dict(raw, here)
        wa_id = text_of(raw, "wa_id").lstrip("+")
        user_id = as_user_id(raw.get("user_id"), f"{here}.user_id")
        if wa_id and not DIGITS.match(wa_id):
            raise PayloadError(f"{here}.wa_id must be a phone number")
        if not wa_id and not user_id:
            raise PayloadError(f"{here} has neither wa_id nor user_id")
        found.append(
            PreferenceChange(
                wa_id=wa_id,
                user_id=user_id,
                category=text_of(raw, "category")[:60],
                value=text_of(raw, "value")[:20],
                timestamp=as_timestamp(raw.get("timestamp", 0), f"{here}.timestamp"),
            )
        )
    return found


def read_user_id_changes(value: dict[str, Any], where: str) -> list[UserIdChange]:
    found = []
    for i, raw in enumerate(as_list(value, "user_id_update", where)):
        here = f"{where}.user_id_update[{i}]"
        ids = as_dict(as_dict(raw, here).get("user_id"), f"{here}.user_id")
        previous = as_user_id(ids.get("previous"), f"{here}.user_id.previous")
        current = as_user_id(ids.get("current"), f"{here}.user_id.current")
        if not previous or not current:
            raise PayloadError(f"{here}.user_id needs previous and current")
        wa_id = text_of(raw, "wa_id").lstrip("+")
        found.append(UserIdChange(previous, current, wa_id if DIGITS.match(wa_id) else ""))
    return found

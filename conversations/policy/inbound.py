"""Meta's webhook body, read into plain values (docs/conversation.md).

``parse_webhook`` checks the shape and returns every message and status of
every entry and change, in order. A body that is not of Meta's shape raises
``PayloadError`` (the view answers 400 and stores nothing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

MEDIA_TYPES = frozenset({"image", "document", "video"})
ANSWER_TYPES = frozenset({"text", "interactive", "button"}) | MEDIA_TYPES
_DIGITS = re.compile(r"^\d{1,20}$")
_MAX_ID = 200
_USER_ID = re.compile(r"^[A-Z]{2}(\.[A-Za-z0-9_-]{1,64}){1,3}$")  # US.1349…, US.ENT.1181…


class PayloadError(ValueError):
    """The body is JSON but not a WhatsApp Business Account change notification."""


@dataclass(frozen=True)
class MediaRef:
    kind: str  # image, document or video
    media_id: str
    mime_type: str = ""
    sha256: str = ""
    caption: str = ""
    filename: str = ""


@dataclass(frozen=True)
class InboundMessage:
    message_id: str
    wa_id: str  # digits, as Meta sends them; "" when Meta withholds the number (a username)
    timestamp: int  # Unix seconds
    type: str
    text: str = ""  # body, caption, or the reply's title
    reply_id: str = ""  # interactive/button reply id or payload
    media: MediaRef | None = None
    contact_name: str = ""
    context_id: str = ""  # the wamid this message replies to
    raw: dict[str, Any] = field(default_factory=dict, compare=False)
    user_id: str = ""  # Meta's business-scoped user id (BSUID), when sent
    parent_user_id: str = ""
    username: str = ""  # display only; it can change

    @property
    def is_answer(self) -> bool:
        """Text, a button/list reply or media: something the engine can read."""
        return self.type in ANSWER_TYPES


@dataclass(frozen=True)
class DeliveryStatus:
    wamid: str
    status: str  # sent, delivered, read, failed (others are ignored by the caller)
    timestamp: int
    recipient: str = ""  # the number, or the user id of a message sent to one
    error_code: str = ""
    error_title: str = ""


@dataclass(frozen=True)
class UserIdChange:
    """Meta changed a user's business-scoped user id (``user_id_update``: a new phone number)."""

    previous: str
    current: str
    wa_id: str = ""  # digits, when Meta sends the number too


@dataclass(frozen=True)
class WebhookBody:
    messages: list[InboundMessage]
    statuses: list[DeliveryStatus]
    user_id_changes: list[UserIdChange] = field(default_factory=list)


def _list(parent: dict[str, Any], key: str, where: str) -> list[Any]:
    value = parent.get(key, [])
    if not isinstance(value, list):
        raise PayloadError(f"{where}.{key} must be a list")
    return value


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{where} must be an object")
    return value


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > _MAX_ID:
        raise PayloadError(f"{where} must be a non-empty string")
    return value


def _timestamp(value: Any, where: str) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) <= 12:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return value
    raise PayloadError(f"{where} must be Unix seconds")


def _str(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key, "")
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class _Contact:
    name: str = ""
    user_id: str = ""
    parent_user_id: str = ""
    username: str = ""


def _user_id(value: Any, where: str) -> str:
    """A business-scoped user id as Meta sends it (``US.1349…``), or "" when absent."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > 90 or not _USER_ID.match(value):
        raise PayloadError(f"{where} must be a WhatsApp user id")
    return value


def _contacts(value: dict[str, Any], where: str) -> dict[str, _Contact]:
    """``contacts[]`` by the sender's number and by the sender's user id."""
    found: dict[str, _Contact] = {}
    for i, contact in enumerate(_list(value, "contacts", where)):
        here = f"{where}.contacts[{i}]"
        contact = _dict(contact, here)
        profile = contact.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        entry = _Contact(
            name=_str(profile, "name")[:200],
            user_id=_user_id(contact.get("user_id"), f"{here}.user_id"),
            parent_user_id=_user_id(contact.get("parent_user_id"), f"{here}.parent_user_id"),
            username=_str(profile, "username").lstrip("@")[:100],
        )
        for key in (_str(contact, "wa_id").lstrip("+"), entry.user_id):
            if key:
                found[key] = entry
    return found


def _message(raw: dict[str, Any], contacts: dict[str, _Contact], where: str) -> InboundMessage:
    message_id = _id(raw.get("id"), f"{where}.id")
    wa_id = raw.get("from", "")
    if not isinstance(wa_id, str) or (wa_id and not _DIGITS.match(wa_id.lstrip("+"))):
        raise PayloadError(f"{where}.from must be a phone number")
    wa_id = wa_id.lstrip("+")
    user_id = _user_id(raw.get("from_user_id"), f"{where}.from_user_id")
    contact = contacts.get(user_id) or contacts.get(wa_id) or _Contact()
    user_id = user_id or contact.user_id
    if not wa_id and not user_id:
        raise PayloadError(f"{where} has neither from nor from_user_id")
    kind = raw.get("type")
    if not isinstance(kind, str) or not kind:
        raise PayloadError(f"{where}.type must be a string")
    text, reply_id, media = "", "", None
    sub = raw.get(kind)
    body: dict[str, Any] = sub if isinstance(sub, dict) else {}
    if kind == "text":
        text = _str(body, "body")
    elif kind == "interactive":
        for sub in ("button_reply", "list_reply"):
            reply = body.get(sub)
            if isinstance(reply, dict):
                reply_id, text = _str(reply, "id"), _str(reply, "title")
    elif kind == "button":
        reply_id, text = _str(body, "payload"), _str(body, "text")
    elif kind in MEDIA_TYPES:
        media_id = _str(body, "id")
        if not media_id:
            raise PayloadError(f"{where}.{kind}.id is missing")
        text = _str(body, "caption")
        media = MediaRef(kind, media_id, _str(body, "mime_type"), _str(body, "sha256"), text, _str(body, "filename"))
    context = raw.get("context")
    return InboundMessage(
        message_id=message_id,
        wa_id=wa_id,
        timestamp=_timestamp(raw.get("timestamp"), f"{where}.timestamp"),
        type=kind,
        text=text[:4096],
        reply_id=reply_id[:256],
        media=media,
        contact_name=contact.name,
        context_id=_str(context, "id") if isinstance(context, dict) else "",
        raw=raw,
        user_id=user_id,
        parent_user_id=_user_id(raw.get("from_parent_user_id"), f"{where}.from_parent_user_id")
        or contact.parent_user_id,
        username=contact.username,
    )


def _status(raw: dict[str, Any], where: str) -> DeliveryStatus:
    errors = raw.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    code = first.get("code")
    return DeliveryStatus(
        wamid=_id(raw.get("id"), f"{where}.id"),
        status=_id(raw.get("status"), f"{where}.status"),
        timestamp=_timestamp(raw.get("timestamp", "0"), f"{where}.timestamp"),
        recipient=_str(raw, "recipient_id") or _str(raw, "recipient_user_id"),  # a number, else a user id
        error_code=str(code) if isinstance(code, int | str) else "",
        error_title=_str(first, "title")[:300],
    )


def _without_nul(value: Any) -> Any:
    """NUL characters removed everywhere (PostgreSQL text and jsonb cannot hold them)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def parse_webhook_json(raw: bytes) -> WebhookBody:
    """``parse_webhook`` of a body as Meta sends it. Raises ``ValueError`` (not JSON, not UTF-8,
    NaN/Infinity, or a ``PayloadError``) or ``RecursionError`` (nested too deep). JSON text without
    a ``\\u0000`` escape has no NUL in its strings (a raw one is not valid JSON), so then the walk
    that removes them is skipped."""
    return _parse(json.loads(raw, parse_constant=_refuse_constant), nul_free=b"\\u0000" not in raw)


def parse_webhook(body: Any) -> WebhookBody:
    """Every message and status of every entry and change, in delivery order."""
    return _parse(body, nul_free=False)


def _parse(body: Any, *, nul_free: bool) -> WebhookBody:
    body = _dict(body if nul_free else _without_nul(body), "body")
    if body.get("object") != "whatsapp_business_account":
        raise PayloadError('object must be "whatsapp_business_account"')
    messages: list[InboundMessage] = []
    statuses: list[DeliveryStatus] = []
    changes: list[UserIdChange] = []
    for e, entry in enumerate(_list(body, "entry", "body")):
        entry = _dict(entry, f"entry[{e}]")
        for c, change in enumerate(_list(entry, "changes", f"entry[{e}]")):
            where = f"entry[{e}].changes[{c}]"
            change = _dict(change, where)
            value = _dict(change.get("value"), f"{where}.value")
            kind = change.get("field", "messages")
            if kind == "user_id_update":
                changes += _user_id_changes(value, f"{where}.value")
                continue
            if kind != "messages":
                continue  # account or template updates: not ours to act on
            contacts = _contacts(value, f"{where}.value")
            for m, raw in enumerate(_list(value, "messages", f"{where}.value")):
                messages.append(_message(_dict(raw, f"{where}.messages[{m}]"), contacts, f"{where}.messages[{m}]"))
            for s, raw in enumerate(_list(value, "statuses", f"{where}.value")):
                statuses.append(_status(_dict(raw, f"{where}.statuses[{s}]"), f"{where}.statuses[{s}]"))
    return WebhookBody(messages=messages, statuses=statuses, user_id_changes=changes)


def _user_id_changes(value: dict[str, Any], where: str) -> list[UserIdChange]:
    found = []
    for i, raw in enumerate(_list(value, "user_id_update", where)):
        here = f"{where}.user_id_update[{i}]"
        ids = _dict(_dict(raw, here).get("user_id"), f"{here}.user_id")
        previous = _user_id(ids.get("previous"), f"{here}.user_id.previous")
        current = _user_id(ids.get("current"), f"{here}.user_id.current")
        if not previous or not current:
            raise PayloadError(f"{here}.user_id needs previous and current")
        wa_id = _str(raw, "wa_id").lstrip("+")
        found.append(UserIdChange(previous, current, wa_id if _DIGITS.match(wa_id) else ""))
    return found


def stored_message(payload: Any) -> InboundMessage:
    """The message as the inbox stored it (``message_to_store``), read again exactly as the
    webhook read it."""
    stored = _dict(payload, "stored")
    raw = _dict(stored.get("message"), "stored.message")

    def text(key: str) -> str:
        value = stored.get(key, "")
        return value if isinstance(value, str) else ""

    contact = _Contact(text("name"), text("user_id"), text("parent_user_id"), text("username"))
    keys = [str(raw.get("from", "")).lstrip("+"), contact.user_id, str(raw.get("from_user_id", ""))]
    return _message(raw, {key: contact for key in keys if key}, "stored.message")


def message_to_store(message: InboundMessage) -> dict[str, Any]:
    """What the inbox keeps of a message: Meta's object as received and what ``contacts[]`` said
    of the sender (profile name, user id, username)."""
    stored: dict[str, Any] = {"message": message.raw, "name": message.contact_name}
    for key in ("user_id", "parent_user_id", "username"):
        if getattr(message, key):
            stored[key] = getattr(message, key)
    return stored

"""Meta's webhook body, read into plain values (docs/conversation.md).

``parse_webhook`` checks the shape and returns every message and status of
every entry and change, in order. A body that is not of Meta's shape raises
``PayloadError`` (the view answers 400 and stores nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from conversations.policy.account_events import (
    TEMPLATE_FIELDS,
    PreferenceChange,
    TemplateEvent,
    UserIdChange,
    read_preferences,
    read_system_change,
    read_template_event,
    read_user_id_changes,
)
from conversations.policy.payload import (
    DIGITS,
    PayloadError,
    as_dict,
    as_id,
    as_list,
    as_timestamp,
    as_user_id,
    text_of,
)

__all__ = ["DeliveryStatus", "InboundMessage", "MediaRef", "PayloadError", "WebhookBody", "parse_webhook"]

MEDIA_TYPES = frozenset({"image", "document", "video"})
ANSWER_TYPES = frozenset({"text", "interactive", "button"}) | MEDIA_TYPES
FETCHED_TYPES = MEDIA_TYPES | {"audio"}  # kept as files: reference media, and voice notes for the artist


@dataclass(frozen=True)
class MediaRef:
    kind: str  # image, document, video or audio
    media_id: str
    mime_type: str = ""
    sha256: str = ""
    caption: str = ""
    filename: str = ""
    voice: bool = False  # an audio message recorded as a voice note


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
    echo: bool = False  # the artist's own message, typed in the WhatsApp Business app (to this customer)

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
class WebhookBody:
    messages: list[InboundMessage]
    statuses: list[DeliveryStatus]
    user_id_changes: list[UserIdChange] = field(default_factory=list)
    template_events: list[TemplateEvent] = field(default_factory=list)
    preferences: list[PreferenceChange] = field(default_factory=list)


@dataclass(frozen=True)
class _Contact:
    name: str = ""
    user_id: str = ""
    parent_user_id: str = ""
    username: str = ""


def _contacts(value: dict[str, Any], where: str) -> dict[str, _Contact]:
    """``contacts[]`` by the sender's number and by the sender's user id."""
    found: dict[str, _Contact] = {}
    for i, contact in enumerate(as_list(value, "contacts", where)):
        here = f"{where}.contacts[{i}]"
        contact = as_dict(contact, here)
        profile = contact.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        entry = _Contact(
            name=text_of(profile, "name")[:200],
            user_id=as_user_id(contact.get("user_id"), f"{here}.user_id"),
            parent_user_id=as_user_id(contact.get("parent_user_id"), f"{here}.parent_user_id"),
            username=text_of(profile, "username").lstrip("@")[:100],
        )
        for key in (text_of(contact, "wa_id").lstrip("+"), entry.user_id):
            if key:
                found[key] = entry
    return found


def _message(raw: dict[str, Any], contacts: dict[str, _Contact], where: str, *, echo: bool = False) -> InboundMessage:
    """A customer's message; with ``echo``, the artist's message to the customer (``to``)."""
    message_id = as_id(raw.get("id"), f"{where}.id")
    side = "to" if echo else "from"  # the customer's side of the message
    wa_id = raw.get(side, "")
    if not isinstance(wa_id, str) or (wa_id and not DIGITS.match(wa_id.lstrip("+"))):
        raise PayloadError(f"{where}.{side} must be a phone number")
    wa_id = wa_id.lstrip("+")
    user_id = as_user_id(raw.get(f"{side}_user_id"), f"{where}.{side}_user_id")
    contact = contacts.get(user_id) or contacts.get(wa_id) or _Contact()
    user_id = user_id or contact.user_id
    if not wa_id and not user_id:
        raise PayloadError(f"{where} has neither {side} nor {side}_user_id")
    kind = raw.get("type")
    if not isinstance(kind, str) or not kind:
        raise PayloadError(f"{where}.type must be a string")
    text, reply_id, media = "", "", None
    sub = raw.get(kind)
    body: dict[str, Any] = sub if isinstance(sub, dict) else {}
    if kind == "text":
        text = text_of(body, "body")
    elif kind == "interactive":
        for sub in ("button_reply", "list_reply"):
            reply = body.get(sub)
            if isinstance(reply, dict):
                reply_id, text = text_of(reply, "id"), text_of(reply, "title")
    elif kind == "button":
        reply_id, text = text_of(body, "payload"), text_of(body, "text")
    elif kind in FETCHED_TYPES:
        media_id = text_of(body, "id")
        if not media_id and not echo:  # the artist's own file is not fetched: its id may be absent
            raise PayloadError(f"{where}.{kind}.id is missing")
        text = text_of(body, "caption")
        media = MediaRef(
            kind,
            media_id,
            text_of(body, "mime_type"),
            text_of(body, "sha256"),
            text,
            text_of(body, "filename"),
            voice=body.get("voice") is True,
        )
    context = raw.get("context")
    return InboundMessage(
        message_id=message_id,
        wa_id=wa_id,
        timestamp=as_timestamp(raw.get("timestamp"), f"{where}.timestamp"),
        type=kind,
        text=text[:4096],
        reply_id=reply_id[:256],
        media=media,
        contact_name=contact.name,
        context_id=text_of(context, "id") if isinstance(context, dict) else "",
        raw=raw,
        user_id=user_id,
        parent_user_id=as_user_id(raw.get(f"{side}_parent_user_id"), f"{where}.{side}_parent_user_id")
        or contact.parent_user_id,
        username=contact.username,
        echo=echo,
    )


def _status(raw: dict[str, Any], where: str) -> DeliveryStatus:
    errors = raw.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    code = first.get("code")
    return DeliveryStatus(
        wamid=as_id(raw.get("id"), f"{where}.id"),
        status=as_id(raw.get("status"), f"{where}.status"),
        timestamp=as_timestamp(raw.get("timestamp", "0"), f"{where}.timestamp"),
        recipient=text_of(raw, "recipient_id") or text_of(raw, "recipient_user_id"),  # a number, else a user id
        error_code=str(code) if isinstance(code, int | str) else "",
        error_title=text_of(first, "title")[:300],
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
    body = as_dict(body if nul_free else _without_nul(body), "body")
    if body.get("object") != "whatsapp_business_account":
        raise PayloadError('object must be "whatsapp_business_account"')
    messages: list[InboundMessage] = []
    statuses: list[DeliveryStatus] = []
    changes: list[UserIdChange] = []
    templates: list[TemplateEvent] = []
    preferences: list[PreferenceChange] = []
    for e, entry in enumerate(as_list(body, "entry", "body")):
        entry = as_dict(entry, f"entry[{e}]")
        for c, change in enumerate(as_list(entry, "changes", f"entry[{e}]")):
            where = f"entry[{e}].changes[{c}]"
            change = as_dict(change, where)
            value = as_dict(change.get("value"), f"{where}.value")
            kind = change.get("field", "messages")
            kind = kind if isinstance(kind, str) else ""
            here = f"{where}.value"
            if kind == "user_id_update":
                changes += read_user_id_changes(value, here)
            elif kind in TEMPLATE_FIELDS:
                templates.append(read_template_event(kind, value, here))
            elif kind == "user_preferences":
                preferences += read_preferences(value, here)
            elif kind == "smb_message_echoes":
                contacts = _contacts(value, here)
                for m, raw in enumerate(as_list(value, "message_echoes", here)):
                    at = f"{here}.message_echoes[{m}]"
                    messages.append(_message(as_dict(raw, at), contacts, at, echo=True))
            elif kind == "messages":
                contacts = _contacts(value, here)
                for m, raw in enumerate(as_list(value, "messages", here)):
                    at = f"{here}.messages[{m}]"
                    raw = as_dict(raw, at)
                    if raw.get("type") == "system":  # Meta's note about the user, not the user's words
                        changes += read_system_change(raw, at)
                    else:
                        messages.append(_message(raw, contacts, at))
                for s, raw in enumerate(as_list(value, "statuses", here)):
                    statuses.append(_status(as_dict(raw, f"{here}.statuses[{s}]"), f"{here}.statuses[{s}]"))
            # any other field (account, phone number or business updates): not ours to act on
    return WebhookBody(
        messages=messages,
        statuses=statuses,
        user_id_changes=changes,
        template_events=templates,
        preferences=preferences,
    )


def stored_message(payload: Any) -> InboundMessage:
    """The message as the inbox stored it (``message_to_store``), read again exactly as the
    webhook read it."""
    stored = as_dict(payload, "stored")
    raw = as_dict(stored.get("message"), "stored.message")

    def text(key: str) -> str:
        value = stored.get(key, "")
        return value if isinstance(value, str) else ""

    contact = _Contact(text("name"), text("user_id"), text("parent_user_id"), text("username"))
    echo = stored.get("echo") is True
    side = "to" if echo else "from"
    keys = [str(raw.get(side, "")).lstrip("+"), contact.user_id, str(raw.get(f"{side}_user_id", ""))]
    return _message(raw, {key: contact for key in keys if key}, "stored.message", echo=echo)


def message_to_store(message: InboundMessage) -> dict[str, Any]:
    """What the inbox keeps of a message: Meta's object as received and what ``contacts[]`` said
    of the sender (profile name, user id, username)."""
    stored: dict[str, Any] = {"message": message.raw, "name": message.contact_name}
    for key in ("user_id", "parent_user_id", "username"):
        if getattr(message, key):
            stored[key] = getattr(message, key)
    if message.echo:
        stored["echo"] = True
    return stored

"""Meta's JSON bodies for ``POST /{phone-number-id}/messages``.

``build_body`` turns a stored message (kind, text, payload) into the body
Meta expects: text, reply buttons, a list, a document by link, or a template
with parameters.
"""

from __future__ import annotations

from typing import Any

MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_LIST_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_TEXT = 4096
MAX_CAPTION = 1024


def is_phone(address: str) -> bool:
    """An E.164 number (``+447700900123`` or its digits) rather than Meta's user id (``US.1349…``)."""
    return address.lstrip("+").isdigit()


def _envelope(to: str, kind: str) -> dict[str, Any]:
    """A number goes in ``to``; a customer known only by Meta's user id is addressed by it in
    ``recipient`` (Meta: ``to`` wins when both are set, so never both)."""
    field = "to" if is_phone(to) else "recipient"
    return {"messaging_product": "whatsapp", "recipient_type": "individual", field: to.lstrip("+"), "type": kind}


def text_body(to: str, text: str) -> dict[str, Any]:
    return {**_envelope(to, "text"), "text": {"preview_url": False, "body": text[:MAX_TEXT]}}


def buttons_body(to: str, text: str, buttons: list[dict[str, str]], footer: str = "") -> dict[str, Any]:
    interactive: dict[str, Any] = {
        "type": "button",
        "body": {"text": text[:1024]},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": b["id"][:256], "title": b["title"][:MAX_BUTTON_TITLE]}}
                for b in buttons[:MAX_BUTTONS]
            ]
        },
    }
    if footer:
        interactive["footer"] = {"text": footer[:60]}
    return {**_envelope(to, "interactive"), "interactive": interactive}


def list_body(
    to: str, text: str, button: str, sections: list[dict[str, Any]], header: str = "", footer: str = ""
) -> dict[str, Any]:
    interactive: dict[str, Any] = {
        "type": "list",
        "body": {"text": text[:4096]},
        "action": {
            "button": button[:20],
            "sections": [
                {
                    "title": section.get("title", "")[:24],
                    "rows": [
                        {
                            "id": row["id"][:200],
                            "title": row["title"][:MAX_ROW_TITLE],
                            **(
                                {"description": row["description"][:MAX_ROW_DESCRIPTION]}
                                if row.get("description")
                                else {}
                            ),
                        }
                        for row in section["rows"][:MAX_LIST_ROWS]
                    ],
                }
                for section in sections
            ],
        },
    }
    if header:
        interactive["header"] = {"type": "text", "text": header[:60]}
    if footer:
        interactive["footer"] = {"text": footer[:60]}
    return {**_envelope(to, "interactive"), "interactive": interactive}


def document_body(to: str, link: str, filename: str, caption: str = "") -> dict[str, Any]:
    """A file Meta fetches from ``link`` (public HTTPS) and delivers as ``filename``."""
    document: dict[str, Any] = {"link": link, "filename": filename}
    if caption:
        document["caption"] = caption[:MAX_CAPTION]
    return {**_envelope(to, "document"), "document": document}


def template_body(
    to: str,
    name: str,
    language: str,
    parameters: list[str],
    quick_replies: list[str] | None = None,
    url_suffix: str = "",
) -> dict[str, Any]:
    """A template with body parameters and, for templates with quick-reply buttons, each button's
    payload; ``url_suffix`` is the variable end of the template's URL button (after the quick replies)."""
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    components: list[dict[str, Any]] = []
    if parameters:
        components.append({"type": "body", "parameters": [{"type": "text", "text": value} for value in parameters]})
    for index, payload in enumerate(quick_replies or []):
        components.append(
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": str(index),
                "parameters": [{"type": "payload", "payload": payload}],
            }
        )
    if url_suffix:
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": str(len(quick_replies or [])),
                "parameters": [{"type": "text", "text": url_suffix}],
            }
        )
    if components:
        template["components"] = components
    return {**_envelope(to, "template"), "template": template}


def build_body(to: str, kind: str, text: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The request body for a stored message of ``kind`` (text, buttons, list, document or template)."""
    if kind == "buttons":
        return buttons_body(to, text, payload["buttons"], payload.get("footer", ""))
    if kind == "list":
        return list_body(
            to, text, payload["button"], payload["sections"], payload.get("header", ""), payload.get("footer", "")
        )
    if kind == "document":
        return document_body(to, payload["link"], payload["filename"], text)
    if kind == "template":
        quick_replies = [button["id"] for button in payload.get("buttons", [])]
        return template_body(
            to,
            payload["name"],
            payload["language"],
            payload.get("parameters", []),
            quick_replies,
            payload.get("url_button", ""),
        )
    return text_body(to, text)

"""The webhook body reader: Meta's shapes in, PayloadError for anything else, never a crash."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.inbound import PayloadError, parse_webhook, parse_webhook_json
from tests.paths import FIXTURES as SHARED_FIXTURES

FIXTURES = SHARED_FIXTURES / "whatsapp"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)


def _mutations(body: Any) -> st.SearchStrategy[Any]:
    """The fixture with one value somewhere replaced by arbitrary JSON."""
    paths: list[list[Any]] = []

    def walk(node: Any, path: list[Any]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*path, index])

    walk(body, [])

    def mutate(path: list[Any], value: Any) -> Any:
        copy = json.loads(json.dumps(body))
        if not path:
            return value
        node = copy
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
        return copy

    return st.builds(mutate, st.sampled_from(paths), json_values)


@given(json_values)
def test_arbitrary_json_never_crashes(body: Any) -> None:
    with contextlib.suppress(PayloadError):
        parse_webhook(body)


# Shapes the reader does not understand yet: a sender with a username only (no phone number), the
# WhatsApp Business app's echoes and Meta's account-level events (templates, user ids, preferences).
NOT_READ_YET = frozenset(
    {
        "message_template_quality_update.json",
        "message_template_status_update.json",
        "message_template_status_update_rejected.json",
        "smb_message_echoes.json",
        "smb_message_echoes_with_user_id.json",
        "template_category_update.json",
        "template_category_update_impending.json",
        "user_id_update.json",
        "user_preferences.json",
        "username_only_text.json",
    }
)
ALL_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", [name for name in ALL_FIXTURES if name not in NOT_READ_YET])
def test_every_fixture_parses(name: str) -> None:
    parsed = parse_webhook(json.loads((FIXTURES / name).read_text()))
    assert parsed.messages or parsed.statuses


@pytest.mark.parametrize("name", sorted(NOT_READ_YET))
def test_shapes_not_read_yet_are_refused_or_yield_nothing(name: str) -> None:
    """Never a crash and never a half-read message: PayloadError (a 400), or nothing to process."""
    try:
        parsed = parse_webhook(json.loads((FIXTURES / name).read_text()))
    except PayloadError:
        return
    assert not parsed.messages
    assert not parsed.statuses


@given(_mutations(json.loads((FIXTURES / "text.json").read_text())))
def test_mutated_text_fixture_parses_or_is_refused(body: Any) -> None:
    try:
        parsed = parse_webhook(body)
    except PayloadError:
        return
    for message in parsed.messages:
        assert message.wa_id.isdigit()
        assert message.timestamp >= 0
        assert isinstance(message.text, str)


def _text_body(text: str) -> dict[str, Any]:
    message = {"from": "447700900123", "id": "wamid.json.1", "timestamp": "1700000000", "type": "text",
               "text": {"body": text}}  # fmt: skip
    value = {"contacts": [{"profile": {"name": "Ana"}, "wa_id": "447700900123"}], "messages": [message]}
    return {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": value}]}]}


def test_parse_webhook_json_reads_the_bytes_as_parse_webhook_reads_the_dict() -> None:
    body = _text_body("a rose, please")
    assert parse_webhook_json(json.dumps(body).encode()) == parse_webhook(body)


def test_parse_webhook_json_removes_an_escaped_nul_and_refuses_what_is_not_json() -> None:
    (message,) = parse_webhook_json(json.dumps(_text_body("a rose\u0000 please")).encode()).messages
    assert message.text == "a rose please"
    with pytest.raises(ValueError, match="NaN is not JSON"):
        parse_webhook_json(b'{"object": NaN}')
    with pytest.raises(UnicodeDecodeError):
        parse_webhook_json(b"\xff not utf-8")

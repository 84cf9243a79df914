"""The webhook body reader: Meta's shapes in, PayloadError for anything else, never a crash."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.inbound import (
    PayloadError,
    message_to_store,
    parse_webhook,
    parse_webhook_json,
    stored_message,
)
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


ALL_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_fixture_parses_into_something_to_act_on(name: str) -> None:
    parsed = parse_webhook(json.loads((FIXTURES / name).read_text()))
    assert parsed.messages or parsed.statuses or parsed.user_id_changes or parsed.template_events or parsed.preferences


def _fixture_messages(name: str) -> list[Any]:
    return parse_webhook(json.loads((FIXTURES / name).read_text())).messages


def test_a_user_id_update_is_read_as_a_change_of_user_id() -> None:
    parsed = parse_webhook(json.loads((FIXTURES / "user_id_update.json").read_text()))
    assert (parsed.messages, parsed.statuses) == ([], [])
    [change] = parsed.user_id_changes
    assert (change.previous, change.current, change.wa_id) == (
        "US.13491208655302741918",
        "US.10000000000000000001",
        "16505551234",
    )


@pytest.mark.parametrize("ids", [{"previous": "US.1"}, {"previous": "US.1", "current": "nope"}, "US.1"])
def test_a_user_id_update_without_both_ids_is_refused(ids: Any) -> None:
    body = json.loads((FIXTURES / "user_id_update.json").read_text())
    body["entry"][0]["changes"][0]["value"]["user_id_update"][0]["user_id"] = ids
    with pytest.raises(PayloadError):
        parse_webhook(body)


def test_a_status_of_a_message_sent_to_a_user_id_names_that_user_id() -> None:
    [status] = parse_webhook(json.loads((FIXTURES / "statuses_with_user_id.json").read_text())).statuses
    assert status.recipient.startswith("US.")
    [both] = parse_webhook(json.loads((FIXTURES / "statuses_with_user_id_and_phone.json").read_text())).statuses
    assert both.recipient.isdigit()  # sent to the number


def test_a_username_only_message_carries_the_user_id_and_no_number() -> None:
    [message] = _fixture_messages("username_only_text.json")
    assert (message.wa_id, message.user_id, message.parent_user_id) == (
        "",
        "US.13491208655302741918",
        "US.ENT.11815799212886844830",
    )
    assert (message.username, message.contact_name, message.text) == (
        "realsheenanelson",
        "Sheena Nelson",
        "Does it come in another color?",
    )


def test_a_message_with_both_carries_the_number_and_the_user_id_of_its_contact() -> None:
    [message] = _fixture_messages("text.json")
    assert message.wa_id == "972987654321"
    assert message.user_id == "US.13491208655302741918"
    assert stored_message(message_to_store(message)) == message  # the inbox reads it back the same


def test_the_user_id_of_a_contact_is_taken_when_the_message_has_none() -> None:
    body = json.loads((FIXTURES / "contacts_profile_name.json").read_text())
    value = body["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["user_id"] = "GB.1234567890"
    [message] = parse_webhook(body).messages
    assert (message.wa_id, message.user_id) == (value["contacts"][0]["wa_id"], "GB.1234567890")


@pytest.mark.parametrize(
    "change",
    [
        {"from": None},  # neither a number nor a user id
        {"from": None, "from_user_id": "not a user id"},
        {"from_user_id": "US." + "1" * 100},
        {"from_user_id": 42},
    ],
)
def test_a_sender_that_is_neither_a_number_nor_a_user_id_is_refused(change: dict[str, Any]) -> None:
    body = json.loads((FIXTURES / "text.json").read_text())
    raw = body["entry"][0]["changes"][0]["value"]["messages"][0]
    for key, value in change.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    body["entry"][0]["changes"][0]["value"]["contacts"] = []
    with pytest.raises(PayloadError):
        parse_webhook(body)


@pytest.mark.parametrize("name", ["smb_message_echoes.json", "smb_message_echoes_with_user_id.json"])
def test_an_echo_is_the_artist_s_message_to_the_customer_it_was_sent_to(name: str) -> None:
    [echo] = _fixture_messages(name)
    assert echo.echo
    assert echo.wa_id == "16505551234"  # "to": the customer, not the business number in "from"
    assert echo.user_id == ("US.13491208655302741918" if "user_id" in name else "")
    assert echo.text.startswith("Here's the info you requested!")
    assert stored_message(message_to_store(echo)) == echo  # read back from the inbox as an echo


def test_an_echo_without_a_customer_is_refused() -> None:
    body = json.loads((FIXTURES / "smb_message_echoes_with_user_id.json").read_text())
    value = body["entry"][0]["changes"][0]["value"]
    for key in ("to", "to_user_id"):
        value["message_echoes"][0].pop(key)
    value["contacts"] = []
    with pytest.raises(PayloadError):
        parse_webhook(body)


@pytest.mark.parametrize(
    ("name", "field", "template", "language", "event", "reason"),
    [
        ("message_template_status_update.json", "status", "order_confirmation", "en-US", "APPROVED", ""),
        (
            "message_template_status_update_rejected.json",
            "status",
            "abandoned_cart",
            "en",
            "REJECTED",
            "INVALID_FORMAT: Your template has parameters placed next to each other",
        ),
        ("message_template_quality_update.json", "quality", "welcome_template", "en-US", "YELLOW", "GREEN -> YELLOW"),
        ("template_category_update.json", "category", "welcome_template", "en-US", "MARKETING", "UTILITY -> MARKETING"),
        (
            "template_category_update_impending.json",
            "category",
            "welcome_template",
            "en-US",
            "UTILITY",
            "UTILITY -> MARKETING on 1746169200",
        ),
    ],
)
def test_template_webhooks_are_read_as_template_events(
    name: str, field: str, template: str, language: str, event: str, reason: str
) -> None:
    parsed = parse_webhook(json.loads((FIXTURES / name).read_text()))
    assert (parsed.messages, parsed.statuses) == ([], [])
    [found] = parsed.template_events
    assert field in found.kind
    assert (found.name, found.language, found.event) == (template, language, event)
    assert reason in found.reason
    assert found.template_id.isdigit()


def test_a_template_event_without_a_name_is_refused() -> None:
    body = json.loads((FIXTURES / "message_template_status_update.json").read_text())
    del body["entry"][0]["changes"][0]["value"]["message_template_name"]
    with pytest.raises(PayloadError):
        parse_webhook(body)


def test_user_preferences_are_read() -> None:
    parsed = parse_webhook(json.loads((FIXTURES / "user_preferences.json").read_text()))
    [preference] = parsed.preferences
    assert (preference.wa_id, preference.category, preference.value, preference.timestamp) == (
        "16505551234",
        "marketing_messages",
        "resume",
        1731705721,
    )


def test_a_voice_note_is_audio_media_marked_as_voice() -> None:
    [message] = _fixture_messages("audio_voice.json")
    assert message.type == "audio"
    assert not message.is_answer
    assert message.media is not None
    assert (message.media.kind, message.media.media_id, message.media.voice) == ("audio", "1234567890987654321", True)
    assert message.media.mime_type.startswith("audio/ogg")


def _system(system: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / "text.json").read_text())
    value = body["entry"][0]["changes"][0]["value"]
    value.pop("contacts")  # system messages come without contacts
    raw = value["messages"][0]
    raw.pop("text")
    raw.update({"type": "system", "system": system})
    return body


def test_a_system_message_of_a_changed_user_id_is_a_user_id_change_not_a_message() -> None:
    body = _system(
        {
            "body": "User changed",
            "type": "user_changed_user_id",
            "previous_user_id": "US.13491208655302741918",
            "user_id": "US.10000000000000000002",
        }
    )
    parsed = parse_webhook(body)
    assert parsed.messages == []
    [change] = parsed.user_id_changes
    assert (change.previous, change.current, change.wa_id, change.new_wa_id) == (
        "US.13491208655302741918",
        "US.10000000000000000002",
        "972987654321",
        "",
    )


def test_a_system_message_of_a_changed_number_carries_the_new_number() -> None:
    body = _system(
        {
            "body": "User A changed from 972987654321 to 972987654000",
            "type": "user_changed_number",
            "wa_id": "972987654000",
            "previous_user_id": "US.13491208655302741918",
            "user_id": "US.10000000000000000003",
        }
    )
    [change] = parse_webhook(body).user_id_changes
    assert (change.wa_id, change.new_wa_id, change.current) == (
        "972987654321",
        "972987654000",
        "US.10000000000000000003",
    )


def test_other_system_messages_change_nothing_and_are_not_messages() -> None:
    parsed = parse_webhook(_system({"body": "hello", "type": "customer_identity_changed"}))
    assert (parsed.messages, parsed.user_id_changes) == ([], [])


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


@pytest.mark.parametrize(
    "name",
    [
        "smb_message_echoes_with_user_id.json",
        "message_template_status_update_rejected.json",
        "template_category_update_impending.json",
        "user_preferences.json",
        "audio_voice.json",
        "username_only_text.json",
    ],
)
def test_mutated_new_shapes_parse_or_are_refused(name: str) -> None:
    """Echoes, template events, preferences and voice notes with one value replaced: read, or a 400."""
    body = json.loads((FIXTURES / name).read_text())

    @given(_mutations(body))
    def check(mutated: Any) -> None:
        try:
            parsed = parse_webhook(mutated)
        except PayloadError:
            return
        for message in parsed.messages:
            assert message.wa_id.isdigit() or message.user_id
            assert stored_message(message_to_store(message)) == message
        for event in parsed.template_events:
            assert event.name
            assert isinstance(event.reason, str)
        for preference in parsed.preferences:
            assert preference.wa_id or preference.user_id

    check()


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

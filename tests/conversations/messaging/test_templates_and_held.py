"""Outside the 24-hour window nothing is lost (held rows, links in templates); Meta's template
status events (a paused template fails its rows clearly, the artist told once); marketing
preferences; Meta's notes of a changed user id or number."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conversations.messaging.outbox import outbox_enqueue
from conversations.messaging.sending import outbound_send_queue
from conversations.models import OutboundMessage, OutboundPurpose, TemplateStatus
from leads.artist.decisions import lead_send_message
from leads.models import Customer, SystemEvent
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages, post_signed
from tests.fakes.meta import FakeMeta
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db
PHONE = "+447700900123"


def fixture(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / "whatsapp" / name).read_text())
    return body


def _says(chat: Chat, text: str) -> None:
    """The customer writes, and the worker's sends run (the tests' inbox drain leaves them queued)."""
    chat.says(text)
    outbound_send_queue(to=chat.phone)


def _window_shut() -> Customer:
    Customer.objects.filter(wa_id=PHONE).update(last_inbound_at=timezone.now() - timedelta(hours=25))
    return Customer.objects.get(wa_id=PHONE)


def _row(customer: Customer, purpose: str, text: str, **payload: Any) -> OutboundMessage:
    lead = customer.leads.latest("id")
    row = outbox_enqueue(
        key=f"test:{purpose}:{text[:20]}",
        to=PHONE,
        text=text,
        purpose=purpose,
        payload=payload or None,
        customer=customer,
        lead=lead,
    )
    assert row is not None
    return row


def _template_event(name: str, event: str, *, language: str = "en-US", reason: str = "NONE") -> dict[str, Any]:
    body = fixture("message_template_status_update.json")
    value = body["entry"][0]["changes"][0]["value"]
    value.update(message_template_name=name, event=event, message_template_language=language, reason=reason)
    return body


class TestHeldUntilTheCustomerWrites:
    def test_the_artist_s_words_outside_the_window_go_as_the_template_then_in_full(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
        _says(ana, "Hi, I'd like a tattoo")
        customer = _window_shut()
        before = len(cloud_meta.sent())
        lead_send_message(lead_id=ana.lead.pk, actor="artist:staff", text="Here's the sketch: https://studio.test/d/1")
        outbound_send_queue(to=PHONE)

        [template] = cloud_meta.sent()[before:]
        assert template["type"] == "template"
        assert template["template"]["name"] == "reengage_v1"
        assert template["template"]["components"] == [{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}]
        held = OutboundMessage.objects.get(state="held")
        assert (held.text, held.purpose, held.lead_id) == (
            "Here's the sketch: https://studio.test/d/1",
            "artist_message",
            ana.lead.pk,
        )
        customer.refresh_from_db()
        assert customer.has_held

        _says(ana, "oh nice, thanks!")  # the window opens again: what was held goes first
        after = cloud_meta.sent()[before + 1 :]
        assert after[0]["type"] == "text"
        assert after[0]["text"]["body"] == "Here's the sketch: https://studio.test/d/1"
        held.refresh_from_db()
        assert held.state == "sent"
        assert not Customer.objects.get(pk=customer.pk).has_held

    def test_a_deposit_link_rides_in_the_template_s_url_button(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"next_steps": "next_steps_v1"}
        settings.WHATSAPP_TEMPLATE_LINKS = {"next_steps": "https://checkout.stripe.com/"}
        _says(ana, "Hi, I'd like a tattoo")
        customer = _window_shut()
        url = "https://checkout.stripe.com/c/pay/cs_test_a1"
        before = len(cloud_meta.sent())
        _row(customer, OutboundPurpose.DEPOSIT_LINK, f"Your deposit of £100: {url}", checkout_url=url)
        outbound_send_queue(to=PHONE)
        [template] = cloud_meta.sent()[before:]
        assert template["template"]["components"] == [
            {"type": "body", "parameters": [{"type": "text", "text": "Ana"}]},
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": "c/pay/cs_test_a1"}],
            },
        ]
        _says(ana, "paid!")
        assert any(body["type"] == "text" and url in body["text"]["body"] for body in cloud_meta.sent()[before + 1 :])

    def test_a_link_as_a_body_parameter(self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings) -> None:
        settings.WHATSAPP_TEMPLATES = {"next_steps": "next_steps_v1"}
        settings.WHATSAPP_TEMPLATE_LINKS = {"next_steps": "body"}
        _says(ana, "Hi, I'd like a tattoo")
        customer = _window_shut()
        before = len(cloud_meta.sent())
        _row(customer, OutboundPurpose.NEXT_STEPS, "Book here: https://studio.test/book/7.")
        outbound_send_queue(to=PHONE)
        [template] = cloud_meta.sent()[before:]
        assert template["template"]["components"] == [
            {
                "type": "body",
                "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": "https://studio.test/book/7"}],
            }
        ]

    def test_a_link_the_button_cannot_carry_is_only_held(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"next_steps": "next_steps_v1"}
        settings.WHATSAPP_TEMPLATE_LINKS = {"next_steps": "https://checkout.stripe.com/"}
        _says(ana, "Hi, I'd like a tattoo")
        customer = _window_shut()
        before = len(cloud_meta.sent())
        _row(customer, OutboundPurpose.NEXT_STEPS, "See https://elsewhere.test/x")
        outbound_send_queue(to=PHONE)
        [template] = cloud_meta.sent()[before:]
        assert [c["type"] for c in template["template"]["components"]] == ["body"]
        assert OutboundMessage.objects.get(state="held").text == "See https://elsewhere.test/x"

    def test_a_template_that_carries_its_content_holds_nothing(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"appointment_reminder": "appt_v1"}
        _says(ana, "Hi, I'd like a tattoo")
        customer = _window_shut()
        _row(customer, OutboundPurpose.APPOINTMENT_REMINDER, "See you Friday", template_parameters=["Ana", "Fri 10:00"])
        outbound_send_queue(to=PHONE)
        assert not OutboundMessage.objects.filter(state="held").exists()
        assert not Customer.objects.get(pk=customer.pk).has_held

    def test_held_rows_are_in_the_lead_s_outbox_in_the_admin(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings, admin_client: Client
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
        _says(ana, "Hi, I'd like a tattoo")
        _window_shut()
        lead_send_message(lead_id=ana.lead.pk, actor="artist:staff", text="A message that waits for Ana")
        outbound_send_queue(to=PHONE)
        page = admin_client.get(f"/admin/leads/lead/{ana.lead.pk}/change/").content.decode()
        outbox = page.split('id="outbox-group"', 1)[1].split("</table>", 1)[0]
        rows = [row for row in outbox.split("<tr")[1:] if "A message that waits for Ana" in row]
        states = [" ".join(row.split('<td class="field-state">', 1)[1].split("</td>", 1)[0].split()) for row in rows]
        kinds = [" ".join(row.split('<td class="field-kind">', 1)[1].split("</td>", 1)[0].split()) for row in rows]
        assert sorted(zip(kinds, states, strict=True)) == [
            ("<p>Template</p>", "<p>Sent</p>"),
            ("<p>Text</p>", "<p>Held</p>"),
        ]


class TestTemplateStatus:
    def test_a_paused_template_fails_its_rows_with_the_reason_and_the_artist_is_told_once(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"appointment_reminder": "appt_v1"}
        settings.WHATSAPP_TEMPLATE_LANGUAGE = "en_US"
        settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en_US"}
        _says(ana, "Hi, I'd like a tattoo")
        customer = _window_shut()
        told = len(artist_messages())
        paused = _template_event("appt_v1", "PAUSED", reason="Low quality: customers blocked it")
        for _ in range(2):  # Meta delivers it again: still one alert
            response = post_signed(client, paused)
            assert response.status_code == 200
            assert response.json() == {"received": True, "queued": 0, "duplicate": False}
        alerts = artist_messages()[told:]
        assert len(alerts) == 1
        assert "appt_v1" in alerts[0]
        assert "PAUSED" in alerts[0]
        assert "Low quality" in alerts[0]
        status = TemplateStatus.objects.get(name="appt_v1", language="en_us")  # "en-US" and "en_US" are one
        assert (status.status, status.usable) == ("PAUSED", False)

        row = _row(customer, OutboundPurpose.APPOINTMENT_REMINDER, "See you", template_parameters=["Ana", "Fri"])
        sent_before = len(cloud_meta.sent())
        outbound_send_queue(to=PHONE)
        row.refresh_from_db()
        assert (row.state, row.error_code) == ("failed", "template_unusable")
        assert "PAUSED" in row.last_error
        assert "Low quality" in row.last_error
        assert len(cloud_meta.sent()) == sent_before  # nothing reached Meta
        assert len(artist_messages()[told:]) == 1  # the row's failure adds no second alert

        assert post_signed(client, _template_event("appt_v1", "APPROVED")).status_code == 200
        assert TemplateStatus.objects.get(name="appt_v1").usable
        assert "again" in artist_messages()[-1]
        again = _row(customer, OutboundPurpose.APPOINTMENT_REMINDER, "Again", template_parameters=["Ana", "Sat"])
        outbound_send_queue(to=PHONE)
        again.refresh_from_db()
        assert (again.state, again.template_name) == ("sent", "appt_v1")

    def test_a_template_of_another_language_or_name_changes_nothing_of_ours(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"appointment_reminder": "appt_v1"}
        settings.WHATSAPP_TEMPLATE_LANGUAGE = "en_GB"
        settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en_GB"}
        _says(ana, "Hi")
        told = len(artist_messages())
        post_signed(client, _template_event("appt_v1", "DISABLED", language="es"))
        post_signed(client, _template_event("someone_elses", "REJECTED", language="en_GB"))
        assert artist_messages()[told:] == []
        customer = _window_shut()
        row = _row(customer, OutboundPurpose.APPOINTMENT_REMINDER, "See you", template_parameters=["Ana", "Fri"])
        outbound_send_queue(to=PHONE)
        row.refresh_from_db()
        assert row.state == "sent"

    @pytest.mark.parametrize(
        ("name", "kind", "field", "value"),
        [
            ("message_template_status_update.json", "template_status", "status", "APPROVED"),
            ("message_template_status_update_rejected.json", "template_status", "status", "REJECTED"),
            ("message_template_quality_update.json", "template_quality", "quality", "YELLOW"),
            ("template_category_update.json", "template_category", "category", "MARKETING"),
            ("template_category_update_impending.json", "template_category", "category", "UTILITY"),
        ],
    )
    def test_every_template_webhook_is_recorded(
        self, client: Client, name: str, kind: str, field: str, value: str
    ) -> None:
        response = post_signed(client, fixture(name))
        assert response.status_code == 200
        [row] = TemplateStatus.objects.all()
        assert getattr(row, field) == value
        [event] = SystemEvent.objects.filter(type=kind)
        assert event.payload["event"] == value
        assert event.payload["name"] == row.name

    def test_a_rejection_keeps_meta_s_reason(self, client: Client) -> None:
        post_signed(client, fixture("message_template_status_update_rejected.json"))
        row = TemplateStatus.objects.get(name="abandoned_cart")
        assert not row.usable
        assert row.reason.startswith("INVALID_FORMAT: Your template has parameters")
        assert row.category == "MARKETING"

    def test_a_template_event_without_a_name_is_a_400_and_changes_nothing(self, client: Client) -> None:
        body = fixture("message_template_status_update.json")
        del body["entry"][0]["changes"][0]["value"]["message_template_name"]
        response = post_signed(client, body)
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_payload"
        assert "message_template_name" in response.json()["detail"]
        assert not TemplateStatus.objects.exists()

    def test_the_admin_shows_each_configured_template_s_last_status(
        self, client: Client, admin_client: Client, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"appointment_reminder": "appt_v1", "next_steps": "next_steps_v1"}
        settings.WHATSAPP_TEMPLATE_LANGUAGE = "en_US"
        settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en_US"}
        post_signed(client, _template_event("appt_v1", "PAUSED", reason="Low quality"))
        page = admin_client.get("/admin/conversations/templatestatus/").content.decode()
        configured = page.split("The templates this studio sends", 1)[1].split("Every template Meta told us about")[0]
        assert "appt_v1" in configured
        assert "PAUSED" in configured
        assert "Low quality" in configured
        assert "next_steps_v1" in configured
        assert "no event yet" in configured


class TestMarketingPreferences:
    def _preference(self, value: str, timestamp: int) -> dict[str, Any]:
        body = fixture("user_preferences.json")
        entry = body["entry"][0]["changes"][0]["value"]["user_preferences"][0]
        entry.update(wa_id=PHONE.lstrip("+"), value=value, timestamp=timestamp)
        return body

    def test_a_customer_who_stopped_marketing_gets_no_marketing_template(
        self, client: Client, ana: Chat, cloud_meta: FakeMeta, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1", "appointment_reminder": "appt_v1"}
        _says(ana, "Hi, I'd like a tattoo")
        now = int(timezone.now().timestamp())
        assert post_signed(client, self._preference("stop", now)).status_code == 200
        assert Customer.objects.get(wa_id=PHONE).marketing_opted_out
        TemplateStatus.objects.create(name="reengage_v1", language="en_gb", status="APPROVED", category="MARKETING")
        customer = _window_shut()

        marketing = _row(customer, OutboundPurpose.REPLY, "We have a flash day!")
        utility = _row(customer, OutboundPurpose.APPOINTMENT_REMINDER, "See you", template_parameters=["Ana", "Fri"])
        outbound_send_queue(to=PHONE)
        marketing.refresh_from_db()
        utility.refresh_from_db()
        assert (marketing.state, marketing.error_code) == ("failed", "marketing_opt_out")
        assert utility.state == "sent"

        post_signed(client, self._preference("resume", now - 60))  # older than the stop: ignored
        assert Customer.objects.get(wa_id=PHONE).marketing_opted_out
        post_signed(client, self._preference("resume", now + 60))
        assert not Customer.objects.get(wa_id=PHONE).marketing_opted_out

    def test_a_preference_for_nobody_we_know_changes_nothing(self, client: Client) -> None:
        body = fixture("user_preferences.json")
        assert post_signed(client, body).status_code == 200
        assert not Customer.objects.exists()


class TestIdentifierNotes:
    def _system(self, system: dict[str, Any], phone: str = PHONE) -> dict[str, Any]:
        body = fixture("text.json")
        value = body["entry"][0]["changes"][0]["value"]
        value.pop("contacts")
        raw = value["messages"][0]
        raw.pop("text")
        raw.update({"type": "system", "system": system, "from": phone.lstrip("+"), "id": "wamid.system.1"})
        return body

    def test_a_changed_user_id_re_keys_the_customer_and_gets_no_reply(self, client: Client) -> None:
        customer = Customer.objects.create(user_id="US.13491208655302741918", profile_name="Ana")
        body = self._system(
            {"type": "user_changed_user_id", "previous_user_id": customer.user_id, "user_id": "US.20000000000000000002"}
        )
        response = post_signed(client, body)
        assert response.json()["queued"] == 0  # Meta's note, not a message to process
        customer.refresh_from_db()
        assert customer.user_id == "US.20000000000000000002"
        assert not OutboundMessage.objects.exists()

    def test_a_changed_number_moves_the_customer_and_its_replies_to_the_new_number(
        self, client: Client, ana: Chat
    ) -> None:
        _says(ana, "Hi, I'd like a tattoo")
        customer = Customer.objects.get(wa_id=PHONE)
        Customer.objects.filter(pk=customer.pk).update(user_id="US.13491208655302741918")
        note = self._system(
            {
                "type": "user_changed_number",
                "body": "User Ana changed from 447700900123 to 447700900456",
                "wa_id": "447700900456",
                "previous_user_id": "US.13491208655302741918",
                "user_id": "US.30000000000000000003",
            }
        )
        assert post_signed(client, note).status_code == 200
        customer.refresh_from_db()
        assert (customer.wa_id, customer.user_id) == ("+447700900456", "US.30000000000000000003")
        moved = Chat(client, phone="+447700900456", name="Ana Test")
        assert moved.says("a swallow")  # the same customer, the same lead, answered at the new number
        assert Customer.objects.count() == 1

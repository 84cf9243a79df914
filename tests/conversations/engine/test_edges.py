"""Edge cases found in review: each one once broke, or could have."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from conversations.messaging.sending import outbound_send_queue
from conversations.models import OutboundMessage, ProcessedMessage, ReferenceMedia, TranscriptMessage
from leads.models import Answer, Customer, Lead, Question, StatusChange, StudioSettings, SystemEvent, TourStop
from leads.services import lead_transition
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages, body_for, post_signed
from tests.conversations.engine.test_golden import HAPPY, qualify
from tests.conversations.search import find_strings


class TestErasure:
    def test_with_an_old_rejected_lead_and_a_new_one(
        self, ana: Chat, settings, tmp_path, django_capture_on_commit_callbacks
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        qualify(ana)
        old = ana.lead
        lead_transition(lead=old, name="reject", reason="Ana Test's swallow is not my style", actor="artist:x")
        with time_machine.travel(timezone.now() + timedelta(days=40)):
            ana.says("hello, a new idea")
            ana.sends_image()
            media = ReferenceMedia.objects.get(lead=ana.lead)
            media.file.save("ref.jpg", ContentFile(b"jpeg"), save=True)
            path = media.file.path

            with django_capture_on_commit_callbacks(execute=True):
                reply = ana.says("DELETE MY DATA")
            outbound_send_queue(to=ana.phone)

        assert "deleted" in reply[0]
        assert Lead.objects.get(pk=old.pk).status == "rejected"  # ended leads keep their status
        assert ana.lead.status == "optout"
        assert not (tmp_path / path).exists()
        assert StatusChange.objects.filter(lead=old, transition="reject").get().reason == ""
        assert find_strings(["Ana Test", "447700900123", "swallow", "forearm", "new idea", "not my style"]) == []

    def test_messages_after_erasure_keep_no_content_and_a_repeat_is_silent(self, ana: Chat) -> None:
        ana.says("hi")
        ana.says("a rose")
        ana.says("DELETE MY DATA")
        assert ana.says("DELETE MY DATA") == []
        assert ana.says("my number is 447700900123, call me") == []
        ana.sends_image(caption="me")
        assert not ReferenceMedia.objects.exclude(state="erased").exists()
        assert find_strings(["447700900123", "call me", "a rose"]) == [
            ("OutboundMessage", "to", OutboundMessage.objects.get(purpose="erasure_confirmation").pk)
        ]  # only the unsent confirmation still knows where to go


def test_continue_does_not_undo_a_handover_the_artist_must_clear(ana: Chat) -> None:
    qualify(ana, [("a cover up of my ex's name", "idea"), *HAPPY[1:]])
    assert ana.lead.status == "needs_artist_reply"
    reply = ana.says("CONTINUE")
    lead = ana.lead
    assert (lead.status, lead.needs_artist, lead.handover_reason) == ("needs_artist_reply", True, "cover_up")
    assert len(reply) == 1  # the holding reply


def test_a_question_added_mid_conversation_is_asked_before_finishing(ana: Chat) -> None:
    qualify(ana, HAPPY[:7])
    Question.objects.create(key="pets", kind="text", prompt="Any pets?", position=5)
    reply = ana.says(HAPPY[7][0])
    assert "Any pets?" in reply[0]
    assert ana.lead.status == "qualifying"
    ana.says("a cat")
    assert ana.lead.status == "pending_approval"


def test_after_a_parse_failure_handover_continue_starts_the_count_again(ana: Chat) -> None:
    qualify(ana, HAPPY[:2])
    ana.says("dunno")
    ana.says("no idea at all")
    assert ana.lead.status == "needs_artist_reply"
    ana.says("CONTINUE")
    again = ana.says("still not sure")
    assert ana.lead.status == "qualifying"
    assert "10x15" in again[0]


def test_handover_on_the_first_message_then_continue_gets_the_welcome(ana: Chat) -> None:
    first = ana.says("HUMAN")
    assert "CONTINUE" not in first[0]
    assert ana.lead.status == "needs_artist_reply"
    back = ana.says("CONTINUE")
    assert "What would you like tattooed?" in back[-1]
    assert len(back) == 2


def test_repeated_handover_after_approval_notifies_once(ana: Chat) -> None:
    qualify(ana)
    lead_transition(lead=ana.lead, name="approve", actor="artist:x")
    before = len(artist_messages())
    assert len(ana.says("refund please")) == 1
    assert len(ana.says("I want a refund")) == 1  # the holding reply
    assert ana.says("REFUND") == []
    assert len(artist_messages()) == before + 1


class TestKeywordsComeFirst:
    def test_stop_in_pilot_mode(self, ana: Chat) -> None:
        StudioSettings.objects.filter(pk=1).update(pilot_mode=True, pilot_allow_list="")
        ana.says("hello")
        reply = ana.says("STOP")
        assert "START" in reply[0]
        assert Customer.objects.get(wa_id=ana.phone).opted_out is True

    def test_stop_as_a_caption(self, ana: Chat) -> None:
        ana.says("hi")
        assert "START" in ana.sends_image(caption="STOP")[0]
        assert ana.lead.status == "optout"

    def test_a_late_stop_still_stops(self, ana: Chat) -> None:
        ana.says("hi", timestamp=1_700_000_100)
        ana.says("STOP", timestamp=1_700_000_050)
        assert ana.lead.status == "optout"


class TestBadBodies:
    def test_nul_characters_are_dropped_not_a_500(self, client: Client, ana: Chat) -> None:
        message = ana.message("text", text={"body": "a rose\u0000 please"})
        body = body_for(ana.phone.lstrip("+"), message, name="Ana\u0000")
        assert post_signed(client, body).status_code == 200
        assert TranscriptMessage.objects.get(direction="in").text == "a rose please"

    def test_nan_is_400(self, client: Client) -> None:
        raw = b'{"object": "whatsapp_business_account", "entry": [], "x": NaN}'
        assert post_signed(client, raw).status_code == 400

    @pytest.mark.parametrize("sender", ["1", "1234567890123456789"])
    def test_a_sender_that_is_not_a_phone_number_is_400(self, client: Client, sender: str) -> None:
        message = {"from": sender, "id": "wamid.x", "timestamp": "1700000000", "type": "text", "text": {"body": "hi"}}
        response = post_signed(client, body_for(sender, message))
        assert response.status_code == 400
        assert not ProcessedMessage.objects.exists()

    def test_a_long_message_id_keeps_every_reply(self, ana: Chat) -> None:
        message = ana.message("text", text={"body": "hi"})
        message["id"] = "wamid." + "x" * 194
        assert len(ana.send_message(message)) == 2


def test_a_removed_tour_stop_is_replaced_or_the_lead_waitlisted(ana: Chat) -> None:
    today = timezone.now().date()
    stop = TourStop.objects.create(
        city="Berlin", country="DE", start_date=today + timedelta(days=9), end_date=today + timedelta(days=10)
    )
    qualify(ana, [*HAPPY[:6], ("Munich", "city"), HAPPY[7]])
    assert ana.lead.tour_stop_id == stop.pk
    Lead.objects.filter(pk=ana.lead.pk).update(tour_stop=None)
    stop.delete()
    ana.says("YES")
    assert ana.lead.status == "waitlisted"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_first_messages_from_a_new_number() -> None:
    from tests.parallel import run_parallel

    chat = Chat(Client(), phone="+447700900444")
    body = body_for("447700900444", chat.message("text", text={"body": "hello"}))
    assert run_parallel([lambda: post_signed(Client(), body).status_code for _ in range(20)]) == [200] * 20
    assert Customer.objects.count() == 1
    assert Lead.objects.count() == 1
    assert OutboundMessage.objects.count() == 2
    assert not Answer.objects.exists()


class TestSending:
    @pytest.fixture(autouse=True)
    def _customer(self, make_customer) -> None:
        self.customer = make_customer(wa_id="+447700900123")
        Customer.objects.filter(pk=self.customer.pk).update(last_inbound_at=timezone.now())
        self.customer.refresh_from_db()

    def _row(self, **fields) -> OutboundMessage:
        defaults = {
            "idempotency_key": "s1",
            "to": "+447700900123",
            "customer": self.customer,
            "text": "hi",
            "due_at": timezone.now(),
        }
        return OutboundMessage.objects.create(**(defaults | fields))

    def test_a_row_left_sending_by_a_dead_worker_is_claimed_again(self) -> None:
        row = self._row(state="sending", claimed_at=timezone.now() - timedelta(minutes=11))
        assert outbound_send_queue(to=row.to) == 1
        row.refresh_from_db()
        assert (row.state, row.attempts) == ("sent", 1)

    def test_a_fresh_claim_is_left_alone(self) -> None:
        row = self._row(state="sending", claimed_at=timezone.now())
        self._row(idempotency_key="s2")
        assert outbound_send_queue(to=row.to) == 0

    def test_an_unexpected_error_requeues_instead_of_blocking(self, monkeypatch) -> None:
        row = self._row()

        def boom(body):
            raise RuntimeError("network went away")

        monkeypatch.setattr("conversations.messaging.backend.ConsoleBackend.send", lambda self, body: boom(body))
        assert outbound_send_queue(to=row.to) == 0
        row.refresh_from_db()
        assert row.state == "queued"
        assert row.due_at > timezone.now()
        assert "network went away" in row.last_error

    def test_artist_notes_about_sandbox_leads_stay_on_the_console(self, settings, make_lead) -> None:
        settings.WHATSAPP_BACKEND = "cloud"
        settings.WHATSAPP_API_BASE_URL = "http://127.0.0.1:9"  # nothing listens: only the console can succeed
        Customer.objects.filter(pk=self.customer.pk).update(is_sandbox=True)
        StudioSettings.objects.filter(pk=1).update(artist_last_inbound_at=timezone.now())
        lead = make_lead(customer=self.customer)
        row = self._row(to="+447700900999", lead=lead, customer=None)
        assert outbound_send_queue(to=row.to) == 1


def test_engine_conflict_keeps_the_message_and_records_an_event(ana: Chat, monkeypatch) -> None:
    from leads.services import TransitionRefused

    ana.says("hi")

    def refuse(turn):
        raise TransitionRefused("lead changed meanwhile", status="booked")

    monkeypatch.setattr("conversations.engine.inbound_processing.run_turn", refuse)
    late = ana.message("text", timestamp=1_800_000_000, text={"body": "x"})
    response = post_signed(ana.client, body_for(ana.phone.lstrip("+"), late))
    assert response.status_code == 200
    assert SystemEvent.objects.filter(type="engine_conflict").count() == 1
    assert set(ProcessedMessage.objects.values_list("state", flat=True)) == {"processed"}  # kept, not retried
    lead = ana.lead
    assert lead.last_inbound_ts == 1_800_000_000  # the turn's writes are undone; the message's arrival is not
    assert lead.last_inbound_at is not None


def _last_inbound(ana: Chat) -> tuple[int | None, object]:
    lead = ana.lead
    return lead.last_inbound_ts, lead.last_inbound_at


def test_every_message_in_order_records_the_leads_last_inbound_whether_or_not_the_turn_saves_the_lead(
    ana: Chat,
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ana.send_message(ana.message("text", timestamp=1_800_000_000, text={"body": "hi"}))
        first = _last_inbound(ana)
        assert first == (1_800_000_000, timezone.now())
        clock.shift(timedelta(minutes=1))
        ana.send_message(ana.message("text", timestamp=1_800_000_060, text={"body": "HUMAN"}))
        assert ana.lead.status == "needs_artist_reply"
        clock.shift(timedelta(minutes=1))
        ana.send_message(ana.message("text", timestamp=1_800_000_120, text={"body": "hello?"}))  # the holding reply
        clock.shift(timedelta(minutes=1))
        saved = Lead.objects.get(pk=ana.lead.pk).updated_at
        ana.send_message(ana.message("text", timestamp=1_800_000_180, text={"body": "still there?"}))
        assert _last_inbound(ana) == (1_800_000_180, timezone.now())  # a turn that changed nothing else
        assert Lead.objects.get(pk=ana.lead.pk).updated_at > saved
        ana.send_message(ana.message("text", timestamp=1_800_000_000, text={"body": "late delivery"}))
        assert _last_inbound(ana) == (1_800_000_180, timezone.now())  # out of order: stored, not recorded

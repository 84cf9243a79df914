"""The sending pipeline against a fake Meta on 127.0.0.1 (docs/sending.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from conversations.messaging.sending import outbound_send_queue, outbox_sweep
from conversations.models import OutboundMessage
from integrations.whatsapp.errors import WhatsAppError
from leads.models import Customer, StudioSettings, SystemEvent
from tests.fakes.meta import FakeMeta

TOKEN = "EAAB-test-token"
PHONE_ID = "1122334455"
PHONE = "+447700900123"


@pytest.fixture
def meta() -> Iterator[FakeMeta]:
    fake = FakeMeta().start()
    yield fake
    fake.stop()


@pytest.fixture
def cloud(settings, meta: FakeMeta) -> FakeMeta:
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_BASE_URL = meta.base_url
    settings.WHATSAPP_ACCESS_TOKEN = TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
    settings.WHATSAPP_TEMPLATES = {}
    return meta


@pytest.fixture
def customer(make_customer):
    customer = make_customer(wa_id="+447700900123", profile_name="Ana Test")
    Customer.objects.filter(pk=customer.pk).update(last_inbound_at=timezone.now())
    customer.refresh_from_db()
    return customer


def queue(customer: Customer, n: int = 1, **fields) -> list[OutboundMessage]:
    return [
        OutboundMessage.objects.create(
            **(
                {
                    "idempotency_key": f"k{i}-{fields.get('purpose', 'reply')}",
                    "to": PHONE,
                    "customer": customer,
                    "text": f"message {i}",
                    "due_at": timezone.now(),
                }
                | fields
            )
        )
        for i in range(n)
    ]


class TestPipeline:
    def test_messages_to_one_customer_leave_in_order_once(self, cloud: FakeMeta, customer: Customer) -> None:
        rows = queue(customer, 4)
        assert outbound_send_queue(to=PHONE) == 4
        assert outbound_send_queue(to=PHONE) == 0
        assert [b["text"]["body"] for b in cloud.sent()] == [f"message {i}" for i in range(4)]
        for row in rows:
            row.refresh_from_db()
            assert row.state == "sent"
            assert row.wamid.startswith("wamid.fake.")

    def test_500_three_times_then_delivered_once(self, cloud: FakeMeta, customer: Customer) -> None:
        (row,) = queue(customer)
        cloud.fail_next(500, times=3)
        now = timezone.now()
        for attempt in range(1, 5):
            with time_machine.travel(now + timedelta(minutes=10 * attempt)):
                outbox_sweep()
        row.refresh_from_db()
        assert (row.state, row.attempts) == ("sent", 4)
        assert len(cloud.sent()) == 1

    def test_backoff_grows_and_gives_up_at_the_maximum_age(self, cloud: FakeMeta, customer: Customer, settings) -> None:
        settings.ARTIST_WHATSAPP_NUMBER = "+447700900999"
        (row,) = queue(customer)
        cloud.fail_next(429, 130429, times=100)
        start = timezone.now()
        delays = []
        for _ in range(3):
            outbound_send_queue(to=PHONE)
            row.refresh_from_db()
            delays.append((row.due_at - timezone.now()).total_seconds())
            OutboundMessage.objects.filter(pk=row.pk).update(due_at=timezone.now())
        assert delays[0] < delays[1] < delays[2]
        with time_machine.travel(start + timedelta(hours=25)):
            outbound_send_queue(to=PHONE)
        row.refresh_from_db()
        assert row.state == "failed"
        assert SystemEvent.objects.filter(type="send_failure").exists()
        assert OutboundMessage.objects.filter(to="+447700900999", text__contains="could not be delivered").exists()

    def test_a_permanent_error_is_never_retried(self, cloud: FakeMeta, customer: Customer) -> None:
        (row,) = queue(customer)
        cloud.fail_next(400, 131026)
        outbound_send_queue(to=PHONE)
        row.refresh_from_db()
        assert (row.state, row.error_code) == ("failed", "131026")
        with time_machine.travel(timezone.now() + timedelta(hours=1)):
            outbox_sweep()
        assert len([r for r in cloud.requests if r.method == "POST"]) == 1

    def test_outside_the_window_uses_the_purpose_template(self, cloud: FakeMeta, customer: Customer, settings) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
        Customer.objects.filter(pk=customer.pk).update(last_inbound_at=timezone.now() - timedelta(hours=25))
        queue(customer)
        outbound_send_queue(to=PHONE)
        (body,) = cloud.sent()
        assert body["type"] == "template"
        assert body["template"]["name"] == "reengage_v1"
        assert body["template"]["language"] == {"code": "en_GB"}
        assert body["template"]["components"][0]["parameters"] == [{"type": "text", "text": "Ana"}]
        assert SystemEvent.objects.filter(type="template_fallback").exists()

    def test_meta_131047_switches_to_the_template(self, cloud: FakeMeta, customer: Customer, settings) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
        (row,) = queue(customer)
        cloud.fail_next(400, 131047)
        outbound_send_queue(to=PHONE)
        outbound_send_queue(to=PHONE)
        row.refresh_from_db()
        assert (row.state, row.kind, row.template_name) == ("sent", "template", "reengage_v1")

    def test_outside_the_window_without_a_template_fails_and_tells_the_artist(
        self, cloud: FakeMeta, customer: Customer, settings
    ) -> None:
        settings.ARTIST_WHATSAPP_NUMBER = "+447700900999"
        Customer.objects.filter(pk=customer.pk).update(last_inbound_at=timezone.now() - timedelta(days=2))
        (row,) = queue(customer)
        outbound_send_queue(to=PHONE)
        row.refresh_from_db()
        assert (row.state, row.error_code) == ("failed", "no_template")
        assert cloud.sent() == []
        assert OutboundMessage.objects.filter(to="+447700900999").exists()

    def test_opted_out_customers_get_only_the_confirmation(self, cloud: FakeMeta, customer: Customer) -> None:
        queue(customer, 2)
        queue(customer, 1, purpose="optout_confirmation", text="bye")
        Customer.objects.filter(pk=customer.pk).update(opted_out=True)
        outbound_send_queue(to=PHONE)
        outbound_send_queue(to=PHONE)
        outbound_send_queue(to=PHONE)
        assert [b["text"]["body"] for b in cloud.sent()] == ["bye"]

    def test_panic_mode_holds_everything_but_the_confirmations(self, cloud: FakeMeta, customer: Customer) -> None:
        queue(customer, 2)
        queue(customer, 1, purpose="erasure_confirmation", text="deleted")
        StudioSettings.objects.filter(pk=1).update(panic_mode=True)
        for _ in range(3):
            outbound_send_queue(to=PHONE)
        assert [b["text"]["body"] for b in cloud.sent()] == ["deleted"]

    def test_the_pair_limit_reschedules_beyond_a_burst_of_five(
        self, cloud: FakeMeta, customer: Customer, monkeypatch
    ) -> None:
        scheduled: list[tuple[str, tuple[object, ...], float]] = []
        monkeypatch.setattr(
            "conversations.messaging.sending.send_task_later",
            lambda name, *args, countdown: scheduled.append((name, args, countdown)),
        )
        rows = queue(customer, 7)
        assert outbound_send_queue(to=PHONE) == 5
        ((name, args, countdown),) = scheduled  # the queue resumes by itself when the limit allows
        assert (name, args) == ("conversations.send_outbound", (rows[5].pk,))
        assert 3 < countdown <= 6.5
        rows[5].refresh_from_db()
        assert rows[5].state == "queued"
        assert 3 < (rows[5].due_at - timezone.now()).total_seconds() <= 6.5
        assert len(cloud.sent()) == 5

    def test_a_row_held_back_by_the_pair_limit_keeps_its_place_in_line(
        self, cloud: FakeMeta, customer: Customer, monkeypatch
    ) -> None:
        """Found by the connection-drop fault test: the held-back row looked "scheduled for later",
        so the row after it went first once its own wait ended a moment earlier."""
        monkeypatch.setattr("conversations.messaging.sending.send_task_later", lambda *args, **kwargs: None)
        rows = queue(customer, 7)
        assert outbound_send_queue(to=PHONE) == 5  # the sixth is held back by the pair limit
        OutboundMessage.objects.filter(pk=rows[5].pk).update(due_at=timezone.now() + timedelta(seconds=1))
        monkeypatch.setattr("conversations.messaging.sending.pair_wait", lambda to: 0.0)  # the seventh's wait is over

        assert outbound_send_queue(to=PHONE) == 0  # the seventh waits behind the sixth
        OutboundMessage.objects.filter(pk=rows[5].pk).update(due_at=timezone.now())
        assert outbound_send_queue(to=PHONE) == 2

        assert [b["text"]["body"] for b in cloud.sent()] == [f"message {i}" for i in range(7)]

    def test_a_row_that_fails_for_good_does_not_hold_back_the_rows_after_it(
        self, cloud: FakeMeta, customer: Customer
    ) -> None:
        """With one send task per turn, nobody else would come for the rest until the sweeper."""
        rows = queue(customer, 3)
        cloud.fail_next(400, 131026)  # permanent: undeliverable

        assert outbound_send_queue(to=PHONE) == 2

        assert OutboundMessage.objects.get(pk=rows[0].pk).state == "failed"
        assert [b["text"]["body"] for b in cloud.sent()] == ["message 1", "message 2"]

    def test_a_row_switched_to_its_template_goes_first_and_the_rest_follow(
        self, cloud: FakeMeta, customer: Customer, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
        queue(customer, 3)
        cloud.fail_next(400, 131047)  # Meta: outside the 24-hour window

        assert outbound_send_queue(to=PHONE) == 3

        sent = cloud.sent()
        assert sent[0]["type"] == "template"
        assert [b["text"]["body"] for b in sent[1:]] == ["message 1", "message 2"]

    def test_a_run_stopped_by_a_retry_gives_back_the_rows_after_it(self, cloud: FakeMeta, customer: Customer) -> None:
        rows = queue(customer, 4)
        cloud.fail_next(500, times=1)

        assert outbound_send_queue(to=PHONE) == 0  # the head failed: the run of four stops there

        states = {row.pk: (row.state, row.attempts) for row in OutboundMessage.objects.all()}
        assert states[rows[0].pk][0] == "queued"
        assert states[rows[0].pk][1] == 1  # one attempt, retried later
        assert all(states[row.pk] == ("queued", 0) for row in rows[1:])  # claimed, untried, given back
        assert cloud.sent() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_ends_at_a_row_another_worker_holds(settings, meta: FakeMeta, make_customer) -> None:
    """Rows are claimed in runs, but never past one held elsewhere: nothing overtakes it."""
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_BASE_URL = meta.base_url
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
    customer = make_customer(wa_id=PHONE)
    Customer.objects.filter(pk=customer.pk).update(last_inbound_at=timezone.now())
    rows = queue(customer, 3)
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]) as other:
        other.execute("SELECT 1 FROM conversations_outboundmessage WHERE id = %s FOR UPDATE", [rows[1].pk])

        assert outbound_send_queue(to=PHONE) == 1  # the first; the second is held, the third waits

        assert [b["text"]["body"] for b in meta.sent()] == ["message 0"]
        assert OutboundMessage.objects.get(pk=rows[2].pk).state == "queued"
        other.rollback()
    assert outbound_send_queue(to=PHONE) == 2
    assert [b["text"]["body"] for b in meta.sent()] == ["message 0", "message 1", "message 2"]


class TestMedia:
    @pytest.fixture
    def media(self, customer: Customer, make_lead, settings, tmp_path):
        from conversations.models import ReferenceMedia

        settings.MEDIA_ROOT = tmp_path
        lead = make_lead(customer=customer)
        return ReferenceMedia.objects.create(lead=lead, media_id="m1", mime_type="image/png")

    def test_fetched_into_storage(self, cloud: FakeMeta, media) -> None:
        from conversations.messaging.media import media_fetch

        cloud.media["m1"] = (b"\x89PNG data", "image/png")
        assert media_fetch(media_pk=media.pk) == "stored"
        media.refresh_from_db()
        assert media.file.read() == b"\x89PNG data"
        assert (media.size_bytes, media.state) == (len(b"\x89PNG data"), "stored")
        assert media_fetch(media_pk=media.pk) == "stored"  # idempotent
        assert len([r for r in cloud.requests if "/download/" in r.path]) == 1

    def test_over_16_mb_is_refused(self, cloud: FakeMeta, media, monkeypatch) -> None:
        from conversations.messaging import media as media_module

        monkeypatch.setattr(media_module, "MAX_MEDIA_BYTES", 8)
        cloud.media["m1"] = (b"0123456789", "image/png")
        assert media_module.media_fetch(media_pk=media.pk) == "failed"
        media.refresh_from_db()
        assert "over 16 MB" in media.error
        assert not media.file

    def test_wrong_type_is_refused(self, cloud: FakeMeta, media) -> None:
        from conversations.messaging.media import media_fetch

        cloud.media["m1"] = (b"MZ\x90", "application/x-msdownload")
        assert media_fetch(media_pk=media.pk) == "failed"

    def test_transient_errors_are_raised_for_the_task_to_retry(self, cloud: FakeMeta, media) -> None:
        from conversations.messaging.media import media_fetch

        cloud.fail_next(503)
        with pytest.raises(WhatsAppError):
            media_fetch(media_pk=media.pk)
        media.refresh_from_db()
        assert media.state == "pending"

    def test_staff_see_it_in_admin_and_nobody_else_can_open_it(self, cloud: FakeMeta, media, client) -> None:
        from django.contrib.auth.models import User

        from conversations.messaging.media import media_fetch

        cloud.media["m1"] = (b"\x89PNG data", "image/png")
        media_fetch(media_pk=media.pk)
        url = f"/staff/media/{media.pk}"
        assert client.get(url).status_code == 302  # to the admin login
        client.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
        page = client.get(f"/admin/leads/lead/{media.lead_id}/change/")
        assert f'<img src="{url}"'.encode() in page.content
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert b"".join(response.streaming_content) == b"\x89PNG data"


def test_a_failed_delivery_status_tells_the_artist(cloud: FakeMeta, customer: Customer, settings, client) -> None:
    from tests.conversations.chat import post_signed, status_body

    settings.ARTIST_WHATSAPP_NUMBER = "+447700900999"
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    (row,) = queue(customer)
    outbound_send_queue(to=PHONE)
    row.refresh_from_db()
    body = status_body(row.wamid, "failed", 131026, "Message undeliverable")
    assert post_signed(client, body).status_code == 200
    row.refresh_from_db()
    assert (row.state, row.error_code) == ("failed", "131026")
    alert = OutboundMessage.objects.get(to="+447700900999")
    assert "undelivered" in alert.text


def test_broker_down_at_commit_then_the_sweeper_sends_it(
    cloud: FakeMeta, customer: Customer, monkeypatch, django_capture_on_commit_callbacks, caplog
) -> None:
    from kombu.exceptions import OperationalError

    from conversations.messaging.outbox import outbox_enqueue
    from conversations.tasks import send_outbound

    def broker_down(*args: object, **kwargs: object) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_outbound, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox_enqueue(key="down-1", to=PHONE, text="still here", customer=customer)
    assert row is not None
    row.refresh_from_db()
    assert row.state == "queued"  # the publish failed, the row did not
    assert cloud.sent() == []

    assert outbox_sweep() == 1
    assert [b["text"]["body"] for b in cloud.sent()] == ["still here"]


def test_the_send_task_after_commit_delivers_through_the_cloud(
    cloud: FakeMeta, customer: Customer, django_capture_on_commit_callbacks
) -> None:
    from conversations.messaging.outbox import outbox_enqueue

    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(key="task-1", to=PHONE, text="via the task", customer=customer)
    assert [b["text"]["body"] for b in cloud.sent()] == ["via the task"]


def test_outside_the_artists_window_the_alert_template_carries_the_quick_replies(
    cloud: FakeMeta, settings, make_lead
) -> None:
    settings.ARTIST_WHATSAPP_NUMBER = "+447700900999"
    settings.WHATSAPP_TEMPLATES = {"artist_alert": "artist_alert_v1"}
    lead = make_lead(status="pending_approval")
    buttons = [{"id": f"{a}:{lead.pk}", "title": a.capitalize()} for a in ("approve", "reject", "open")]
    OutboundMessage.objects.create(
        idempotency_key="alert-1", to="+447700900999", lead=lead, purpose="artist_alert", kind="buttons",
        text="New request", payload={"buttons": buttons}, due_at=timezone.now(),
    )  # fmt: skip
    outbound_send_queue(to="+447700900999")
    (body,) = cloud.sent()
    components = body["template"]["components"]
    assert body["template"]["name"] == "artist_alert_v1"
    assert components[0] == {"type": "body", "parameters": [{"type": "text", "text": "New request"}]}
    assert [c["parameters"][0]["payload"] for c in components[1:]] == [b["id"] for b in buttons]
    assert [(c["sub_type"], c["index"]) for c in components[1:]] == [
        ("quick_reply", "0"),
        ("quick_reply", "1"),
        ("quick_reply", "2"),
    ]


class TestReviewFixes:
    def test_redis_down_at_send_time_requeues_instead_of_sticking(
        self, cloud: FakeMeta, customer: Customer, monkeypatch
    ) -> None:
        import redis

        def down(to: str) -> float:
            raise redis.ConnectionError("Connection refused")

        monkeypatch.setattr("conversations.messaging.sending.pair_wait", down)
        (row,) = queue(customer)
        assert outbound_send_queue(to=PHONE) == 0
        row.refresh_from_db()
        assert row.state == "queued"
        assert "ConnectionError" in row.last_error

    def test_a_message_scheduled_for_later_does_not_hold_back_replies(
        self, cloud: FakeMeta, customer: Customer
    ) -> None:
        queue(customer, 1, idempotency_key="later", text="tomorrow", due_at=timezone.now() + timedelta(days=1))
        queue(customer, 1, idempotency_key="now", text="right now")
        assert outbound_send_queue(to=PHONE) == 1
        assert [b["text"]["body"] for b in cloud.sent()] == ["right now"]

    def test_a_customer_template_never_carries_the_question_buttons(
        self, cloud: FakeMeta, customer: Customer, settings
    ) -> None:
        settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
        Customer.objects.filter(pk=customer.pk).update(last_inbound_at=timezone.now() - timedelta(days=2))
        queue(customer, 1, kind="buttons", payload={"buttons": [{"id": "yes", "title": "YES"}]})
        outbound_send_queue(to=PHONE)
        (body,) = cloud.sent()
        assert [c["type"] for c in body["template"]["components"]] == ["body"]

    def test_svg_and_mismatched_downloads_are_refused(
        self, cloud: FakeMeta, customer: Customer, make_lead, settings, tmp_path
    ) -> None:
        from conversations.messaging.media import media_fetch
        from conversations.models import ReferenceMedia

        settings.MEDIA_ROOT = tmp_path
        lead = make_lead(customer=customer)
        svg = ReferenceMedia.objects.create(lead=lead, media_id="svg1")
        cloud.media["svg1"] = (b"<svg onload=alert(1)>", "image/svg+xml")
        assert media_fetch(media_pk=svg.pk) == "failed"


def test_artist_alert_template_parameter_is_one_line(cloud: FakeMeta, settings, make_lead) -> None:
    settings.ARTIST_WHATSAPP_NUMBER = "+447700900999"
    settings.WHATSAPP_TEMPLATES = {"artist_alert": "artist_alert_v1"}
    lead = make_lead(status="pending_approval")
    OutboundMessage.objects.create(
        idempotency_key="alert-2", to="+447700900999", lead=lead, purpose="artist_alert",
        text="New request #1\n\tIdea:    a fern", due_at=timezone.now(),
    )  # fmt: skip
    outbound_send_queue(to="+447700900999")
    (body,) = cloud.sent()
    assert body["template"]["components"][0]["parameters"][0]["text"] == "New request #1 Idea: a fern"


def test_a_131047_delivery_failure_goes_again_as_the_template(
    cloud: FakeMeta, customer: Customer, settings, client
) -> None:
    from tests.conversations.chat import post_signed, status_body

    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    settings.WHATSAPP_TEMPLATES = {"reengage": "reengage_v1"}
    (row,) = queue(customer)
    outbound_send_queue(to=PHONE)
    row.refresh_from_db()
    body = status_body(row.wamid, "failed", 131047, "Re-engagement message")
    assert post_signed(client, body).status_code == 200
    outbound_send_queue(to=PHONE)
    row.refresh_from_db()
    assert (row.state, row.kind, row.template_name) == ("sent", "template", "reengage_v1")
    assert [b["type"] for b in cloud.sent()] == ["text", "template"]


def test_media_gives_up_after_its_retries(cloud: FakeMeta, customer: Customer, make_lead) -> None:
    from conversations.models import ReferenceMedia
    from conversations.tasks import MEDIA_RETRIES, fetch_media

    media = ReferenceMedia.objects.create(lead=make_lead(customer=customer), media_id="m9")
    cloud.fail_next(503, times=1)
    fetch_media.push_request(retries=MEDIA_RETRIES)  # type: ignore[call-arg]  # celery-types lacks the kwargs
    try:
        assert fetch_media.run(media.pk) == "failed"
    finally:
        fetch_media.pop_request()
    media.refresh_from_db()
    assert media.state == "failed"
    assert "gave up" in media.error


def test_the_pipeline_keeps_one_connection_to_meta_across_sends(settings, customer: Customer) -> None:
    """Before: a new HTTP session per message, so a TCP (and, at Meta, TLS) handshake per send."""
    keep_alive = FakeMeta(keep_alive=True).start()
    try:
        settings.WHATSAPP_BACKEND = "cloud"
        settings.WHATSAPP_API_BASE_URL = keep_alive.base_url
        settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
        queue(customer, 4)
        assert outbound_send_queue(to=PHONE) == 4
        assert len({request.peer for request in keep_alive.requests}) == 1

        settings.WHATSAPP_ACCESS_TOKEN = "EAAB-rotated-token"  # a changed setting takes effect at once
        queue(customer, 1, idempotency_key="after-rotation")
        assert outbound_send_queue(to=PHONE) == 1
        assert keep_alive.requests[-1].headers["Authorization"] == "Bearer EAAB-rotated-token"
    finally:
        keep_alive.stop()

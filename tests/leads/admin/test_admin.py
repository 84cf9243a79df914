"""Every model is in admin, every page renders, and the lead status is read-only there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from conversations.models import (
    CopyOverride,
    EarlyStatus,
    OutboundMessage,
    ProcessedMessage,
    ReferenceMedia,
    TemplateStatus,
    TranscriptMessage,
)
from leads.models import (
    ActionToken,
    Answer,
    Appointment,
    CalendarEventDeletion,
    ConsentForm,
    StatusChange,
    StudioSettings,
    SystemEvent,
    TourStop,
)
from payments.models import Deposit, StripeEvent

pytestmark = pytest.mark.django_db
PROJECT_APPS = ("leads", "conversations", "payments")
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def admin_client_logged_in() -> Client:
    user = User.objects.create_superuser("boss", password="pw-boss-123")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def one_of_everything(make_lead) -> None:
    lead = make_lead(status="pending_approval", idea="a swallow", budget_text="£500", city="London")
    Answer.objects.create(lead=lead, question_key="idea", raw_text="a swallow", answered_at=AT)
    TourStop.objects.create(city="Berlin", country="DE", start_date="2026-03-01", end_date="2026-03-04")
    appointment = Appointment.objects.create(lead=lead, start=AT, end=AT + timedelta(hours=2))
    CalendarEventDeletion.objects.create(appointment=appointment, event_id="tattoobot100000")
    ConsentForm.objects.create(lead=lead, appointment=appointment, answers=[{"question": "18+?", "answer": "yes"}])
    SystemEvent.objects.create(type="signature_failure", lead=lead, payload={"ip": "127.0.0.1"})
    ActionToken.objects.create(token_hash="h" * 64, lead=lead, action="approve", lead_status=lead.status, expires_at=AT)
    ProcessedMessage.objects.create(message_id="wamid.1", customer=lead.customer, lead=lead)
    message = TranscriptMessage.objects.create(customer=lead.customer, lead=lead, direction="in", text="hi", at=AT)
    ReferenceMedia.objects.create(lead=lead, transcript_message=message, media_id="m1")
    OutboundMessage.objects.create(idempotency_key="k", to="+447700900001", lead=lead, due_at=AT)
    deposit = Deposit.objects.create(lead=lead, amount=15000, currency="gbp", rule="size:small")
    StripeEvent.objects.create(event_id="evt_1", type="checkout.session.completed", payload={}, deposit=deposit)
    CopyOverride.objects.create(template="welcome", body="Hi {{ name }}!")
    EarlyStatus.objects.create(wamid="wamid.early", status="delivered")
    TemplateStatus.objects.create(name="next_steps", language="en_gb", status="PAUSED", usable=False)


def test_every_project_model_is_registered() -> None:
    models = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]
    missing = [m.__name__ for m in models if m not in admin.site._registry]
    assert missing == []


@pytest.mark.usefixtures("one_of_everything")
def test_every_changelist_and_change_page_renders(admin_client_logged_in: Client) -> None:
    for model in admin.site._registry:
        if model._meta.app_label not in PROJECT_APPS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        changelist = admin_client_logged_in.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        obj = model._default_manager.first()
        assert obj is not None, info
        change = admin_client_logged_in.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert change.status_code == 200, info


def test_lead_changelist_searches_by_phone_and_name(admin_client_logged_in: Client, make_lead, make_customer) -> None:
    make_lead(customer=make_customer(wa_id="+447700900321", profile_name="Zed"))
    make_lead(customer=make_customer(wa_id="+447700900322", profile_name="Yara"))
    url = reverse("admin:leads_lead_changelist")
    by_phone = admin_client_logged_in.get(url, {"q": "900321"})
    assert b"Zed" in by_phone.content
    assert b"Yara" not in by_phone.content
    by_name = admin_client_logged_in.get(url, {"q": "Yara"})
    assert b"Yara" in by_name.content


def test_lead_status_cannot_be_edited_in_admin(admin_client_logged_in: Client, make_lead) -> None:
    lead = make_lead(status="pending_approval")
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    page = admin_client_logged_in.get(url)
    assert b'name="status"' not in page.content
    admin_client_logged_in.post(url, {"status": "booked"})
    lead.refresh_from_db()
    assert lead.status == "pending_approval"
    assert not StatusChange.objects.filter(lead=lead, to_status="booked").exists()


def test_studio_settings_are_edited_and_validated(admin_client_logged_in: Client) -> None:
    url = reverse("admin:leads_studiosettings_change", args=[1])
    form = admin_client_logged_in.get(url).context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data["working_hours"] = '{"mon": ["09:00", "17:00"]}'
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False and v is not None}

    bad = admin_client_logged_in.post(url, {**data, "timezone": "Mars/Olympus"})
    assert bad.status_code == 200  # form redisplayed with the error
    assert StudioSettings.load().timezone == "Europe/London"

    good = admin_client_logged_in.post(url, data)
    assert good.status_code == 302
    assert StudioSettings.load().working_hours == {"mon": ["09:00", "17:00"]}

    # The booking policy and the after-care settings are the artist's to edit here too.
    policy = {
        "reschedule_notice_hours": "48",
        "free_reschedules": "2",
        "refund_notice_days": "14",
        "late_change_rule": "artist",
        "review_link": "https://g.page/r/studio-review",
        "consent_retention_days": "365",
    }
    assert admin_client_logged_in.post(url, {**data, **policy}).status_code == 302
    studio = StudioSettings.load()
    assert (studio.reschedule_notice_hours, studio.free_reschedules, studio.refund_notice_days) == (48, 2, 14)
    assert (studio.late_change_rule, studio.review_link, studio.consent_retention_days) == (
        "artist",
        "https://g.page/r/studio-review",
        365,
    )
    bad_rule = admin_client_logged_in.post(url, {**data, "late_change_rule": "shrug"})
    assert bad_rule.status_code == 200
    assert StudioSettings.load().late_change_rule == "artist"


def test_staff_without_login_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/admin/leads/lead/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

"""The signed consent form is shown to the artist: on the lead's admin page and in the Lead JSON detail;
the studio edits the questions in admin, in their order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from leads.models import Appointment, ConsentForm, ConsentQuestion, Lead

pytestmark = pytest.mark.django_db
AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ANSWERS = [
    {"question": "Do you have any allergies?", "kind": "yes_no", "answer": "yes"},
    {"question": "If yes, please tell us what you are allergic to.", "kind": "text", "answer": "latex"},
]


@pytest.fixture
def artist() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("mika", password="pw-mika-123"))
    return client


def signed_lead(make_lead: Callable[..., Lead]) -> Lead:
    lead = make_lead(status="booked")
    appointment = Appointment.objects.create(
        lead=lead, start=AT + timedelta(days=2), end=AT + timedelta(days=2, hours=3)
    )
    ConsentForm.objects.create(
        lead=lead,
        appointment=appointment,
        sent_at=AT,
        signed_at=AT + timedelta(hours=1),
        typed_name="Ana Lima",
        answers=ANSWERS,
        ip="203.0.113.9",
    )
    return lead


def test_the_lead_page_shows_the_signed_form(artist: Client, make_lead: Callable[..., Lead]) -> None:
    lead = signed_lead(make_lead)
    html = artist.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "consent forms" in html.lower()
    assert "<strong>signed</strong>" in html
    assert "Ana Lima" in html
    assert "203.0.113.9" in html
    assert "If yes, please tell us what you are allergic to.: <strong>latex</strong>" in html


def test_an_unsigned_form_says_so(artist: Client, make_lead: Callable[..., Lead]) -> None:
    lead = make_lead(status="booked")
    appointment = Appointment.objects.create(lead=lead, start=AT, end=AT + timedelta(hours=2))
    ConsentForm.objects.create(lead=lead, appointment=appointment, sent_at=AT)
    html = artist.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "not signed" in html


def test_the_lead_json_has_the_consent(staff_client: APIClient, make_lead: Callable[..., Lead]) -> None:
    lead = signed_lead(make_lead)
    consent = staff_client.get(f"/api/leads/{lead.pk}/").json()["consent"]
    assert consent == {
        "sent_at": "2026-12-02T09:00:00Z",
        "signed_at": "2026-12-02T10:00:00Z",
        "typed_name": "Ana Lima",
        "answers": ANSWERS,
    }
    fresh = make_lead()
    assert staff_client.get(f"/api/leads/{fresh.pk}/").json()["consent"]["signed_at"] is None


def test_the_current_appointments_form_is_the_one_shown(
    staff_client: APIClient, make_lead: Callable[..., Lead]
) -> None:
    """A rescheduled appointment has a form of its own; the JSON shows the standing one's."""
    lead = signed_lead(make_lead)
    Appointment.objects.filter(lead=lead).update(status="released")
    later = Appointment.objects.create(lead=lead, start=AT + timedelta(days=9), end=AT + timedelta(days=9, hours=3))
    ConsentForm.objects.create(lead=lead, appointment=later, sent_at=AT + timedelta(days=7))
    consent = staff_client.get(f"/api/leads/{lead.pk}/").json()["consent"]
    assert consent["signed_at"] is None
    assert consent["sent_at"] == "2026-12-09T09:00:00Z"


def test_the_studio_edits_the_questions_in_order(artist: Client) -> None:
    response = artist.get("/admin/leads/consentquestion/")
    assert response.status_code == 200
    html = response.content.decode()
    texts = [q.text for q in ConsentQuestion.objects.order_by("position")]
    positions = [html.index(text.replace("'", "&#x27;")) for text in texts]
    assert positions == sorted(positions)
    add = artist.post(
        "/admin/leads/consentquestion/add/",
        {"text": "Have you eaten today?", "kind": "yes_no", "required": "on", "position": 5, "active": "on"},
    )
    assert add.status_code == 302
    first = ConsentQuestion.objects.order_by("position", "id").first()
    assert first is not None
    assert first.text == "Have you eaten today?"

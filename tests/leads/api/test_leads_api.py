"""GET /api/leads/ and /api/leads/{id}/ (README.md): auth, filters, and the exact Lead JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conversations.models import OutboundMessage, ReferenceMedia, TranscriptMessage
from leads.models import Answer, Appointment, Artist, Lead, TourStop
from leads.services import lead_transition
from payments.models import Deposit

pytestmark = pytest.mark.django_db

# README.md, transcribed.
LIST_KEYS = {
    "id", "phone", "user_id", "username", "name", "status", "qualifying_step", "current_question", "idea",
    "placement", "size_text",
    "size_width_cm", "size_height_cm", "size_category", "style", "budget_text", "budget_min", "budget_max",
    "budget_currency", "city", "country", "region", "tour_stop", "availability", "needs_artist", "created_at",
    "updated_at", "last_inbound_at", "can_travel", "estimate_min", "estimate_max", "artist", "language",
}  # fmt: skip
DETAIL_KEYS = LIST_KEYS | {
    "answers", "media", "transcript", "history", "deposits", "appointment", "questions", "outbox",
    "appointments", "sessions_planned", "reschedules_used", "ledger",
    "consent",
}  # fmt: skip


class TestAuth:
    def test_anonymous_is_401(self, make_lead) -> None:
        lead = make_lead()
        for url in ("/api/leads/", f"/api/leads/{lead.pk}/"):
            response = APIClient().get(url)
            assert response.status_code == 401
            assert response.json()["error"] == "not_authenticated"

    def test_non_staff_is_403(self, make_lead) -> None:
        user = User.objects.create_user("customer-ish", password="pw-12345-abc")
        client = APIClient()
        client.force_login(user)
        response = client.get("/api/leads/")
        assert response.status_code == 403
        assert response.json()["error"] == "permission_denied"

    def test_bad_token_is_401(self) -> None:
        response = APIClient().get("/api/leads/", HTTP_AUTHORIZATION="Token not-a-real-token")
        assert response.status_code == 401

    def test_staff_token_works(self, staff_user: User, make_lead) -> None:
        make_lead()
        token = Token.objects.create(user=staff_user)
        response = APIClient().get("/api/leads/", HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code == 200
        assert response.json()["count"] == 1

    def test_staff_session_works(self, staff_client: APIClient) -> None:
        assert staff_client.get("/api/leads/").status_code == 200


class TestList:
    def test_items_have_exactly_the_spec_fields(self, staff_client: APIClient, make_lead) -> None:
        make_lead()
        body = staff_client.get("/api/leads/").json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert set(body["results"][0]) == LIST_KEYS

    def test_values_are_typed(self, staff_client: APIClient, make_lead, make_customer) -> None:
        stop = TourStop.objects.create(city="Berlin", country="DE", start_date="2026-03-01", end_date="2026-03-04")
        make_lead(
            customer=make_customer(wa_id="447700900555", profile_name="Ana"),
            size_width_cm="10.0",
            size_height_cm="15.5",
            budget_min=40000,
            budget_max=60000,
            budget_currency="gbp",
            tour_stop=stop,
        )
        (item,) = staff_client.get("/api/leads/").json()["results"]
        assert item["phone"] == "+447700900555"
        assert item["name"] == "Ana"
        assert item["status"] == "new"
        assert (item["size_width_cm"], item["size_height_cm"]) == (10.0, 15.5)
        assert (item["budget_min"], item["budget_max"]) == (40000, 60000)
        assert item["tour_stop"] == {
            "id": stop.pk,
            "city": "Berlin",
            "country": "DE",
            "start_date": "2026-03-01",
            "end_date": "2026-03-04",
        }
        assert item["needs_artist"] is False
        assert item["last_inbound_at"] is None
        assert datetime.fromisoformat(item["created_at"]).tzinfo is not None

    def test_newest_first_and_paginated(self, staff_client: APIClient, make_lead) -> None:
        leads = [make_lead() for _ in range(55)]
        base = datetime(2026, 1, 1, tzinfo=UTC)
        for i, lead in enumerate(leads):
            Lead.objects.filter(pk=lead.pk).update(created_at=base + timedelta(minutes=i))
        first = staff_client.get("/api/leads/").json()
        assert first["count"] == 55
        assert [r["id"] for r in first["results"]][:3] == [leads[54].pk, leads[53].pk, leads[52].pk]
        assert len(first["results"]) == 50
        assert first["previous"] is None
        second = staff_client.get(first["next"]).json()
        assert [r["id"] for r in second["results"]] == [lead.pk for lead in reversed(leads[:5])]

    @pytest.mark.parametrize("phone", ["+447700900777", "447700900777", "%2B447700900777", "+44 7700 900777"])
    def test_phone_filter_with_or_without_plus(self, staff_client: APIClient, make_lead, make_customer, phone) -> None:
        wanted = make_lead(customer=make_customer(wa_id="+447700900777"))
        make_lead(customer=make_customer(wa_id="+447700900778"))
        body = staff_client.get(f"/api/leads/?phone={phone}").json()
        assert [r["id"] for r in body["results"]] == [wanted.pk]

    def test_status_filter(self, staff_client: APIClient, make_lead) -> None:
        wanted = make_lead(status="pending_approval")
        make_lead(status="qualifying")
        body = staff_client.get("/api/leads/?status=pending_approval").json()
        assert [r["id"] for r in body["results"]] == [wanted.pk]

    @pytest.mark.parametrize("query", ["status=bogus", "phone=12", "phone=abc"])
    def test_bad_filters_are_400(self, staff_client: APIClient, query: str) -> None:
        response = staff_client.get(f"/api/leads/?{query}")
        assert response.status_code == 400
        assert response.json()["error"] == "invalid"

    def test_query_count_does_not_grow_with_leads(
        self, staff_client: APIClient, make_lead, django_assert_max_num_queries
    ) -> None:
        for _ in range(30):
            make_lead()
        with django_assert_max_num_queries(7):  # 6, and whether the user is an artist's (who sees its own)
            assert staff_client.get("/api/leads/").status_code == 200


class TestDetail:
    def test_unknown_id_is_json_404(self, staff_client: APIClient) -> None:
        response = staff_client.get("/api/leads/999999/")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

    def test_new_lead_has_every_field_with_empty_values(self, staff_client: APIClient, make_lead) -> None:
        lead = make_lead()
        body = staff_client.get(f"/api/leads/{lead.pk}/").json()
        assert set(body) == DETAIL_KEYS
        assert body["appointment"] is None
        assert body["answers"] == body["media"] == body["transcript"] == body["deposits"] == body["outbox"] == []
        assert body["questions"] == []
        assert body["appointments"] == body["ledger"] == []
        assert (body["sessions_planned"], body["reschedules_used"]) == (1, 0)
        assert body["can_travel"] is body["estimate_min"] is body["estimate_max"] is None
        assert body["artist"] == Artist.objects.get().pk  # a one-artist studio: the artist's at once
        assert body["history"][0]["from"] is None
        assert body["history"][0]["to"] == "new"

    def test_full_lead(self, staff_client: APIClient, make_lead, django_assert_max_num_queries) -> None:
        lead = make_lead(status="pending_approval")
        at = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
        Answer.objects.create(
            lead=lead, question_key="idea", raw_text="a swallow", parsed_value="a swallow", answered_at=at
        )
        TranscriptMessage.objects.create(
            customer=lead.customer, lead=lead, direction="in", by="customer", text="hi", at=at
        )
        TranscriptMessage.objects.create(customer=lead.customer, lead=lead, direction="out", text="hello", at=at)
        TranscriptMessage.objects.create(
            customer=lead.customer, lead=lead, direction="out", by="artist", text="see you soon", at=at
        )
        ReferenceMedia.objects.create(lead=lead, media_id="m1", mime_type="image/jpeg")
        Deposit.objects.create(lead=lead, amount=15000, currency="gbp", rule="size:small")
        OutboundMessage.objects.create(idempotency_key="k1", to=lead.customer.wa_id, lead=lead, text="hello", due_at=at)
        lead_transition(lead=lead, name="approve", actor="artist:staff", reason="looks great")
        start = datetime(2026, 7, 10, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)
        Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))

        with django_assert_max_num_queries(14):
            body = staff_client.get(f"/api/leads/{lead.pk}/").json()

        assert body["answers"] == [
            {"question": "idea", "raw_text": "a swallow", "value": "a swallow", "at": "2026-07-01T09:00:00Z"}
        ]
        assert [(m["direction"], m["by"], m["text"]) for m in body["transcript"]] == [
            ("in", "customer", "hi"),
            ("out", "bot", "hello"),
            ("out", "artist", "see you soon"),
        ]
        assert set(body["transcript"][0]) == {"direction", "by", "text", "at"}
        assert body["media"][0]["mime_type"] == "image/jpeg"
        assert body["media"][0]["url"] is None
        assert body["deposits"][0]["amount"] == 15000
        assert body["outbox"][0]["text"] == "hello"
        last = body["history"][-1]
        assert set(last) == {"from", "to", "reason", "actor", "at"}
        assert (last["from"], last["to"], last["reason"], last["actor"]) == (
            "pending_approval",
            "awaiting_deposit",
            "looks great",
            "artist:staff",
        )
        assert body["appointment"] == {"start": "2026-07-10T10:00:00+01:00", "end": "2026-07-10T13:00:00+01:00"}
        assert body["status"] == "awaiting_deposit"


def test_openapi_schema_is_served_to_staff_only(staff_client: APIClient) -> None:
    assert APIClient().get("/api/schema/").status_code == 401
    assert APIClient().get("/api/schema/ui/").status_code in (401, 403)
    response = staff_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/leads/" in paths
    assert "/api/leads/{lead_id}/" in paths


def test_openapi_schema_validates_without_warnings(tmp_path) -> None:
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/leads/{lead_id}/approve/", "/api/leads/{lead_id}/messages/", "/api/metrics/funnel/"):
        assert path in text

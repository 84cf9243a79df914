"""The healed photo (docs/booking.md "After the session"), through the real webhook path: an image
sent in ``completed`` after the healed-photo request is kept as the healed photo, the customer
thanked once, the artist told; shown with its label on the lead's admin page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from conversations.models import OutboundMessage, ReferenceMedia
from leads.aftercare import healed_photo_requests
from leads.models import Appointment, Lead
from leads.services import customer_get_or_create, lead_create
from tests.conftest import force_status
from tests.conversations.chat import Customer, artist_messages, post_signed
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db

FIXTURE = FIXTURES / "whatsapp" / "image_with_caption.json"  # from +972987654321, caption "caption"
PHONE = "+972987654321"


def completed_piece(*, asked: bool) -> Lead:
    """A piece finished six weeks ago (its status changed then, over 30 days ago); with ``asked``,
    the healed-photo timer has sent its request."""
    customer = customer_get_or_create(wa_id=PHONE, profile_name="Test Name")
    lead = force_status(lead_create(customer=customer), "completed")
    finished = timezone.now() - timedelta(weeks=6, hours=1)
    Lead.objects.filter(pk=lead.pk).update(status_changed_at=finished)
    Appointment.objects.create(
        lead=lead,
        start=finished - timedelta(hours=3),
        end=finished,
        status="completed",
        finished_at=finished,
        aftercare_sent_at=finished,
        checkin_sent_at=finished + timedelta(days=3),
    )
    if asked:
        assert healed_photo_requests(now=timezone.now()) == 1
    lead.refresh_from_db()
    return lead


def thanks(lead: Lead) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(idempotency_key=f"healed-photo-thanks:{lead.pk}"))


def test_a_photo_after_the_request_is_the_healed_photo_thanked_once(client: Client) -> None:
    lead = completed_piece(asked=True)

    response = post_signed(client, FIXTURE.read_bytes())  # Meta's own image message

    assert response.status_code == 200
    assert Lead.objects.filter(customer=lead.customer).count() == 1  # kept with the piece, no new enquiry
    [photo] = ReferenceMedia.objects.filter(lead=lead)
    assert photo.healed
    assert photo.media_id == "65463453"
    [thanked] = thanks(lead)
    assert thanked.to == PHONE
    assert "thank" in thanked.text.lower()
    assert any(text.startswith("Test Name (") and '"[healed photo] caption"' in text for text in artist_messages())

    # A second photo is kept as healed too; the customer is not thanked again.
    Customer(client, phone=PHONE, name="Test Name").sends_image()
    assert ReferenceMedia.objects.filter(lead=lead, healed=True).count() == 2
    assert len(thanks(lead)) == 1
    assert Lead.objects.get(pk=lead.pk).status == "completed"


def test_a_photo_before_the_request_is_kept_but_not_marked(client: Client) -> None:
    lead = completed_piece(asked=False)
    Lead.objects.filter(pk=lead.pk).update(status_changed_at=timezone.now())  # finished recently

    Customer(client, phone=PHONE, name="Test Name").sends_image(caption="all good so far")

    [photo] = ReferenceMedia.objects.filter(lead=lead)
    assert not photo.healed
    assert thanks(lead) == []
    assert any('"all good so far"' in text for text in artist_messages())  # told, as any message in completed


def test_a_text_after_the_request_is_kept_for_the_artist_only(client: Client) -> None:
    lead = completed_piece(asked=True)
    customer = Customer(client, phone=PHONE, name="Test Name")
    assert len(customer.replies()) == 1  # the healed-photo request
    assert customer.says("it healed really well, thanks!") == []  # no automated reply
    assert not ReferenceMedia.objects.filter(lead=lead).exists()
    assert any('"it healed really well, thanks!"' in text for text in artist_messages())


def test_the_lead_page_labels_the_healed_photo(client: Client) -> None:
    lead = completed_piece(asked=True)
    post_signed(client, FIXTURE.read_bytes())
    admin = User.objects.create_superuser("boss", password="pw-boss-123")
    client.force_login(admin)
    page = client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert page.count("Healed photo") == 1

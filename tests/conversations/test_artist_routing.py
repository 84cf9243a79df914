"""Several artists on one number: each lead's notifications go to its artist's number, an artist's
number is recognised as the artist's (its window, its taps), and a tap acts only on that artist's
leads — the studio's number on all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from conversations.messaging.notify import artist_alert, artist_notify, notify_artist_of_failure
from conversations.messaging.window import window_open
from conversations.models import OutboundMessage, OutboundPurpose
from leads.models import ActionToken, Artist, Customer, Lead, StudioSettings
from leads.tokens import action_token_issue
from tests.conftest import force_status
from tests.conversations.chat import ARTIST
from tests.conversations.chat import Customer as Chat

pytestmark = pytest.mark.django_db

KAI_NUMBER = "+447700900555"


@pytest.fixture
def mia() -> Artist:
    return Artist.objects.get()  # the first artist: no number of its own, so the studio's


@pytest.fixture
def kai(mia: Artist) -> Artist:
    return Artist.objects.create(name="Kai", whatsapp_number=KAI_NUMBER, position=1)


def _lead_of(make_lead, artist: Artist, status: str = "pending_approval") -> Lead:
    lead = make_lead()
    Lead.objects.filter(pk=lead.pk).update(artist=artist, size_category="large")
    force_status(lead, status)
    return Lead.objects.select_related("customer", "artist").get(pk=lead.pk)


def test_each_lead_s_notifications_go_to_its_artist_s_number(make_lead, mia: Artist, kai: Artist) -> None:
    kais, mias = _lead_of(make_lead, kai), _lead_of(make_lead, mia)
    assert artist_notify(lead=kais, key="k", template="artist_summary") is not None
    assert artist_notify(lead=mias, key="m", template="artist_summary") is not None
    assert OutboundMessage.objects.get(idempotency_key="k").to == KAI_NUMBER
    assert OutboundMessage.objects.get(idempotency_key="m").to == ARTIST  # ARTIST_WHATSAPP_NUMBER
    unassigned = make_lead()
    Lead.objects.filter(pk=unassigned.pk).update(artist=None)
    unassigned.refresh_from_db()
    assert artist_alert(key="u", text="x", lead=unassigned) is not None
    assert OutboundMessage.objects.get(idempotency_key="u").to == ARTIST  # nobody's yet: the studio's


def test_a_failed_send_is_told_to_the_lead_s_artist_and_a_failed_alert_to_nobody(make_lead, kai: Artist) -> None:
    lead = _lead_of(make_lead, kai)
    reply = OutboundMessage.objects.create(
        idempotency_key="r", to=lead.customer.address, text="hi", lead=lead, customer=lead.customer,
        due_at=timezone.now(),
    )  # fmt: skip
    notify_artist_of_failure(reply, "131026 undeliverable")
    assert OutboundMessage.objects.get(idempotency_key=f"send-failure:{reply.pk}").to == KAI_NUMBER
    alert = OutboundMessage.objects.create(
        idempotency_key="a", to=KAI_NUMBER, text="x", lead=lead, purpose=OutboundPurpose.ARTIST_ALERT,
        due_at=timezone.now(),
    )  # fmt: skip
    notify_artist_of_failure(alert, "131047 outside the window")
    assert not OutboundMessage.objects.filter(idempotency_key=f"send-failure:{alert.pk}").exists()


def test_an_artist_s_number_writing_is_the_artist_not_a_customer(client: Client, kai: Artist) -> None:
    Chat(client, phone=KAI_NUMBER, name="Kai").says("morning!")
    assert not Customer.objects.filter(wa_id=KAI_NUMBER).exists()
    kai.refresh_from_db()
    assert kai.last_inbound_at is not None
    assert StudioSettings.load().artist_last_inbound_at is None  # the studio's number did not write
    alert = OutboundMessage(to=KAI_NUMBER, purpose=OutboundPurpose.ARTIST_ALERT)
    studio = StudioSettings.load()
    assert window_open(alert, studio, timezone.now())
    assert not window_open(alert, studio, timezone.now() + timedelta(hours=25))
    assert not window_open(OutboundMessage(to=ARTIST, purpose=OutboundPurpose.ARTIST_ALERT), studio, timezone.now())


def _tap(client: Client, phone: str, lead: Lead, action: str = "approve") -> list[str]:
    token = action_token_issue(lead=lead, action=action)
    tapper = Chat(client, phone=phone, name="Artist")
    tapper.seen = OutboundMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return tapper.taps(f"{action}:{token}", action.capitalize())


def test_an_artist_s_tap_acts_on_its_own_lead(client: Client, make_lead, kai: Artist) -> None:
    lead = _lead_of(make_lead, kai)
    [reply] = _tap(client, KAI_NUMBER, lead)
    assert reply.startswith(f"Approved #{lead.pk}")
    assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"


def test_an_artist_s_tap_on_another_artist_s_lead_is_not_found_and_changes_nothing(
    client: Client, make_lead, mia: Artist, kai: Artist
) -> None:
    lead = _lead_of(make_lead, mia)
    [reply] = _tap(client, KAI_NUMBER, lead)
    assert reply == "Not done: This link is not valid."  # as a token never issued: nothing to probe
    assert Lead.objects.get(pk=lead.pk).status == "pending_approval"
    assert not ActionToken.objects.filter(lead=lead).exclude(used_at=None).exists()
    assert OutboundMessage.objects.filter(to=KAI_NUMBER).latest("id").text == reply  # back to who tapped


def test_the_studio_s_number_acts_on_every_artist_s_leads(client: Client, make_lead, kai: Artist) -> None:
    lead = _lead_of(make_lead, kai)
    [reply] = _tap(client, ARTIST, lead, "reject")
    assert reply.startswith(f"Rejected #{lead.pk}")
    assert Lead.objects.get(pk=lead.pk).status == "rejected"


class TestOneTapLinks:
    def test_a_signed_in_artist_opening_another_s_link_gets_not_found(
        self, client: Client, make_lead, mia: Artist, kai: Artist
    ) -> None:
        lead = _lead_of(make_lead, mia)
        token = action_token_issue(lead=lead, action="approve")
        kai.user = User.objects.create_user("kai", password="pw-kai-123", is_staff=True)
        kai.save()
        client.force_login(kai.user)
        assert client.get(f"/a/{token}").status_code == 404
        assert client.post(f"/a/{token}").status_code == 404
        assert Lead.objects.get(pk=lead.pk).status == "pending_approval"

    def test_the_link_itself_is_the_permission_on_the_artist_s_phone(
        self, client: Client, make_lead, kai: Artist
    ) -> None:
        lead = _lead_of(make_lead, kai)
        token = action_token_issue(lead=lead, action="approve")
        assert client.get(f"/a/{token}").status_code == 200
        assert client.post(f"/a/{token}").status_code == 200
        assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"

    def test_the_artist_s_own_link_works_signed_in(self, client: Client, make_lead, kai: Artist) -> None:
        lead = _lead_of(make_lead, kai)
        token = action_token_issue(lead=lead, action="approve")
        kai.user = User.objects.create_user("kai", password="pw-kai-123", is_staff=True)
        kai.save()
        client.force_login(kai.user)
        assert client.post(f"/a/{token}").status_code == 200
        assert Lead.objects.get(pk=lead.pk).status == "awaiting_deposit"


def test_an_artist_who_manages_the_studio_acts_on_every_lead_from_its_phone(
    client: Client, make_lead, mia: Artist, kai: Artist
) -> None:
    from django.contrib.auth.models import Permission

    kai.user = User.objects.create_user("kai", password="pw-kai-123", is_staff=True)
    kai.user.user_permissions.add(Permission.objects.get(codename="studio_manager"))
    kai.save()
    lead = _lead_of(make_lead, mia)
    [reply] = _tap(client, KAI_NUMBER, lead)
    assert reply.startswith(f"Approved #{lead.pk}")

"""The artist's own admin pages follow Django's permissions like the model pages do: acting on a
lead (the action pages, "send a message") needs change permission on leads, the dashboard view
permission, "try the bot" change permission; a staff user without them gets 403 and nothing moves."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from conversations.models import OutboundMessage
from leads.models import Customer, Lead

pytestmark = pytest.mark.django_db


def staff_client(name: str, *codenames: str) -> Client:
    user = User.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.mark.parametrize(
    ("codenames", "allowed"),
    [((), False), (("view_lead",), False), (("view_lead", "change_lead"), True)],
    ids=["no-permission", "view-only", "view-and-change"],
)
def test_sending_a_message_from_the_action_page_needs_change_permission(
    make_lead: Any, codenames: tuple[str, ...], allowed: bool
) -> None:
    lead = make_lead(status="pending_approval")
    client = staff_client("sam", *codenames)
    url = reverse("admin:leads_lead_action", args=[lead.pk, "message"])
    response = client.post(url, {"text": "Hello from the studio"})
    sent = OutboundMessage.objects.filter(lead=lead, customer__isnull=False, text__contains="Hello from the studio")
    if allowed:
        assert response.status_code == 302
        assert sent.exists()
        assert Lead.objects.get(pk=lead.pk).status == "needs_artist_reply"
    else:
        assert response.status_code == 403
        assert not sent.exists()
        assert Lead.objects.get(pk=lead.pk).status == "pending_approval"


def test_the_dashboard_needs_view_permission() -> None:
    assert staff_client("nora").get(reverse("admin:leads_dashboard")).status_code == 403
    assert staff_client("vera", "view_lead").get(reverse("admin:leads_dashboard")).status_code == 200


def test_try_the_bot_needs_change_permission() -> None:
    url = reverse("admin:leads_try_the_bot")
    viewer = staff_client("vic", "view_lead")
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"text": "hi"}).status_code == 403
    assert not Customer.objects.filter(is_sandbox=True).exists()
    assert staff_client("carl", "view_lead", "change_lead").get(url).status_code == 200

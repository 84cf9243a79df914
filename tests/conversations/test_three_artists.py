"""A studio of three artists end to end, through the webhook, the artists' phones and the staff API:
three customers choose three ways, each enquiry reaches its own artist's number, an artist acts on
its own lead by a tap and cannot see a colleague's."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.test import Client
from rest_framework.test import APIClient

from conversations.models import OutboundMessage
from leads.models import Artist, Lead
from tests.conversations.chat import Customer as Chat
from tests.conversations.engine.test_golden import HAPPY

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
NUMBERS = {"Mia": "+447700900501", "Kai": "+447700900502", "Lea": "+447700900503"}


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def studio() -> dict[str, Artist]:
    first = Artist.objects.get()
    first.name, first.whatsapp_number, first.styles = "Mia", NUMBERS["Mia"], ["fine line"]
    first.working_hours = {"sat": ["10:00", "16:00"]}
    first.save()
    artists = {"Mia": first}
    for position, (name, styles, hours) in enumerate(
        [("Kai", ["japanese"], {"fri": ["10:00", "18:00"]}), ("Lea", ["realism"], {"thu": ["10:00", "18:00"]})],
        start=1,
    ):
        user = User.objects.create_user(name.lower(), password=f"pw-{name}-123", is_staff=True)
        user.user_permissions.add(*Permission.objects.filter(codename__in=["view_lead", "change_lead"]))
        artists[name] = Artist.objects.create(
            name=name, whatsapp_number=NUMBERS[name], styles=styles, working_hours=hours, user=user, position=position
        )
    return artists


def enquiry(chat: Chat, first: str, choice: str | None = None) -> Lead:
    chat.says(first)
    if choice is not None:
        chat.says(choice)
    for text, _ in HAPPY:
        chat.says(text)
    return chat.lead


def summary_to(number: str) -> OutboundMessage:
    return OutboundMessage.objects.filter(to=number, kind="buttons").latest("id")


def test_three_artists_end_to_end(client: Client, studio: dict[str, Artist]) -> None:
    by_name = enquiry(Chat(client, phone="+447700900601", name="Ana"), "Hi! I'd like to book with Kai")
    from_list = enquiry(Chat(client, phone="+447700900602", name="Bo"), "hello", choice="3")  # Lea
    anyone = enquiry(Chat(client, phone="+447700900603", name="Cy"), "hi there", choice="no preference")

    assert Lead.objects.get(pk=by_name.pk).artist == studio["Kai"]
    assert Lead.objects.get(pk=from_list.pk).artist == studio["Lea"]
    assert Lead.objects.get(pk=anyone.pk).artist == studio["Lea"]  # Thursday: the soonest of the three
    assert {lead.status for lead in (by_name, from_list, anyone)} == {"pending_approval"}
    assert f"request #{by_name.pk}" in summary_to(NUMBERS["Kai"]).text
    assert f"#{anyone.pk}" in summary_to(NUMBERS["Lea"]).text
    assert not OutboundMessage.objects.filter(to=NUMBERS["Mia"]).exists()  # nobody chose Mia

    # Kai taps Approve on his own summary, on his own phone.
    kai_phone = Chat(client, phone=NUMBERS["Kai"], name="Kai")
    kai_phone.seen = OutboundMessage.objects.latest("id").pk  # what Kai reads from now on
    approve = next(b["id"] for b in summary_to(NUMBERS["Kai"]).payload["buttons"] if b["id"].startswith("approve:"))
    [reply] = kai_phone.taps(approve, "Approve")
    assert reply.startswith(f"Approved #{by_name.pk}")
    assert Lead.objects.get(pk=by_name.pk).status == "awaiting_deposit"

    # Lea's login sees her two leads, not Kai's.
    lea = APIClient()
    lea.force_authenticate(studio["Lea"].user)
    listed = {row["id"] for row in lea.get("/api/leads/").json()["results"]}
    assert listed == {from_list.pk, anyone.pk}
    assert lea.get(f"/api/leads/{by_name.pk}/").status_code == 404
    assert lea.post(f"/api/leads/{by_name.pk}/reject/", {"reason": "x"}, format="json").status_code == 404
    manager = APIClient()
    manager.force_authenticate(User.objects.create_superuser("boss", password="pw-boss-123"))
    assert manager.get("/api/leads/").json()["count"] == 3
    assert [a["name"] for a in manager.get("/api/artists/").json()] == ["Mia", "Kai", "Lea"]

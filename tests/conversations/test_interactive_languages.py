"""Buttons, lists and the answers said back in the customer's language, through the webhook and the
cloud backend (docs/conversation.md "Languages"): what Meta is sent, and that a tap or the typed word
is still understood."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from conversations.messaging.sending import outbound_send_queue
from leads.models import Artist, Lead
from tests.conftest import force_status
from tests.conversations.chat import Customer as Chat
from tests.fakes.meta import FakeMeta

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # a Wednesday
_seconds = count()


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def no_pair_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole conversation is sent at once here: Meta's per-customer pace is not what is tested."""
    monkeypatch.setattr("conversations.messaging.sending.pair_wait", lambda recipient: 0.0)


def now_stamp() -> int:
    """A message's time within the frozen clock's last hour, so the 24-hour window is open."""
    return int(NOW.timestamp()) - 3600 + next(_seconds)


def say(chat: Chat, text: str) -> list[str]:
    return chat.says(text, timestamp=now_stamp())


def tap(chat: Chat, reply_id: str, title: str, kind: str = "button_reply") -> list[str]:
    body = {"type": kind, kind: {"id": reply_id, "title": title}}
    return chat.send_message(chat.message("interactive", timestamp=now_stamp(), interactive=body))


def sent_to(meta: FakeMeta, chat: Chat) -> list[dict[str, Any]]:
    """What Meta was sent for the customer (after sending the customer's queue)."""
    outbound_send_queue(to=chat.phone)
    return [body for body in meta.sent() if body.get("to") == chat.phone.lstrip("+")]


def interactive(meta: FakeMeta, chat: Chat) -> dict[str, Any]:
    bodies = [body for body in sent_to(meta, chat) if body["type"] == "interactive"]
    assert bodies, "an interactive message was sent"
    return dict(bodies[-1]["interactive"])


def test_a_spanish_customer_gets_si_no_buttons_and_the_answers_said_back_in_spanish(
    client: Client, cloud_meta: FakeMeta
) -> None:
    ana = Chat(client, phone="+34612000777")
    say(ana, "Hola")
    say(ana, "Una rosa con una fecha")
    [taken, *_] = say(ana, "en el tobillo izquierdo, de línea fina, 5x5 cm")
    for said in ("tobillo izquierdo", "línea fina"):  # not "your left ankle", "fine line"
        assert said in taken, taken
    for english in ("your", "ankle", "fine line"):
        assert english not in taken, taken
    lead = ana.lead
    assert (lead.placement, lead.style) == ("left ankle", "fine line")  # stored in English for the artist
    for text in ("no tengo referencias", "unas £600"):
        say(ana, text)
    say(ana, "vivo en Colonia")  # Köln, not home: may they travel?
    assert Lead.objects.get(pk=lead.pk).current_question == "travel"
    body = interactive(cloud_meta, ana)
    assert body["type"] == "button"
    buttons = [button["reply"] for button in body["action"]["buttons"]]
    assert buttons == [{"id": "yes", "title": "SÍ"}, {"id": "no", "title": "NO"}]
    say(ana, "SÍ")  # the button's word, typed
    assert Lead.objects.get(pk=lead.pk).can_travel is True


@pytest.mark.parametrize(("tapped", "typed"), [("yes", ""), ("", "JA"), ("", "nein")])
def test_a_german_customer_gets_ja_nein_and_a_tap_or_the_word_is_read(
    client: Client, cloud_meta: FakeMeta, tapped: str, typed: str
) -> None:
    jonas = Chat(client, phone="+4915112340001", name="Jonas Test")
    say(jonas, "Hallo, ich möchte eine Rose am linken Unterarm, 10x15 cm, ca. 400 €, Fineline")
    for text in ("SKIP", "ich wohne in Mailand"):
        say(jonas, text)
    lead = jonas.lead
    assert lead.current_question == "travel", lead.current_question
    buttons = [button["reply"] for button in interactive(cloud_meta, jonas)["action"]["buttons"]]
    assert buttons == [{"id": "yes", "title": "JA"}, {"id": "no", "title": "NEIN"}]
    if tapped:
        tap(jonas, tapped, "JA")
    else:
        say(jonas, typed)
    assert Lead.objects.get(pk=lead.pk).can_travel is (typed != "nein")


def test_a_german_customer_chooses_the_artist_from_a_german_list_then_picks_from_german_slots(
    client: Client, cloud_meta: FakeMeta
) -> None:
    mia = Artist.objects.get()
    mia.name = "Mia Rossi"
    mia.save(update_fields=["name"])
    Artist.objects.create(name="Kai", styles=["japanese"], position=1)
    jonas = Chat(client, phone="+4915112340002", name="Jonas Test")
    say(jonas, "Hallo")
    body = interactive(cloud_meta, jonas)
    assert body["type"] == "list"
    assert body["action"]["button"] == "Auswählen"
    [section] = body["action"]["sections"]
    assert section["title"] == "Unser Team"
    no_preference = {"id": "artist:any", "title": "Keine Vorliebe", "description": "der nächste freie Termin"}
    assert section["rows"][-1] == no_preference
    tap(jonas, f"artist:{mia.pk}", mia.name, kind="list_reply")
    lead = Lead.objects.get(pk=jonas.lead.pk)
    assert (lead.artist, lead.current_question) == (mia, "idea")

    starts = [NOW + timedelta(days=n, hours=2) for n in (1, 2, 3)]
    lead.offered_slots = [{"start": s.isoformat(), "end": (s + timedelta(hours=2)).isoformat()} for s in starts]
    lead.save(update_fields=["offered_slots"])
    force_status(lead, "booking_pending")
    say(jonas, "die erste oder die zweite")  # two picks: the slots again, to pick one
    body = interactive(cloud_meta, jonas)
    assert (body["type"], body["action"]["button"]) == ("list", "Termin wählen")
    [section] = body["action"]["sections"]
    assert section["title"] == "Freie Termine"
    assert [row["id"] for row in section["rows"]] == ["slot:1", "slot:2", "slot:3"]


def test_an_english_customer_keeps_the_english_titles(client: Client, cloud_meta: FakeMeta) -> None:
    Artist.objects.create(name="Kai", styles=["japanese"], position=1)
    ana = Chat(client, phone="+447700900777")
    say(ana, "hi")
    body = interactive(cloud_meta, ana)
    assert body["action"]["button"] == "Choose"
    [section] = body["action"]["sections"]
    assert (section["title"], section["rows"][-1]["title"]) == ("Our artists", "No preference")


NO_PREFERENCE_TAKEN = (
    "No problem, I'll find you the artist with the soonest free time.",
    "Sure: whoever is free soonest.",
    "Got it, the first artist free for your size.",
)


@pytest.mark.parametrize(
    ("phone", "hello", "language", "asked", "none"),
    [
        ("+34612000888", "Hola", "es", "Elige uno de la lista", "sin preferencia"),
        ("+33612000888", "Bonjour", "fr", "Choisis dans la liste", "peu importe"),
        ("+4915112340088", "Hallo", "de", "Such dir jemanden aus der Liste aus", "ist mir egal"),
        ("+351912000888", "Olá", "pt", "Escolha um da lista", "tanto faz"),
        ("+393331234088", "Ciao", "it", "Scegline uno dalla lista", "nessuna preferenza"),
    ],
)
def test_the_artist_question_and_no_preference_in_the_customer_s_language(
    client: Client, phone: str, hello: str, language: str, asked: str, none: str
) -> None:
    Artist.objects.create(name="Kai", styles=["japanese"], position=1)
    chat = Chat(client, phone=phone, name="Test")
    assert any(asked in text for text in say(chat, hello))
    replies = say(chat, none)
    lead = Lead.objects.get(pk=chat.lead.pk)
    assert lead.artist_choice == "any"
    assert lead.idea == ""  # "no preference" is not the tattoo idea
    assert lead.current_question == "idea"
    with translation.override(language):
        taken = {translation.gettext(text) for text in NO_PREFERENCE_TAKEN}
    assert not taken & set(NO_PREFERENCE_TAKEN)  # translated
    assert replies[0] in taken, replies

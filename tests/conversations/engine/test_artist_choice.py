"""Choosing the artist: with two active artists the first reply offers a list (and "no preference"),
unless the message names an artist or a style only one offers; the first message's answers are
kept and read once the customer has chosen; "no preference" goes to the soonest free artist once
the size is known."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conversations.models import OutboundMessage
from leads.models import Answer, Artist, Lead
from tests.conversations.chat import Customer as Chat

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mia() -> Artist:
    artist = Artist.objects.get()
    artist.name, artist.styles = "Mia Rossi", ["fine line", "blackwork"]
    artist.save()
    return artist


@pytest.fixture
def kai(mia: Artist) -> Artist:
    return Artist.objects.create(name="Kai", styles=["japanese", "blackwork"], position=1)


def last_to(chat: Chat) -> OutboundMessage:
    return OutboundMessage.objects.filter(to=chat.phone).latest("id")


def test_the_first_reply_offers_the_artists_and_no_preference(ana: Chat, mia: Artist, kai: Artist) -> None:
    replies = ana.says("hi")
    assert len(replies) == 2  # the welcome, then the question: no tattoo question yet
    offer = last_to(ana)
    assert offer.kind == "list"
    rows = offer.payload["sections"][0]["rows"]
    assert [row["id"] for row in rows] == [f"artist:{mia.pk}", f"artist:{kai.pk}", "artist:any"]
    assert [row["title"] for row in rows] == ["Mia Rossi", "Kai", "No preference"]
    assert "1. Mia Rossi" in offer.text
    assert "2. Kai" in offer.text
    lead = ana.lead
    assert (lead.artist, lead.status, lead.artist_choice) == (None, "qualifying", "asked")


def test_tapping_an_artist_chooses_it_and_the_questions_begin(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("hi")
    replies = ana.send_message(
        ana.message(
            "interactive", interactive={"type": "list_reply", "list_reply": {"id": f"artist:{kai.pk}", "title": "Kai"}}
        )
    )
    assert any("Kai" in reply for reply in replies[:1])
    assert "What would you like tattooed?" in replies[-1]
    lead = ana.lead
    assert (lead.artist, lead.artist_choice, lead.current_question) == (kai, "chosen", "idea")


def test_a_message_naming_an_artist_skips_the_list(ana: Chat, mia: Artist, kai: Artist) -> None:
    replies = ana.says("Hi! I'd like to book with Kai please")
    assert not OutboundMessage.objects.filter(to=ana.phone, kind="list").exists()
    assert "to reach Kai" in replies[0]  # the welcome names the artist
    assert "What would you like tattooed?" in replies[-1]
    assert ana.lead.artist == kai


def test_a_style_only_one_artist_offers_skips_the_list(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("hello, do you do japanese style?")
    assert ana.lead.artist == kai
    assert not OutboundMessage.objects.filter(to=ana.phone, kind="list").exists()


def test_a_style_both_offer_still_asks(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("hi, I'm after a blackwork piece")
    assert ana.lead.artist is None
    assert last_to(ana).kind == "list"


def test_the_first_message_s_answers_are_kept_for_after_the_choice(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("Hi! I'd love a koi fish on my left forearm")
    assert not Answer.objects.filter(lead=ana.lead).exists()  # nothing asked or taken yet
    replies = ana.says("2")
    lead = ana.lead
    assert lead.artist == kai
    assert {a.question_key for a in Answer.objects.filter(lead=lead)} >= {"idea", "placement"}
    assert "koi" in lead.idea
    assert lead.current_question == "size"
    assert "size" in replies[-1].lower() or "big" in replies[-1].lower()


def test_no_preference_goes_to_the_soonest_free_artist_once_the_size_is_known(
    ana: Chat, mia: Artist, kai: Artist
) -> None:
    mia.working_hours = {"sat": ["10:00", "16:00"]}  # Mia is next free on Saturday
    mia.save()
    kai.working_hours = {"thu": ["10:00", "18:00"]}  # Kai on Thursday
    kai.save()
    ana.says("hi")
    ana.says("no preference")
    lead = ana.lead
    assert (lead.artist, lead.artist_choice) == (None, "any")  # unassigned until the size is known
    ana.says("a koi fish")
    ana.says("forearm")
    assert ana.lead.artist is None
    ana.says("10x15 cm")
    assert ana.lead.artist == kai


def test_a_reply_that_is_no_choice_is_no_preference_and_read_as_an_answer(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("hi")
    ana.says("a rose on my ankle")
    lead = ana.lead
    assert lead.artist_choice == "any"
    assert "rose" in lead.idea
    assert Answer.objects.filter(lead=lead, question_key="placement").exists()


def test_the_choice_is_in_the_artist_s_summary(ana: Chat, mia: Artist, kai: Artist) -> None:
    from conversations.engine.completion import summary_context
    from leads.models import StudioSettings

    ana.says("I'd like Kai to do my tattoo")
    context = summary_context(Lead.objects.get(pk=ana.lead.pk), StudioSettings.load())
    assert ("Artist", "Kai") in context["answers"]  # type: ignore[operator]


def test_one_artist_asks_nothing(ana: Chat, mia: Artist) -> None:
    replies = ana.says("hi")
    assert "What would you like tattooed?" in replies[-1]
    assert ana.lead.artist == mia
    assert ana.lead.artist_choice == ""


def test_a_question_left_unanswered_is_asked_again_when_the_customer_comes_back(
    ana: Chat, mia: Artist, kai: Artist
) -> None:
    from tests.conftest import force_status

    ana.says("hi")
    force_status(ana.lead, "abandoned")
    ana.says("hi again")
    lead = ana.lead
    assert last_to(ana).kind == "list"  # the list again, not question 1 read as a choice
    assert (lead.status, lead.artist_choice, lead.current_question) == ("qualifying", "asked", "artist")


def test_the_words_beside_the_choice_are_read_as_answers(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("hi")
    ana.says("Kai please, a koi fish on my forearm")
    lead = ana.lead
    assert lead.artist == kai
    assert "koi" in lead.idea
    assert "kai" not in lead.idea.lower()
    assert Answer.objects.filter(lead=lead, question_key="placement").exists()


def test_no_preference_typed_on_a_phone_with_more_words(ana: Chat, mia: Artist, kai: Artist) -> None:
    ana.says("hi")
    ana.says("I don\u2019t mind \u2013 a rose on my ankle")
    lead = ana.lead
    assert lead.artist_choice == "any"
    assert "rose" in lead.idea
    assert "mind" not in lead.idea


def test_a_full_name_wins_over_a_shared_first_name(ana: Chat, mia: Artist) -> None:
    Artist.objects.create(name="Kai Smith", position=1)
    jones = Artist.objects.create(name="Kai Jones", position=2)
    ana.says("Hi, I'd like to book with Kai Jones")
    assert ana.lead.artist == jones


def test_ten_artists_fit_the_list_with_no_preference(ana: Chat, mia: Artist) -> None:
    for n in range(9):
        Artist.objects.create(name=f"Artist {n}", position=n + 1)
    ana.says("hi")
    rows = last_to(ana).payload["sections"][0]["rows"]
    assert len(rows) == 10
    assert rows[-1]["id"] == "artist:any"
